package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.connector.kv.fixture.Corruption;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.KvNamespaceWriter.KeyOrder;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.TestConnectorContext;

/**
 * The transform over each record of namespaces written by {@link KvNamespaceWriter}, backed up and
 * read as the runtime reads them, handed over as in-memory partition groups: every case of the
 * model, in both key orders, and each kind of corrupt item under both policies.
 */
class NamespaceTransformTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("transform");

    private static final String ASC = "kv.ascending";
    private static final String DESC = "kv.descending";
    private static final String BAD = "kv.bad";
    private static final int CHUNK = 256 * 1024;
    /** The reference time: after the 100 s TTLs ran out, long before the 1,000,000 s ones. */
    private static final Instant R = Instant.now().plusSeconds(1_000).truncatedTo(ChronoUnit.MILLIS);

    private static FixtureCluster cluster;
    private static final Map<String, byte[]> large = new LinkedHashMap<>();
    /** Per namespace, the values of the writes that won the overwrites, by key. */
    private static final Map<String, Map<String, byte[]>> winners = new LinkedHashMap<>();
    private static NamespaceRead asc;
    private static NamespaceRead desc;
    private static NamespaceRead bad;

    @BeforeAll
    static void writeAndRead() {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(KvNamespaceWriter.schema(ASC, KeyOrder.ASC))
                .schema(KvNamespaceWriter.schema(DESC, KeyOrder.DESC))
                .schema(KvNamespaceWriter.schema(BAD, KeyOrder.ASC))
                .nodes(1).build();
        Random random = new Random(42);
        for (String ns : List.of(ASC, DESC)) {
            KvNamespaceWriter kv = new KvNamespaceWriter(cluster, ns).chunkSize(CHUNK);
            kv.item("inline", "a").value("alpha").contentType("text/plain").timestamp(10).write();
            kv.item("inline", "b").value("bare").withoutMetadata().timestamp(11).write();
            for (ValueCodec codec : ValueCodec.values()) {
                byte[] value = large.computeIfAbsent(codec.label(), c -> severalMegabytes(random));
                kv.item("codecs", codec.label()).value(value).codec(codec).contentType("application/octet-stream")
                        .timestamp(20).write();
                kv.item("codecs", codec.label() + "-inline").value("small " + codec.label()).codec(codec).inline()
                        .timestamp(21).write();
            }
            kv.item("deletes", "a").value("1").timestamp(10).write();
            kv.item("deletes", "b").value(large.get("zstd")).codec(ValueCodec.ZSTD).timestamp(10).write();
            kv.item("deletes", "c").value("3").timestamp(10).write();
            kv.deleteItem("deletes", bytes("b"), 20);
            for (String key : List.of("k1", "k2", "k3", "k4", "k5")) {
                kv.item("range", key).value(key).chunked().timestamp(10).write();
            }
            kv.deleteRange("range", bytes("k2"), bytes("k4"), 20);
            kv.item("gone", "a").value("1").timestamp(10).write();
            kv.item("gone", "b").value(large.get("none")).timestamp(10).write();
            kv.deleteRecord("gone", 20);
            kv.item("expiry", "before").value("x").expiresAt(R.minusSeconds(1)).timestamp(10).write();
            kv.item("expiry", "at").value("x").expiresAt(R).timestamp(10).write();
            kv.item("expiry", "after").value("kept").expiresAt(R.plusMillis(1)).timestamp(10).write();
            kv.item("expiry", "chunked-before").value(large.get("lz4")).expiresAt(R.minusSeconds(60)).timestamp(10).write();
            kv.item("expiry", "ttl-short").value(large.get("lz4")).codec(ValueCodec.LZ4).ttl(100).timestamp(10).write();
            kv.item("expiry", "ttl-long").value("lives").ttl(1_000_000).timestamp(10).write();
            // overwrites: a later timestamp wins whatever the order of the writes; the loser's chunks stay behind
            Map<String, byte[]> won = winners.computeIfAbsent(ns, n -> new LinkedHashMap<>());
            kv.item("overwrite", "fewer-chunks").value(random(random, 5 * CHUNK)).timestamp(10).write();
            won.put("fewer-chunks", kv.item("overwrite", "fewer-chunks").value(random(random, 2 * CHUNK - 7)).timestamp(20)
                    .write().value());
            kv.item("overwrite", "to-inline").value(random(random, 3 * CHUNK)).codec(ValueCodec.SNAPPY).timestamp(10).write();
            kv.item("overwrite", "to-inline").value("inline now").timestamp(20).write();
            won.put("older-arrives-later", kv.item("overwrite", "older-arrives-later").value(random(random, 2 * CHUNK))
                    .codec(ValueCodec.LZ4).timestamp(20).write().value());
            kv.item("overwrite", "older-arrives-later").value(random(random, 4 * CHUNK)).timestamp(10).write();
            // chunk rows of no live item, before, between and after the items, in both orders
            kv.staleChunks("overwrite", bytes("a-orphan"), 2, 10, 5, random);
            kv.staleChunks("overwrite", bytes("p-orphan"), 2, 10, 30, random);
            kv.staleChunks("overwrite", bytes("z-orphan"), 2, 10, 30, random);
        }
        KvNamespaceWriter kv = new KvNamespaceWriter(cluster, BAD).chunkSize(64);
        byte[] text = "corruption makes this value unreadable, ".repeat(10).getBytes(StandardCharsets.UTF_8);
        kv.item("bad", "0-good-before").value("fine").timestamp(10).write();
        for (Corruption corruption : Corruption.values()) {
            kv.item("bad", corruption.name()).value(text).codec(ValueCodec.LZ4).chunked().corrupt(corruption).timestamp(20)
                    .write();
        }
        // a torn overwrite: the older write's chunk at the index the newer one lacks must not be mixed in
        kv.item("bad", "MISSING_OVER_OLDER").value(text.clone()).codec(ValueCodec.NONE).timestamp(10).write();
        kv.item("bad", "MISSING_OVER_OLDER").value(new StringBuilder(new String(text, StandardCharsets.UTF_8)).reverse()
                .toString()).corrupt(Corruption.MISSING_CHUNK).timestamp(20).write();
        kv.item("bad", new byte[] {(byte) 0xff, 0}).value(text).codec(ValueCodec.ZSTD).corrupt(Corruption.CRC_MISMATCH)
                .timestamp(20).write();
        kv.item("bad", "z-good-after").value("fine too").timestamp(10).write();
        asc = NamespaceRead.of(S3, "transform", cluster, ASC, R);
        desc = NamespaceRead.of(S3, "transform", cluster, DESC, R);
        bad = NamespaceRead.of(S3, "transform", cluster, BAD, R);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static byte[] severalMegabytes(Random random) {
        byte[] value = random(random, 3 * 1024 * 1024 + 17);
        byte[] text = "key-value ".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < value.length / 2; i++) {
            value[i] = text[i % text.length];
        }
        return value;
    }

    private static byte[] random(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static NamespaceTransform transform(NamespaceRead read, boolean records, CorruptItems corrupt) {
        return new NamespaceTransform(read.itemsTable(), read.chunksTable(), read.itemColumns(), read.chunkColumns(), R,
                records, corrupt);
    }

    /** Every output row of every record, in the order emitted. */
    private static List<OutputRow> run(NamespaceRead read, boolean records, CorruptItems corrupt) {
        NamespaceTransform transform = transform(read, records, corrupt);
        List<OutputRow> out = new ArrayList<>();
        for (PartitionGroup group : read.groups()) {
            transform.apply(group).forEachRemaining(out::add);
        }
        return out;
    }

    /** Items rows of a record as {@code key|value|value_size|content_type|write_time|expires_at}; large values by name. */
    private static List<String> items(List<OutputRow> out, String id) {
        List<String> rows = new ArrayList<>();
        for (OutputRow row : out) {
            if (row.output().equals(KvOutputs.ITEMS) && row.row().getString(0).equals(id)) {
                rows.add(item(row.row(), 1));
            }
        }
        return rows;
    }

    private static String item(Row row, int from) {
        byte[] value = (byte[]) row.get(from + 1);
        String shown = large.entrySet().stream().filter(e -> java.util.Arrays.equals(e.getValue(), value))
                .map(e -> "<large " + e.getKey() + ">").findFirst()
                .orElse(value.length > 100 ? "<" + value.length + " bytes>" : new String(value, StandardCharsets.UTF_8));
        return Utf8.keyText((byte[]) row.get(from)) + "|" + shown + "|" + row.get(from + 2) + "|" + row.get(from + 3) + "|"
                + instant(row.get(from + 4)) + "|" + instant(row.get(from + 5));
    }

    private static String instant(Object timestamp) {
        return timestamp == null ? "null" : ((Timestamp) timestamp).toInstant().toString();
    }

    private static final String T10 = "1970-01-01T00:00:00.000010Z";
    private static final String T11 = "1970-01-01T00:00:00.000011Z";
    private static final String T20 = "1970-01-01T00:00:00.000020Z";
    private static final String T21 = "1970-01-01T00:00:00.000021Z";

    private static List<String> ordered(NamespaceRead read, List<String> ascending) {
        List<String> rows = new ArrayList<>(ascending);
        if (read == desc) {
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    private static List<NamespaceRead> bothOrders() {
        return List.of(asc, desc);
    }

    @Test
    void inlineValuesWithAndWithoutMetadata() {
        for (NamespaceRead read : bothOrders()) {
            assertThat(items(run(read, false, CorruptItems.fail(read.itemsTable())), "inline")).as(read.itemsTable())
                    .containsExactlyElementsOf(ordered(read, List.of(
                            "a|alpha|5|text/plain|" + T10 + "|null",
                            "b|bare|4|null|" + T11 + "|null")));
        }
    }

    @Test
    void chunkedValuesOfSeveralMegabytesUnderEachCodecAreRebuiltBitForBit() {
        for (NamespaceRead read : bothOrders()) {
            List<OutputRow> out = run(read, false, CorruptItems.fail(read.itemsTable()));
            List<String> expected = new ArrayList<>();
            for (ValueCodec codec : List.of(ValueCodec.LZ4, ValueCodec.NONE, ValueCodec.SNAPPY, ValueCodec.ZSTD)) { // key order
                int size = large.get(codec.label()).length;
                expected.add(codec.label() + "|<large " + codec.label() + ">|" + size + "|application/octet-stream|" + T20
                        + "|null");
                expected.add(codec.label() + "-inline|small " + codec.label() + "|" + ("small " + codec.label()).length()
                        + "|null|" + T21 + "|null");
            }
            assertThat(items(out, "codecs")).as(read.itemsTable()).containsExactlyElementsOf(ordered(read, expected));
        }
        assertThat(asc.chunks().stream().filter(r -> r.getAs("id").equals("codecs")).count())
                .as("the large values were stored in chunks").isGreaterThan(4 * 3);
    }

    @Test
    void deletedItemsKeyRangesAndRecordsAreGone() {
        for (NamespaceRead read : bothOrders()) {
            List<OutputRow> out = run(read, false, CorruptItems.fail(read.itemsTable()));
            assertThat(items(out, "deletes")).containsExactlyElementsOf(ordered(read, List.of(
                    "a|1|1|null|" + T10 + "|null", "c|3|1|null|" + T10 + "|null")));
            assertThat(items(out, "range")).containsExactlyElementsOf(ordered(read, List.of(
                    "k1|k1|2|null|" + T10 + "|null", "k4|k4|2|null|" + T10 + "|null", "k5|k5|2|null|" + T10 + "|null")));
            assertThat(items(out, "gone")).isEmpty();
        }
    }

    @Test
    void itemsExpiredByTheirMetadataAtOrBeforeTheReferenceTimeOrByACassandraTtlAreGone() {
        for (NamespaceRead read : bothOrders()) {
            assertThat(items(run(read, false, CorruptItems.fail(read.itemsTable())), "expiry"))
                    .containsExactlyElementsOf(ordered(read, List.of(
                            "after|kept|4|null|" + T10 + "|" + R.plusMillis(1),
                            "ttl-long|lives|5|null|" + T10 + "|null")));
        }
    }

    @Test
    void aLaterTimestampWinsAndTheOlderWritesChunksAreNeverMixedIn() {
        for (NamespaceRead read : bothOrders()) {
            assertThat(items(run(read, false, CorruptItems.fail(read.itemsTable())), "overwrite"))
                    .containsExactlyElementsOf(ordered(read, List.of(
                            "fewer-chunks|<" + (2 * CHUNK - 7) + " bytes>|" + (2 * CHUNK - 7) + "|null|" + T20 + "|null",
                            "older-arrives-later|<" + (2 * CHUNK) + " bytes>|" + (2 * CHUNK) + "|null|" + T20 + "|null",
                            "to-inline|inline now|10|null|" + T20 + "|null")));
            for (OutputRow row : run(read, false, CorruptItems.fail(read.itemsTable()))) {
                byte[] expected = winners.get(read.itemsTable()).get(Utf8.keyText((byte[]) row.row().get(1)));
                if (row.row().getString(0).equals("overwrite") && expected != null) {
                    assertThat((byte[]) row.row().get(2)).isEqualTo(expected);
                }
            }
        }
        assertThat(asc.chunks().stream().filter(r -> r.getAs("id").equals("overwrite")).count())
                .as("chunks of the older writes are there to be passed over").isGreaterThan(2 + 2 + 2 + 6);
    }

    /** The samples a skip counted, each the item (namespace, id, key) and a pattern of why. */
    private static final List<String> CORRUPT = List.of(
            "CRC_MISMATCH': the decoded value's CRC-32C is [0-9a-f]+, value_metadata says [0-9a-f]+",
            "MISSING_CHUNK': chunk (\\d+) of \\d+ is missing \\(none written with the item, at timestamp 20\\)",
            "MISSING_OVER_OLDER': chunk 6 of 7 is missing \\(none written with the item, at timestamp 20\\)",
            "STALE_CHUNK': chunk (\\d+) of \\d+ is missing \\(none written with the item, at timestamp 20\\)",
            "STORED_SIZE_MISMATCH': the chunks hold \\d+ bytes, value_metadata says \\d+",
            "TRUNCATED_METADATA': value_metadata is truncated: 10 bytes end inside its fields",
            "UNDECOMPRESSABLE': lz4 .*",
            "UNKNOWN_CODEC': unknown codec 9 \\(known: 0 none, 1 lz4, 2 zstd, 3 snappy\\)",
            "UNKNOWN_VERSION': value_metadata version 9 is unknown \\(known: 1\\)",
            "VALUE_SIZE_MISMATCH': lz4 data decodes to \\d+ bytes, value_metadata says \\d+",
            "0xff00': the decoded value's CRC-32C is [0-9a-f]+, value_metadata says [0-9a-f]+");

    @Test
    void withSkipEveryCorruptItemIsLeftOutAndCountedWithWhy() {
        TestConnectorContext.Samples count = new TestConnectorContext.Samples();

        List<OutputRow> out = run(bad, false, CorruptItems.skip(BAD, count));

        assertThat(items(out, "bad")).containsExactly(
                "0-good-before|fine|4|null|" + T10 + "|null",
                "z-good-after|fine too|8|null|" + T10 + "|null");
        assertThat(count.samples()).hasSize(CORRUPT.size());
        for (int i = 0; i < CORRUPT.size(); i++) {
            assertThat(count.samples().get(i)).matches(Pattern.quote("namespace kv.bad, id 'bad', key '") + CORRUPT.get(i));
        }
    }

    @Test
    void withFailTheFirstCorruptItemFailsNamingNamespaceIdKeyAndWhy() {
        NamespaceTransform transform = transform(bad, false, CorruptItems.fail(BAD));
        PartitionGroup group = bad.groups().get(0);
        Iterator<OutputRow> out = transform.apply(group);

        assertThat(item(out.next().row(), 1)).startsWith("0-good-before|fine|");
        assertThatThrownBy(out::hasNext)
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNREADABLE_SOURCE))
                .message().matches(Pattern.quote("Corrupt item in namespace kv.bad, id 'bad', key '") + CORRUPT.get(0)
                        + Pattern.quote(" (connector option onCorrupt=skip leaves corrupt items out and counts them)"));
    }


    @Test
    void recordsHoldTheirItemsInClusteringOrderAfterTheItemsRowsAndNoRecordIsLeftWithoutItems() {
        for (NamespaceRead read : bothOrders()) {
            List<OutputRow> out = run(read, true, CorruptItems.fail(read.itemsTable()));
            List<String> records = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).output().equals(KvOutputs.RECORDS)) {
                    Row record = out.get(i).row();
                    List<Row> recordItems = record.getList(2);
                    List<String> shown = recordItems.stream().map(item -> item(item, 0)).toList();
                    assertThat(shown).as(record.getString(0)).containsExactlyElementsOf(items(out, record.getString(0)));
                    assertThat(record.getLong(1)).isEqualTo(recordItems.size());
                    for (int j = 1; j <= recordItems.size(); j++) {
                        assertThat(out.get(i - j).output()).as("the record's items come right before it").isEqualTo(KvOutputs.ITEMS);
                    }
                    records.add(record.getString(0) + ":" + record.getLong(1));
                }
            }
            assertThat(records).containsExactlyInAnyOrder("inline:2", "codecs:8", "deletes:2", "range:3", "expiry:2",
                    "overwrite:3");
            assertThat(items(out, "inline")).isEqualTo(items(run(read, false, CorruptItems.fail(read.itemsTable())), "inline"));
        }
    }

    @Test
    void everyOutputRowIsWhatSparksRowEncoderTakesForItsOutputsSchema() {
        NamespaceTransform transform = transform(asc, true, CorruptItems.fail(ASC));
        Map<String, ExpressionEncoder.Serializer<Row>> serializers = new LinkedHashMap<>();
        transform.outputs().forEach((name, schema) ->
                serializers.put(name, ExpressionEncoder.apply(RowEncoder.encoderFor(schema)).createSerializer()));
        assertThat(serializers).containsOnlyKeys(KvOutputs.ITEMS, KvOutputs.RECORDS);

        for (OutputRow row : run(asc, true, CorruptItems.fail(ASC))) {
            InternalRow internal = serializers.get(row.output()).apply(row.row());
            assertThat(internal.getUTF8String(0).toString()).isEqualTo(row.row().getString(0));
            if (row.output().equals(KvOutputs.RECORDS)) {
                List<Row> items = row.row().getList(2);
                assertThat(internal.getLong(1)).isEqualTo(items.size());
                for (int i = 0; i < items.size(); i++) {
                    assertInternalItem(internal.getArray(2).getStruct(i, KvOutputs.ITEM.size()), 0, items.get(i), 0);
                }
            } else {
                assertInternalItem(internal, 1, row.row(), 1);
            }
        }
    }

    private static void assertInternalItem(InternalRow internal, int at, Row item, int from) {
        assertThat(internal.getBinary(at)).isEqualTo((byte[]) item.get(from));
        assertThat(internal.getBinary(at + 1)).isEqualTo((byte[]) item.get(from + 1));
        assertThat(internal.getLong(at + 2)).isEqualTo(item.getLong(from + 2));
        assertThat(internal.isNullAt(at + 3) ? null : internal.getUTF8String(at + 3).toString()).isEqualTo(item.get(from + 3));
        assertThat(internal.getLong(at + 4)).isEqualTo(KvOutputs.micros(item.get(from + 4)));
        assertThat(internal.isNullAt(at + 5) ? null : internal.getLong(at + 5))
                .isEqualTo(item.isNullAt(from + 5) ? null : KvOutputs.micros(item.get(from + 5)));
    }
}
