package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.connector.kv.fixture.Corruption;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.KvNamespaceWriter.KeyOrder;
import io.movedata.connector.kv.fixture.WrittenItem;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/** What the writer puts in a namespace's two tables, read back from a backup as the runtime reads them. */
class KvNamespaceWriterTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("writer");

    private static final String NS = "kv.ns";
    private static final byte[] LARGE = "0123456789abcdefghij".repeat(3).getBytes(StandardCharsets.UTF_8);
    private static FixtureCluster cluster;
    private static WrittenItem zstd;
    private static WrittenItem missing;
    private static WrittenItem stale;
    private static List<Row> items;
    private static List<Row> chunks;

    @BeforeAll
    static void writeAndRead() {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(KvNamespaceWriter.schema(NS, KeyOrder.ASC))
                .nodes(1).build();
        KvNamespaceWriter kv = new KvNamespaceWriter(cluster, NS).chunkSize(16);
        kv.item("r1", "inline").value("hello").contentType("text/plain").timestamp(100).write();
        zstd = kv.item("r1", "zstd").value(LARGE).codec(ValueCodec.ZSTD).timestamp(100).write();
        kv.item("r1", "bare").value("raw").withoutMetadata().timestamp(100).write();
        kv.item("r1", "expiring").value("x").expiresAt(Instant.ofEpochMilli(1234)).timestamp(100).write();
        kv.item("r2", "short-ttl").value(LARGE).chunked().ttl(100).timestamp(100).write();
        kv.item("r2", "long-ttl").value("y").ttl(1_000_000).timestamp(100).write();
        kv.item("r3", "overwritten").value(LARGE).timestamp(10).write();
        kv.item("r3", "overwritten").value("now inline").timestamp(20).write();
        kv.staleChunks("r3", bytes("orphan"), 2, 3, 5, new Random(1));
        kv.item("r4", "a").value("1").timestamp(10).write();
        kv.item("r4", "b").value(LARGE).timestamp(10).write();
        kv.item("r4", "c").value("3").timestamp(10).write();
        kv.item("r4", "d").value("4").timestamp(10).write();
        kv.deleteRange("r4", bytes("b"), bytes("d"), 20);
        kv.deleteRange("r4", bytes("a"), bytes("a"), 30); // empty: deletes nothing
        kv.item("r5", "gone").value(LARGE).timestamp(10).write();
        kv.deleteItem("r5", bytes("gone"), 20);
        kv.item("r5", "kept").value("k").timestamp(10).write();
        kv.item("r6", "a").value(LARGE).timestamp(10).write();
        kv.deleteRecord("r6", 20);
        missing = kv.item("r7", "missing").value(LARGE).corrupt(Corruption.MISSING_CHUNK).timestamp(30).write();
        stale = kv.item("r7", "stale").value(LARGE).corrupt(Corruption.STALE_CHUNK).timestamp(30).write();
        NamespaceRead read = NamespaceRead.of(S3, "writer", cluster, NS, Instant.now().plusSeconds(1_000));
        items = read.items();
        chunks = read.chunks();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String metadata(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        ValueMetadata m = ValueMetadata.decode(bytes);
        return m.codec().label() + "," + m.chunkCount() + "," + m.storedSize() + "," + m.valueSize() + "," + m.contentType()
                + "," + m.expiresAt();
    }

    private static List<String> itemRows(String id) {
        List<String> rows = new ArrayList<>();
        for (Row row : items) {
            if (row.getAs("id").equals(id)) {
                byte[] value = row.getAs("value");
                rows.add(new String((byte[]) row.getAs("key"), StandardCharsets.UTF_8) + "|"
                        + (value == null ? "null" : new String(value, StandardCharsets.UTF_8)) + "|"
                        + metadata(row.getAs("value_metadata")) + "|" + KvOutputs.micros(row.getAs("_row_writetime")));
            }
        }
        return rows;
    }

    private static List<String> chunkRows(String id) {
        List<String> rows = new ArrayList<>();
        for (Row row : chunks) {
            if (row.getAs("id").equals(id)) {
                rows.add(new String((byte[]) row.getAs("key"), StandardCharsets.UTF_8) + "|" + row.getAs("chunk") + "|"
                        + ((byte[]) row.getAs("value")).length + "|" + KvOutputs.micros(row.getAs("_row_writetime")));
            }
        }
        return rows;
    }

    @Test
    void inlineValuesAreStoredWithTheirMetadataAndItemsWithoutMetadataHaveNone() {
        assertThat(itemRows("r1")).containsExactly(
                "bare|raw|null|100",
                "expiring|x|none,0,1,1,null,1970-01-01T00:00:01.234Z|100",
                "inline|hello|none,0,5,5,text/plain,null|100",
                "zstd|null|zstd,%d,%d,60,null,null|100".formatted(zstd.metadata().chunkCount(), zstd.metadata().storedSize()));
    }

    @Test
    void aLargerValueIsStoredCompressedInChunksOfTheChunkSizeWithTheItemsTimestamp() {
        byte[] stored = ValueCodec.ZSTD.compress(LARGE);
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        int index = 0;
        for (Row row : chunks) {
            if (row.getAs("id").equals("r1")) {
                concatenated.writeBytes(row.getAs("value"));
                assertThat((int) row.getAs("chunk")).isEqualTo(index++);
            }
        }
        for (int i = 0; i * 16 < stored.length; i++) {
            expected.add("zstd|" + i + "|" + Math.min(16, stored.length - i * 16) + "|100");
        }

        assertThat(concatenated.toByteArray()).isEqualTo(stored);
        assertThat(chunkRows("r1")).containsExactlyElementsOf(expected);
        assertThat(zstd.metadata().chunkCount()).isEqualTo(expected.size());
        assertThat(zstd.metadata().decodeValue(stored)).isEqualTo(LARGE);
    }

    @Test
    void ttlsApplyToTheItemAndItsChunks() {
        assertThat(itemRows("r2")).containsExactly("long-ttl|y|none,0,1,1,null,null|100");
        assertThat(chunkRows("r2")).isEmpty();
    }

    @Test
    void aLaterWriteReplacesTheItemAndLeavesTheOlderWritesChunksBehind() {
        assertThat(itemRows("r3")).containsExactly("overwritten|now inline|none,0,10,10,null,null|20");
        assertThat(chunkRows("r3")).containsExactly(
                "orphan|0|3|5", "orphan|1|3|5",
                "overwritten|0|16|10", "overwritten|1|16|10", "overwritten|2|16|10", "overwritten|3|12|10");
    }

    @Test
    void deletesOfARangeAnItemAndARecordRemoveTheirItemsAndChunks() {
        assertThat(itemRows("r4")).containsExactly("a|1|none,0,1,1,null,null|10", "d|4|none,0,1,1,null,null|10");
        assertThat(chunkRows("r4")).isEmpty();
        assertThat(itemRows("r5")).containsExactly("kept|k|none,0,1,1,null,null|10");
        assertThat(chunkRows("r5")).isEmpty();
        assertThat(itemRows("r6")).isEmpty();
        assertThat(chunkRows("r6")).isEmpty();
    }

    @Test
    void tornWritesLackTheirLastChunkOrHaveOneOfAnotherWrite() {
        assertThat(missing.metadata().chunkCount()).isEqualTo(4);
        assertThat(chunkRows("r7")).containsExactly(
                "missing|0|16|30", "missing|1|16|30", "missing|2|16|30",
                "stale|0|16|30", "stale|1|16|30", "stale|2|16|30", "stale|3|12|29");
        assertThat(stale.corruption()).isEqualTo(Corruption.STALE_CHUNK);
    }

    @Test
    void combinationsThatCannotBeWrittenAreRefused() {
        KvNamespaceWriter kv = new KvNamespaceWriter(cluster, NS);

        assertThatThrownBy(() -> kv.item("x", "k").value("v").codec(ValueCodec.LZ4).withoutMetadata().write())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An item without value_metadata is inline and uncompressed, without content type or expiry");
        assertThatThrownBy(() -> kv.item("x", "k").value("v").corrupt(Corruption.MISSING_CHUNK).write())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("MISSING_CHUNK needs a chunked value");
    }

    @Test
    void theSchemaOfADescendingNamespaceClustersBothTablesDescending() {
        assertThat(KvNamespaceWriter.schema("ks.n", KeyOrder.DESC)).isEqualTo(
                "CREATE TABLE ks.n (id text, key blob, value blob, value_metadata blob, PRIMARY KEY (id, key))"
                        + " WITH CLUSTERING ORDER BY (key DESC);\n"
                        + "CREATE TABLE ks.n_chunks (id text, key blob, chunk int, value blob, PRIMARY KEY (id, key, chunk))"
                        + " WITH CLUSTERING ORDER BY (key DESC, chunk ASC)");
    }
}
