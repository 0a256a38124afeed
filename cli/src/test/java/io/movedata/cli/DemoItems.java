package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.movedata.connector.kv.Utf8;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.WrittenItem;
import io.movedata.testkit.FixtureCluster;

/**
 * What {@code movedata demo} prints of its key-value movement, checked against what its namespace
 * writer wrote: the same seed writes the same items, so this class writes them again (into a
 * one-node cluster of its own) and finds each printed item's last write.
 */
final class DemoItems {
    private DemoItems() {}

    /**
     * Asserts that the demo's decoded sample has the smallest and the largest item of each of the
     * writer's three content types, each as last written: key as text, value as text (its start) or
     * hex, size and content type; and that a chunked value is among them.
     */
    static void assertDecodedAsWritten(String demoOutput) {
        List<String> printed = PrintedText.of(demoOutput).table("id", "key", "value", "value_size", "content_type");
        assertThat(printed).as(demoOutput).hasSizeGreaterThan(6);
        assertThat(printed.get(6)).as("the line after the sample").startsWith("Report: ");
        List<String> sample = printed.subList(0, 6);
        List<WrittenItem> written = written();
        boolean chunked = false;
        for (String row : sample) {
            String[] cells = row.split("\\|", -1);
            WrittenItem item = lastWrite(written, cells[0], cells[1]);
            // Cells are printed padded, and read back trimmed.
            assertThat(cells[2]).as(row).isEqualTo(shown(item.value()).strip());
            assertThat(Long.parseLong(cells[3])).as(row).isEqualTo(item.value().length);
            assertThat(cells[4]).as(row).isEqualTo(item.metadata().contentType());
            chunked |= item.metadata().isChunked();
        }
        assertThat(sample).extracting(row -> row.split("\\|")[4]).containsExactly("application/json", "application/json",
                "application/octet-stream", "application/octet-stream", "text/plain; charset=utf-8", "text/plain; charset=utf-8");
        assertThat(chunked).as("a value reassembled from chunks is in the sample: " + sample).isTrue();
    }

    private static List<WrittenItem> written() {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                        + KvNamespaceWriter.schema(KeyValueDemo.NAMESPACE, KvNamespaceWriter.KeyOrder.ASC))
                .nodes(1).build()) {
            return KeyValueDemo.writeNamespace(cluster, Instant.now());
        }
    }

    /** The write of {@code id}'s item with that key text that wins: the one with the latest timestamp. */
    private static WrittenItem lastWrite(List<WrittenItem> written, String id, String keyText) {
        return written.stream().filter(item -> item.id().equals(id) && Utf8.keyText(item.key()).equals(keyText))
                .max((a, b) -> Long.compare(a.timestamp(), b.timestamp()))
                .orElseThrow(() -> new AssertionError("The demo printed item " + id + " " + keyText + ", which was never written"));
    }

    /** As the demo shows a value: UTF-8 text (its first 33 characters and ... when longer than 36), else its first 8 bytes in hex. */
    private static String shown(byte[] value) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
            return text.length() > 36 ? text.substring(0, 33) + "..." : text;
        } catch (CharacterCodingException e) {
            return "0x" + HexFormat.of().formatHex(Arrays.copyOf(value, Math.min(8, value.length))) + (value.length > 8 ? "..." : "");
        }
    }
}
