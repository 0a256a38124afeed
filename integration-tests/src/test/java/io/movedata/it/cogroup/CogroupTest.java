package io.movedata.it.cogroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.exchange.Exchange;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.api.SourceTable;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.connector.BackupSourceFrames;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.spark.BackupRead;
import io.movedata.runtime.spark.ReadMetrics;
import io.movedata.runtime.spark.ScanMetric;
import io.movedata.runtime.ring.SplitSizing;
import io.movedata.runtime.sstable.SparkTypes;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3EndpointExtension;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Co-partitioned tables read together ({@code SourceFrames.cogroup}): items and their chunks of a
 * three-node, RF 3 backup, merged split by split, each id's rows streamed to a transform that reads
 * both tables interleaved. The expected rows come from a model the test keeps as it writes.
 */
class CogroupTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("cogroup");

    private static final String SCHEMA = """
            CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
            CREATE TABLE kv.items (id text, key blob, value text, PRIMARY KEY (id, key)) WITH CLUSTERING ORDER BY (key ASC);
            CREATE TABLE kv.chunks (id text, key blob, chunk int, value text, PRIMARY KEY (id, key, chunk));
            CREATE TABLE kv.items_desc (id text, key blob, value text, PRIMARY KEY (id, key)) WITH CLUSTERING ORDER BY (key DESC);
            CREATE TABLE kv.chunks_desc (id text, key blob, chunk int, value text, PRIMARY KEY (id, key, chunk))
                WITH CLUSTERING ORDER BY (key DESC, chunk ASC);
            CREATE TABLE kv.numbered (id int, key blob, value text, PRIMARY KEY (id, key));
            CREATE KEYSPACE other WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
            CREATE TABLE other.chunks (id text, key blob, chunk int, value text, PRIMARY KEY (id, key, chunk));
            """;
    private static final int IDS = 40;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static ClusterBackup backup;
    /** id -> key (hex) -> value: the items as a read returns them. */
    private static final Map<String, TreeMap<String, String>> ITEMS = new TreeMap<>();
    /** id -> key (hex) -> chunk -> value. */
    private static final Map<String, TreeMap<String, TreeMap<Integer, String>>> CHUNKS = new TreeMap<>();

    @BeforeAll
    static void writeBackup() {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build();
        for (int i = 0; i < IDS; i++) {
            String id = "r%02d".formatted(i);
            List<Integer> keys = new ArrayList<>(List.of(0x01, 0x02, 0x03));
            if (i % 5 == 0) {
                keys.add(0xff);
            }
            if (i < 35) { // ids 35..39 have chunks only
                for (int key : keys) {
                    item(id, key, "v" + i + "-" + key, 100);
                }
            }
            if (i < 30 || i >= 35) { // ids 30..34 have items only
                for (int key : keys) {
                    for (int c = 0; c < 2; c++) {
                        chunk(id, key, c, "c" + i + "-" + key + "-" + c, 100);
                    }
                }
                if (i % 4 == 0) {
                    chunk(id, 0x00, 0, "orphan-low", 100); // a chunk of no item, before every item
                }
                if (i % 7 == 0) {
                    chunk(id, 0x80, 0, "orphan-mid", 100); // between 0x03 and 0xff: unsigned order
                }
            }
        }
        cluster.flush();
        // Later writes in newer SSTables: an overwrite, an item deleted, a chunk deleted.
        item("r02", 0x01, "overwritten", 200);
        cluster.execute("DELETE FROM kv.items USING TIMESTAMP 200 WHERE id = 'r01' AND key = 0x02");
        cluster.execute("DELETE FROM kv.items_desc USING TIMESTAMP 200 WHERE id = 'r01' AND key = 0x02");
        ITEMS.get("r01").remove("02");
        cluster.execute("DELETE FROM kv.chunks USING TIMESTAMP 200 WHERE id = 'r03' AND key = 0x03 AND chunk = 1");
        cluster.execute("DELETE FROM kv.chunks_desc USING TIMESTAMP 200 WHERE id = 'r03' AND key = 0x03 AND chunk = 1");
        CHUNKS.get("r03").get("03").remove(1);
        cluster.execute("INSERT INTO kv.numbered (id, key, value) VALUES (1, 0x01, 'one')");
        cluster.flush();
        location = S3.location("cogroup", "prod");
        try (ObjectStore store = S3.openStore("cogroup")) {
            cluster.backup(store, location, "b1", BackupMode.DIFFERENTIAL);
        }
        backup = ReadPlanner.backup(request("kv", "items", Consistency.ALL, 1));
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static void item(String id, int key, String value, long timestamp) {
        for (String table : List.of("kv.items", "kv.items_desc")) {
            cluster.execute("INSERT INTO " + table + " (id, key, value) VALUES (?, ?, ?) USING TIMESTAMP " + timestamp,
                    id, java.nio.ByteBuffer.wrap(new byte[] {(byte) key}), value);
        }
        ITEMS.computeIfAbsent(id, k -> new TreeMap<>()).put(hex(key), value);
    }

    private static void chunk(String id, int key, int chunk, String value, long timestamp) {
        for (String table : List.of("kv.chunks", "kv.chunks_desc")) {
            cluster.execute("INSERT INTO " + table + " (id, key, chunk, value) VALUES (?, ?, ?, ?) USING TIMESTAMP " + timestamp,
                    id, java.nio.ByteBuffer.wrap(new byte[] {(byte) key}), chunk, value);
        }
        CHUNKS.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent(hex(key), k -> new TreeMap<>()).put(chunk, value);
    }

    private static String hex(int key) {
        return HexFormat.of().formatHex(new byte[] {(byte) key});
    }

    /** What {@link ItemChunks} emits to {@code items}, as {@link SharedSpark#rows} formats it. */
    private static List<String> expectedItems() {
        List<String> rows = new ArrayList<>();
        ITEMS.forEach((id, items) -> items.forEach((key, value) -> {
            TreeMap<Integer, String> chunks = CHUNKS.getOrDefault(id, new TreeMap<>()).getOrDefault(key, new TreeMap<>());
            rows.add(id + "|0x" + key + "|" + value + "|" + String.join(",", chunks.values()));
        }));
        Collections.sort(rows);
        return rows;
    }

    /** What {@link ItemChunks} emits to {@code records}: every id of either table, its item keys in clustering order. */
    private static List<String> expectedRecords(boolean descending) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            String id = "r%02d".formatted(i);
            List<String> keys = new ArrayList<>(ITEMS.getOrDefault(id, new TreeMap<>()).keySet());
            if (descending) {
                Collections.reverse(keys);
            }
            long chunks = CHUNKS.getOrDefault(id, new TreeMap<>()).values().stream().mapToLong(Map::size).sum();
            rows.add(id + "|" + String.join(",", keys) + "|" + chunks);
        }
        return rows;
    }

    private static ReadRequest request(String keyspace, String table, Consistency consistency, long splitBytes) {
        return new ReadRequest(location, "b1", null, null, keyspace, table, consistency, null, SplitSizing.fixed(splitBytes), false, List.of(), null,
                SparkTypes.DecimalSpec.DEFAULT);
    }

    /** The sources of a connector declaring {@code tables}, read at {@code consistency} in splits of {@code splitBytes}. */
    private static BackupSourceFrames sources(List<String> tables, Consistency consistency, long splitBytes, ReadMetrics metrics) {
        return new BackupSourceFrames(SharedSpark.session(), tables.stream().map(SourceTable::of).toList(),
                source -> new BackupRead(request(source.keyspace(), source.tableName(), consistency, splitBytes), backup, metrics));
    }

    @ParameterizedTest(name = "{0} at {1}, splits of {2} bytes")
    @CsvSource({
            "ASC, QUORUM, 256",
            "ASC, ONE, 268435456",
            "DESC, QUORUM, 268435456",
            "DESC, ONE, 256",
    })
    void everyIdOfEitherTableGetsItsItemsWithTheirChunksInClusteringOrder(String order, Consistency consistency, long splitBytes) {
        boolean descending = order.equals("DESC");
        String suffix = descending ? "_desc" : "";
        String items = "kv.items" + suffix;
        String chunks = "kv.chunks" + suffix;
        ReadMetrics metrics = new ReadMetrics(SharedSpark.session().sparkContext(), "cogroup-" + order + consistency + splitBytes);
        BackupSourceFrames sources = sources(List.of(items, chunks), consistency, splitBytes, metrics);
        try {
            Map<String, Dataset<Row>> outputs = sources.cogroup(List.of(items, chunks),
                    new ItemChunks(items, chunks, descending, true, null));

            assertThat(outputs).containsOnlyKeys("items", "records");
            assertThat(SharedSpark.rows(outputs.get("items"))).containsExactlyElementsOf(expectedItems());
            assertThat(SharedSpark.rows(outputs.get("records"))).containsExactlyElementsOf(expectedRecords(descending));
            assertThat(outputs.get("items").schema()).isEqualTo(ItemChunks.ITEMS);
        } finally {
            sources.release();
        }
        // One split plan for both tables: the same ranges and replicas, each table's own SSTables.
        assertThat(metrics.plans()).hasSize(2);
        assertThat(metrics.plans().get(0).replicaSelection()).isEqualTo(metrics.plans().get(1).replicaSelection());
        assertThat(metrics.plans().get(0).splits()).zipSatisfy(metrics.plans().get(1).splits(), (a, b) -> {
            assertThat(a.range()).isEqualTo(b.range());
            assertThat(a.replicas()).isEqualTo(b.replicas()).hasSize(consistency == Consistency.ONE ? 1 : 2);
            assertThat(a.sstables()).allSatisfy(s -> assertThat(s.data().key()).contains("/items"));
            assertThat(b.sstables()).allSatisfy(s -> assertThat(s.data().key()).contains("/chunks"));
        });
        if (splitBytes < 4096) {
            assertThat(metrics.plans().get(0).splits().size()).as("splits").isGreaterThan(10);
        }
    }

    @Test
    void tablesWithDifferentPartitionKeysAreRefusedNamingBothTablesAndKeys() {
        BackupSourceFrames sources = sources(List.of("kv.items", "kv.numbered"), Consistency.ONE, 1 << 28, null);
        ItemChunks transform = new ItemChunks("kv.items", "kv.numbered", false, false, null);

        assertThatThrownBy(() -> sources.cogroup(List.of("kv.items", "kv.numbered"), transform))
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("Tables read together must have the same partition key (columns, types, order); kv.items has "
                        + "(id text) but kv.numbered has (id int)");
    }

    @Test
    void tablesOfDifferentKeyspacesOrNotDeclaredAreRefused() {
        BackupSourceFrames sources = sources(List.of("kv.items", "other.chunks"), Consistency.ONE, 1 << 28, null);
        ItemChunks transform = new ItemChunks("kv.items", "other.chunks", false, false, null);

        assertThatThrownBy(() -> sources.cogroup(List.of("kv.items", "other.chunks"), transform))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Tables read together must be of one keyspace; found kv.items and other.chunks");
        assertThatThrownBy(() -> sources.cogroup(List.of("kv.items", "kv.chunks"), transform))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("source table 'kv.chunks', which it did not declare in sources()");
    }

    @Test
    void theReadHasNoExchangeWithOneOutputOrTwo() {
        for (boolean records : List.of(false, true)) {
            BackupSourceFrames sources = sources(List.of("kv.items", "kv.chunks"), Consistency.QUORUM, 256, null);
            try {
                Dataset<Row> items = sources.cogroup(List.of("kv.items", "kv.chunks"),
                        new ItemChunks("kv.items", "kv.chunks", false, records, null)).get("items");

                assertThat(SharedSpark.rows(items)).containsExactlyElementsOf(expectedItems());
                List<SparkPlan> nodes = new ArrayList<>();
                collect(items.queryExecution().executedPlan(), nodes);
                assertThat(nodes).as("executed plan with records=" + records).noneMatch(node -> node instanceof Exchange)
                        .anyMatch(node -> node instanceof BatchScanExec scan && scan.scan().description().contains("cogroup"));
            } finally {
                sources.release();
            }
        }
    }

    @Test
    void rowsATransformLeavesUnreadAreSkipped() {
        BackupSourceFrames sources = sources(List.of("kv.items", "kv.chunks"), Consistency.ONE, 256, null);
        Dataset<Row> ids = sources.cogroup(List.of("kv.items", "kv.chunks"), new FirstItemOnly()).get("ids");

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < IDS; i++) {
            String id = "r%02d".formatted(i);
            TreeMap<String, String> items = ITEMS.getOrDefault(id, new TreeMap<>());
            expected.add(id + "|" + (items.isEmpty() ? "null" : items.firstEntry().getValue()));
        }
        assertThat(SharedSpark.rows(ids)).containsExactlyElementsOf(expected);
    }

    @Test
    void aRowToAnUndeclaredOutputFailsTheReadNamingIt() {
        BackupSourceFrames sources = sources(List.of("kv.items", "kv.chunks"), Consistency.ONE, 1 << 28, null);
        Dataset<Row> ids = sources.cogroup(List.of("kv.items", "kv.chunks"), new FirstItemOnly("elsewhere")).get("ids");

        assertThatThrownBy(ids::collectAsList)
                .satisfies(e -> assertThat(ErrorKind.of(e)).isEqualTo(ErrorKind.INTERNAL))
                .hasStackTraceContaining("The transform of kv.items, kv.chunks emitted a row to output 'elsewhere', which its "
                        + "outputs() do not declare; declared: [ids]");
    }

    /** Emits each id with its first item's value, reading no chunk and at most one item: the rest is skipped. */
    private record FirstItemOnly(String output) implements GroupTransform {
        static final StructType IDS = new StructType().add("id", DataTypes.StringType, false).add("first", DataTypes.StringType);

        FirstItemOnly() {
            this("ids");
        }

        @Override
        public Map<String, StructType> outputs() {
            return Map.of("ids", IDS);
        }

        @Override
        public Iterator<OutputRow> apply(PartitionGroup group) {
            Iterator<Row> items = group.rows("kv.items");
            String first = items.hasNext() ? items.next().getAs("value") : null;
            return List.of(new OutputRow(output, RowFactory.create(group.key().getString(0), first))).iterator();
        }
    }

    @Test
    void aTransformsOwnFailureIsInternalAndNamesTheTablesSplitAndPartitionKey() {
        BackupSourceFrames sources = sources(List.of("kv.items", "kv.chunks"), Consistency.ONE, 256, null);
        try {
            Dataset<Row> ids = sources.cogroup(List.of("kv.items", "kv.chunks"), new FailsAt("r07")).get("ids");

            assertThatThrownBy(ids::collectAsList).satisfies(failure -> {
                ConnectorException reported = connectorException(failure);
                assertThat(reported.kind()).isEqualTo(ErrorKind.INTERNAL);
                assertThat(reported.getMessage()).contains("The transform reading kv.items, kv.chunks failed in split ",
                        " at partition key [r07] with java.lang.IllegalStateException: no r07 here",
                        "(a bug in the connector, not in the backup)");
            });
        } finally {
            sources.release();
        }
    }

    private static ConnectorException connectorException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectorException connector) {
                return connector;
            }
        }
        throw new AssertionError("no ConnectorException in the causes of " + failure, failure);
    }

    /** Throws a plain IllegalStateException, as a connector's bug would, at one partition key. */
    private record FailsAt(String id) implements GroupTransform {
        @Override
        public Map<String, StructType> outputs() {
            return Map.of("ids", FirstItemOnly.IDS);
        }

        @Override
        public Iterator<OutputRow> apply(PartitionGroup group) {
            String key = group.key().getString(0);
            if (key.equals(id)) {
                throw new IllegalStateException("no " + key + " here");
            }
            return List.of(new OutputRow("ids", RowFactory.create(key, null))).iterator();
        }
    }

    @Test
    void writingTwoOutputsReadsTheBackupOnce() {
        MovementRunner runner = new MovementRunner(SharedSpark.session());
        MovementReport one = runner.run(spec("one", false));
        QueryExecutions executions = new QueryExecutions(SharedSpark.session());
        MovementReport two = executions.during(() -> runner.run(spec("two", true)));

        assertThat(one.outcome()).as(one.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(two.outcome()).as(two.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(rows("one_items")).containsExactlyElementsOf(expectedItems());
        assertThat(rows("two_items")).containsExactlyElementsOf(expectedItems());
        assertThat(rows("two_records")).containsExactlyElementsOf(expectedRecords(false));
        assertThat(two.read().bytesRead()).isPositive().isEqualTo(one.read().bytesRead());
        assertThat(two.read().sstables()).isPositive().isEqualTo(one.read().sstables());
        assertThat(two.read().rows()).isEqualTo(one.read().rows()).isEqualTo(
                ITEMS.values().stream().mapToLong(Map::size).sum() + CHUNKS.values().stream()
                        .flatMap(keys -> keys.values().stream()).mapToLong(Map::size).sum());
        assertThat(two.read().splitsDone()).isEqualTo(two.read().splits()).isEqualTo(one.read().splits());
        assertThat(two.read().splitReads()).as("every execution of a split counted").isEqualTo(two.read().splits());
        // The scans the two writes executed read each row once: the second write read the first's local copy.
        Map<String, Long> scanned = scanMetrics(executions.executed());
        assertThat(scanned.get(ScanMetric.ROWS.metricName())).isEqualTo(two.read().rows());
        assertThat(scanned.get(ScanMetric.BYTES_READ.metricName())).isEqualTo(two.read().bytesRead());
        assertThat(SharedSpark.session().sharedState().cacheManager().isEmpty()).as("the local copy is released").isTrue();
    }

    @Test
    void aRecordTheTransformFindsCorruptFailsTheMovementWithItsKindAndReleasesTheLocalCopy() {
        MovementReport failed = new MovementRunner(SharedSpark.session()).run(spec("corrupt", true, "r07"));

        assertThat(failed.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(failed.error().kind()).isEqualTo("unreadable-source");
        assertThat(failed.error().message()).contains("Record r07 of kv.items is corrupt");
        assertThat(SharedSpark.session().sharedState().cacheManager().isEmpty()).as("the local copy is released").isTrue();
    }

    /** The custom metrics of every distinct cogroup scan node the executions ran, cached plans included, summed by name. */
    private static Map<String, Long> scanMetrics(List<QueryExecution> executed) {
        List<SparkPlan> nodes = new ArrayList<>();
        executed.forEach(qe -> collect(qe.executedPlan(), nodes));
        Set<SparkPlan> scans = Collections.newSetFromMap(new IdentityHashMap<>());
        nodes.stream().filter(node -> node instanceof BatchScanExec scan && scan.scan().description().contains("cogroup"))
                .forEach(scans::add);
        assertThat(scans).isNotEmpty();
        Map<String, Long> sums = new TreeMap<>();
        for (SparkPlan scan : scans) {
            CollectionConverters.asJava(scan.metrics()).forEach((name, metric) -> sums.merge(name, metric.value(), Long::sum));
        }
        return sums;
    }

    /** Every node of the plan, through adaptive plans, query stages and cached relations. */
    private static void collect(SparkPlan plan, List<SparkPlan> nodes) {
        nodes.add(plan);
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collect(adaptive.executedPlan(), nodes);
        } else if (plan instanceof QueryStageExec stage) {
            collect(stage.plan(), nodes);
        } else if (plan instanceof InMemoryTableScanExec cached) {
            collect(cached.relation().cachedPlan(), nodes);
        }
        CollectionConverters.asJava(plan.children()).forEach(child -> collect(child, nodes));
    }

    private static List<String> rows(String table) {
        return SharedSpark.rows(SharedSpark.session().table("cogroup.kv." + table));
    }

    private MovementSpec spec(String name, boolean records) {
        return spec(name, records, null);
    }

    private MovementSpec spec(String name, boolean records, String corruptId) {
        Map<String, String> s3 = S3.options();
        String tables = records ? "{items: " + name + "_items, records: " + name + "_records}" : "{items: " + name + "_items}";
        String yaml = """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  backup: b1
                  consistency: QUORUM
                  splitSizeMB: 1
                connector:
                  name: item-chunks
                  options: {items: kv.items, chunks: kv.chunks, records: %s%s}
                destination:
                  catalog: {name: cogroup, type: hadoop, warehouse: "%s"}
                  namespace: kv
                  tables: %s
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), records,
                corruptId == null ? "" : ", corruptId: " + corruptId, work.resolve("warehouse"), tables,
                work.resolve("reports"));
        MovementSpec parsed = MovementSpec.parse(yaml, name + ".yaml", variable -> null);
        return new MovementSpec(name, parsed.source(), parsed.connector(), parsed.destination(), parsed.spark(),
                parsed.reportDirectory());
    }
}
