package io.movedata.it.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.kv.fixture.Corruption;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.KvNamespaceWriter.KeyOrder;
import io.movedata.connector.kv.fixture.WrittenItem;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.Outcome;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Movements of key-value namespaces with the {@code key-value} connector through the real runtime:
 * fixture backups written by {@link KvNamespaceWriter} (two nodes, RF 2, read at ALL), one item per
 * case of the model, keys ascending and descending; the items and records tables they leave, bit
 * for bit; the executed plans (no Exchange); one read for both outputs; the corrupt-item policies;
 * the connector's UDFs from Spark SQL.
 */
class KvMovementTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("kv-moves");

    private static final String CATALOG = "kvmove";

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static MovementRunner runner;
    /** Per namespace, the items a reader finds: the last live write of each. */
    private static final Map<String, List<WrittenItem>> LIVE = new LinkedHashMap<>();
    private static final List<WrittenItem> CORRUPT = new ArrayList<>();
    private static final Map<String, MovementReport> RUNS = new LinkedHashMap<>();
    /** The queries of the "asc" run, which writes both outputs. */
    private static final QueryExecutions PLANS = new QueryExecutions(SharedSpark.session());

    @BeforeAll
    static void writeBackupsAndMove() throws Exception {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};\n"
                        + KvNamespaceWriter.schema("kv.ascending", KeyOrder.ASC) + ";\n"
                        + KvNamespaceWriter.schema("kv.descending", KeyOrder.DESC) + ";\n"
                        + KvNamespaceWriter.schema("kv.guarded", KeyOrder.ASC))
                .nodes(2)
                .build();
        Instant now = Instant.now();
        LIVE.put("asc", writeCases(new KvNamespaceWriter(cluster, "kv.ascending"), now));
        LIVE.put("desc", writeCases(new KvNamespaceWriter(cluster, "kv.descending"), now));
        KvNamespaceWriter guarded = new KvNamespaceWriter(cluster, "kv.guarded").chunkSize(1024);
        List<WrittenItem> good = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            good.add(guarded.item("fine", "item-" + i).value(text(new Random(i), 3000)).codec(ValueCodec.ZSTD).write());
        }
        LIVE.put("guarded", good);
        cluster.flush();
        Thread.sleep(1500); // the TTL 1 items have expired by the backups' reference time
        location = S3.location("kv-moves", "cluster");
        try (ObjectStore store = S3.openStore("kv-moves")) {
            cluster.backup(store, location, "good", BackupMode.DIFFERENTIAL);
            // One corrupt item in backup "stale": its last chunk is another write's, so it must not be read into the value.
            CORRUPT.add(guarded.item("broken", "stale-chunk").value(text(new Random(7), 5000)).chunked()
                    .corrupt(Corruption.STALE_CHUNK).write());
            cluster.flush();
            cluster.backup(store, location, "stale", BackupMode.DIFFERENTIAL);
            for (Corruption kind : Corruption.values()) {
                if (kind != Corruption.STALE_CHUNK) {
                    byte[] key = kind == Corruption.CRC_MISMATCH ? new byte[] {(byte) 0xff, 0x00} : utf8(kind.name());
                    CORRUPT.add(guarded.item("broken", key).value(text(new Random(kind.ordinal()), 5000))
                            .codec(ValueCodec.SNAPPY).chunked().corrupt(kind).write());
                }
            }
            cluster.flush();
            cluster.backup(store, location, "all-corrupt", BackupMode.DIFFERENTIAL);
        }
        runner = new MovementRunner(SharedSpark.session());

        RUNS.put("asc", PLANS.during(() -> run(spec("asc", "kv.ascending", "good", "records: true",
                "{items: asc_items, records: asc_records}"))));
        RUNS.put("desc", run(spec("desc", "kv.descending", "good", "records: true", "{items: desc_items, records: desc_records}")));
        RUNS.put("asc-items-only", run(spec("asc-items-only", "kv.ascending", "good", "records: false", "{items: asc_only_items}")));
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * One item per case of the model, in three records' worth of ids; returns the items a reader
     * finds afterwards.
     */
    private static List<WrittenItem> writeCases(KvNamespaceWriter kv, Instant now) {
        Random random = new Random(42);
        List<WrittenItem> live = new ArrayList<>();
        // Inline values: without metadata, uncompressed with a content type, each codec, a binary key.
        live.add(kv.item("inline", "plain").value("no metadata at all").withoutMetadata().write());
        live.add(kv.item("inline", "json").value("{\"colour\":\"teal\"}").contentType("application/json").write());
        for (ValueCodec codec : ValueCodec.values()) {
            live.add(kv.item("inline", "text-" + codec).value(text(random, 2000)).codec(codec).contentType("text/plain").write());
        }
        live.add(kv.item("inline", new byte[] {(byte) 0xff, 0x00}).value(bytes(random, 40)).write());
        // Chunked values of several MB, each codec: text that compresses, and random bytes that do not.
        for (ValueCodec codec : ValueCodec.values()) {
            live.add(kv.item("chunked", "text-" + codec).value(text(random, 2 << 20)).codec(codec).contentType("text/plain").write());
        }
        live.add(kv.item("chunked", "random").value(bytes(random, 3 << 20)).write());
        live.add(kv.item("chunked", "one-chunk").value(bytes(random, 100)).chunked().write());
        cluster.flush();

        // Overwrites by later timestamps; the older writes' chunks stay and must never be read into the newer value.
        long older = kv.nextTimestamp();
        long newer = kv.nextTimestamp();
        kv.item("overwritten", "shrunk").value(bytes(random, 5 * KvNamespaceWriter.DEFAULT_CHUNK_SIZE)).timestamp(older).write();
        kv.item("overwritten", "to-inline").value(bytes(random, 3 * KvNamespaceWriter.DEFAULT_CHUNK_SIZE)).timestamp(older).write();
        kv.item("overwritten", "same-count").value(bytes(random, 200_000)).codec(ValueCodec.LZ4).timestamp(older).write();
        cluster.flush();
        live.add(kv.item("overwritten", "shrunk").value(bytes(random, 2 * KvNamespaceWriter.DEFAULT_CHUNK_SIZE)).timestamp(newer).write());
        live.add(kv.item("overwritten", "to-inline").value("small now").timestamp(newer).write());
        live.add(kv.item("overwritten", "same-count").value(bytes(random, 200_000)).codec(ValueCodec.LZ4).timestamp(newer).write());
        live.add(kv.item("overwritten", "older-arrives-later").value("newer").timestamp(newer).write());
        kv.item("overwritten", "older-arrives-later").value(bytes(random, 4 * KvNamespaceWriter.DEFAULT_CHUNK_SIZE)).timestamp(older).write();
        kv.staleChunks("overwritten", utf8("only-stale-chunks"), 3, 64, newer, random);

        // Deletes: an item by tombstone, a range of keys, a whole record; an item written again after its delete.
        kv.item("deleted", "tombstoned").value(bytes(random, 2 * KvNamespaceWriter.DEFAULT_CHUNK_SIZE)).write();
        kv.item("deleted", "resurrected").value("before").write();
        List<WrittenItem> range = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            range.add(kv.item("deleted", "range-" + i).value("value " + i).codec(ValueCodec.ZSTD).write());
            kv.item("gone", "item-" + i).value(bytes(random, i * 30_000)).write();
        }
        cluster.flush();
        kv.deleteItem("deleted", utf8("tombstoned"), kv.nextTimestamp());
        kv.deleteItem("deleted", utf8("resurrected"), kv.nextTimestamp());
        live.add(kv.item("deleted", "resurrected").value("after").write());
        kv.deleteRange("deleted", utf8("range-3"), utf8("range-7"), kv.nextTimestamp());
        range.stream().filter(item -> !Arrays.asList("range-3", "range-4", "range-5", "range-6").contains(item.keyString()))
                .forEach(live::add);
        kv.deleteRecord("gone", kv.nextTimestamp());

        // Expiry by the metadata (before and after the reference time) and by Cassandra TTL.
        kv.item("expiry", "metadata-past").value("expired").expiresAt(now.minus(1, ChronoUnit.HOURS)).write();
        kv.item("expiry", "metadata-past-chunked").value(bytes(random, 100)).chunked().expiresAt(now.minus(1, ChronoUnit.HOURS)).write();
        live.add(kv.item("expiry", "metadata-future").value("kept").expiresAt(now.plus(1, ChronoUnit.DAYS)).write());
        kv.item("expiry", "ttl-short").value("expired").ttl(1).write();
        kv.item("expiry", "ttl-short-chunked").value(bytes(random, 100)).chunked().ttl(1).write();
        live.add(kv.item("expiry", "ttl-long").value("kept").ttl(86_400).write());
        cluster.flush();
        return live;
    }

    /** A key-value movement of {@code namespace} with {@code options} (YAML mapping entries) into the {@code tables} of namespace kv. */
    private static MovementSpec spec(String name, String namespace, String backup, String options, String tables) {
        return spec(name, backup, "{name: key-value, options: {namespace: " + namespace + ", " + options + "}}", "tables: " + tables);
    }

    /** A movement with {@code connector} (a YAML mapping) into namespace kv, its tables given by {@code destination} (a YAML line). */
    private static MovementSpec spec(String name, String backup, String connector, String destination) {
        Map<String, String> s3 = S3.options();
        String yaml = """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  consistency: ALL
                connector: %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: kv
                  %s
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), backup, connector, CATALOG,
                work.resolve("warehouse"), destination, work.resolve("reports"));
        MovementSpec parsed = MovementSpec.parse(yaml, name + ".yaml", variable -> null);
        return new MovementSpec(name, parsed.source(), parsed.connector(), parsed.destination(), parsed.spark(),
                parsed.reportDirectory());
    }

    private static MovementReport run(MovementSpec spec) {
        MovementReport report = runner.run(spec);
        assertThat(report.outcome()).as(report.summary()).isEqualTo(Outcome.SUCCEEDED);
        return report;
    }

    @ParameterizedTest(name = "keys {0}")
    @ValueSource(strings = {"asc", "desc"})
    void itemsTableHoldsEveryLiveItemBitForBit(String namespace) {
        List<WrittenItem> live = LIVE.get(namespace);

        assertThat(itemRows(namespace + "_items")).containsExactlyElementsOf(expectedItemRows(live));
        for (WrittenItem item : live.stream().filter(i -> i.metadata() != null && i.metadata().isChunked()).toList()) {
            Row moved = SharedSpark.session().table(table(namespace + "_items"))
                    .where("id = '" + item.id() + "' AND key = X'" + KvRows.hex(item.key()) + "'").first();
            assertThat((byte[]) moved.getAs("value")).as("the value of %s/%s", item.id(), item.keyString()).isEqualTo(item.value());
        }
        assertThat(live).as("values of several MB").filteredOn(i -> i.value().length >= 2 << 20).hasSize(5);
    }

    @ParameterizedTest(name = "keys {0}")
    @ValueSource(strings = {"asc", "desc"})
    void recordsTableHoldsEachRecordsItemsInClusteringOrder(String namespace) {
        Comparator<WrittenItem> byKey = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());
        Map<String, List<WrittenItem>> records = new LinkedHashMap<>();
        LIVE.get(namespace).stream().sorted(namespace.equals("asc") ? byKey : byKey.reversed())
                .forEach(item -> records.computeIfAbsent(item.id(), id -> new ArrayList<>()).add(item));
        List<String> expected = new ArrayList<>();
        records.forEach((id, items) -> expected.add(KvRows.record(id, items.stream().map(WrittenItem::key).toList(),
                items.stream().map(WrittenItem::value).toList())));
        expected.sort(null);

        assertThat(KvRows.records(SharedSpark.session().table(table(namespace + "_records")))).containsExactlyElementsOf(expected);
        assertThat(KvRows.items(SharedSpark.session().table(table(namespace + "_records")).selectExpr("id", "inline(items)")))
                .as("the records' items are the items").isEqualTo(itemRows(namespace + "_items"));
    }

    @Test
    void executedPlansOfTheMovementHaveNoExchange() {
        List<String> plans = PLANS.executed().stream().map(qe -> qe.executedPlan().treeString()).toList();

        assertThat(plans).as("the executed plans of the items and records writes").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(plan -> assertThat(plan).doesNotContain("Exchange"))
                .anySatisfy(plan -> assertThat(plan).contains("BatchScan"))
                .anySatisfy(plan -> assertThat(plan).contains("InMemoryTableScan"));
    }

    @Test
    void bothOutputsReadTheBackupOnce() {
        MovementReport.ReadReport both = RUNS.get("asc").read();
        MovementReport.ReadReport itemsOnly = RUNS.get("asc-items-only").read();

        assertThat(both.bytesRead()).isPositive().isEqualTo(itemsOnly.bytesRead());
        assertThat(both.sstables()).isPositive().isEqualTo(itemsOnly.sstables());
        assertThat(both.rows()).isPositive().isEqualTo(itemsOnly.rows());
        // Every split read once, counting each execution: the records write read the items write's local copy.
        assertThat(both.splitReads()).isEqualTo(both.splitsDone()).isEqualTo(both.splits()).isEqualTo(itemsOnly.splitReads());
        assertThat(itemRows("asc_only_items")).isEqualTo(itemRows("asc_items"));
        assertThat(RUNS.get("asc").tables()).extracting(MovementReport.TableReport::table)
                .containsExactly(table("asc_items"), table("asc_records"));
    }

    @Test
    void corruptItemWithFailNamesNamespaceIdAndKeyAndLeavesTheTablesAsTheyWere() {
        String tables = "{items: guarded_items, records: guarded_records}";
        run(spec("guarded-good", "kv.guarded", "good", "records: true", tables));
        long itemsSnapshot = snapshotId("guarded_items");
        long recordsSnapshot = snapshotId("guarded_records");
        List<String> items = itemRows("guarded_items");
        List<String> records = SharedSpark.rows(SharedSpark.session().table(table("guarded_records")));

        MovementReport failed = runner.run(spec("guarded-stale", "kv.guarded", "stale", "records: true, onCorrupt: fail", tables));
        MovementReport fresh = runner.run(spec("guarded-fresh", "kv.guarded", "stale", "records: true",
                "{items: fresh_items, records: fresh_records}"));

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.error().kind()).isEqualTo("unreadable-source");
        assertThat(failed.error().message()).contains("kv.guarded", "broken", "stale-chunk");
        assertThat(snapshotId("guarded_items")).isEqualTo(itemsSnapshot);
        assertThat(snapshotId("guarded_records")).isEqualTo(recordsSnapshot);
        assertThat(itemRows("guarded_items")).isEqualTo(items).containsExactlyElementsOf(expectedItemRows(LIVE.get("guarded")));
        assertThat(SharedSpark.rows(SharedSpark.session().table(table("guarded_records")))).isEqualTo(records);
        assertThat(fresh.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(fresh.error().message()).contains("kv.guarded", "broken", "stale-chunk");
        assertThat(exists("fresh_items") || exists("fresh_records")).as("a table the failed run would have created").isFalse();
    }

    @Test
    void corruptItemsWithSkipAreLeftOutAndCountedWithSamples() {
        MovementReport report = run(spec("guarded-skip", "kv.guarded", "all-corrupt", "records: true, onCorrupt: skip",
                "{items: skipped_items, records: skipped_records}"));

        assertThat(itemRows("skipped_items")).containsExactlyElementsOf(expectedItemRows(LIVE.get("guarded")));
        assertThat(SharedSpark.rows(SharedSpark.session().table(table("skipped_records")).select("id", "item_count")))
                .containsExactly("fine|5");
        MovementReport.CountReport corrupt = report.connector().counts().get("corruptItems");
        assertThat(corrupt.count()).as("each corrupt item once, whatever the replicas and outputs").isEqualTo(CORRUPT.size());
        assertThat(corrupt.samples()).hasSize(CORRUPT.size()).allSatisfy(sample -> assertThat(sample).contains("broken"));
        for (WrittenItem item : CORRUPT) {
            String key = item.key()[0] == (byte) 0xff ? "0xff00" : item.keyString();
            assertThat(corrupt.samples()).as("a sample naming %s", item.corruption()).anySatisfy(s -> assertThat(s).contains(key));
        }
        assertThat(report.summary()).contains("corruptItems");
    }

    @Test
    void udfsDecodeStoredValuesAndRenderKeysFromSparkSql() {
        run(spec("asc-raw", "good", "{name: cassandra-table, options: {table: kv.ascending}}", "table: asc_raw"));
        SparkSession spark = SharedSpark.session();

        List<String> expected = new ArrayList<>();
        for (WrittenItem item : LIVE.get("asc")) {
            boolean chunked = item.metadata() != null && item.metadata().isChunked();
            String text = item.key()[0] == (byte) 0xff ? "0xff00" : item.keyString();
            expected.add(item.id() + "|" + text + "|" + (chunked ? "null" : KvRows.sha256(item.value())));
        }
        expected.sort(null);
        assertThat(SharedSpark.rows(spark.sql("SELECT r.id, kv_key_text(r.key), sha2(kv_decode(r.value, r.value_metadata), 256) "
                + "FROM " + table("asc_raw") + " r JOIN " + table("asc_items") + " i ON r.id = i.id AND r.key = i.key")))
                .containsExactlyElementsOf(expected);
        assertThat(SharedSpark.rows(spark.sql("SELECT kv_key_text(key), CAST(value AS STRING) FROM " + table("asc_items")
                + " WHERE id = 'inline' AND kv_key_text(key) IN ('json', 'plain')")))
                .containsExactly("json|{\"colour\":\"teal\"}", "plain|no metadata at all");
    }

    private static long snapshotId(String name) {
        SparkCatalog catalog = (SparkCatalog) SharedSpark.session().sessionState().catalogManager().catalog(CATALOG);
        return catalog.icebergCatalog().loadTable(TableIdentifier.of("kv", name)).currentSnapshot().snapshotId();
    }

    private static List<String> itemRows(String table) {
        return KvRows.items(SharedSpark.session().table(table(table)));
    }

    private static List<String> expectedItemRows(List<WrittenItem> items) {
        List<String> rows = new ArrayList<>();
        for (WrittenItem item : items) {
            String contentType = item.metadata() == null ? null : item.metadata().contentType();
            Instant expiresAt = item.metadata() == null ? null : item.metadata().expiresAt();
            rows.add(KvRows.item(item.id(), item.key(), item.value(), contentType, item.timestamp(),
                    expiresAt == null ? null : expiresAt.toEpochMilli()));
        }
        rows.sort(null);
        return rows;
    }

    private static String table(String name) {
        return CATALOG + ".kv." + name;
    }

    private static boolean exists(String name) {
        SparkCatalog catalog = (SparkCatalog) SharedSpark.session().sessionState().catalogManager().catalog(CATALOG);
        return catalog.icebergCatalog().tableExists(TableIdentifier.of("kv", name));
    }

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"};

    /** Words and numbers: text that compresses a few times over. */
    private static String text(Random random, int size) {
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1000)).append(' ');
        }
        return text.substring(0, size);
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
