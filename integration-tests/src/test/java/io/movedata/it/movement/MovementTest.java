package io.movedata.it.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.connector.Connectors;
import io.movedata.runtime.iceberg.TablePlan;
import io.movedata.runtime.movement.MovementPlan;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Movements end to end: fixture backups in the S3 endpoint, a spec, the runner, and the Iceberg
 * tables it leaves — rows, snapshots, lineage, schema, and what a failure leaves behind.
 */
class MovementTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("movements");

    private static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
            CREATE TABLE shop.orders (customer text, order_id int, name text STATIC, item text, qty int,
                PRIMARY KEY (customer, order_id)) WITH CLUSTERING ORDER BY (order_id DESC);
            """;

    /** Two tables of one partition key, for the cogroup example connector. */
    private static final String ACTIVITY_SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE shop.orders (customer text, order_id int, item text, PRIMARY KEY (customer, order_id));
            CREATE TABLE shop.notes (customer text, note_id int, text text, PRIMARY KEY (customer, note_id));
            """;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation orders;
    private static StoreLocation widened;
    private static StoreLocation damaged;
    private static StoreLocation activity;
    private static MovementRunner runner;
    private static int mondayDataFiles;

    @BeforeAll
    static void writeBackups() throws InterruptedException {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build();
        for (int c = 0; c < 4; c++) {
            cluster.execute("INSERT INTO shop.orders (customer, name) VALUES (?, ?) USING TIMESTAMP 100", "c" + c, "Name " + c);
            for (int o = 1; o <= 3; o++) {
                cluster.execute("INSERT INTO shop.orders (customer, order_id, item, qty) VALUES (?, ?, ?, ?) USING TIMESTAMP 100",
                        "c" + c, o, "item" + c + o, o);
            }
        }
        cluster.flush();
        cluster.execute("UPDATE shop.orders USING TIMESTAMP 200 SET qty = 10 WHERE customer = 'c0' AND order_id = 2");
        cluster.execute("DELETE FROM shop.orders USING TIMESTAMP 200 WHERE customer = 'c1' AND order_id = 3");
        cluster.execute("INSERT INTO shop.orders (customer, order_id, item, qty) VALUES ('c2', 9, 'gone', 1) USING TIMESTAMP 200 AND TTL 1");
        cluster.execute("INSERT INTO shop.orders (customer, order_id, item, qty) VALUES ('c2', 8, 'kept', 1) USING TIMESTAMP 200 AND TTL 864000");
        cluster.flush();
        Thread.sleep(1500); // the TTL 1 row must have expired by the backup's reference time
        orders = S3.location("movements", "orders");
        try (ObjectStore store = S3.openStore("movements")) {
            mondayDataFiles = (int) cluster.backup(store, orders, "monday", BackupMode.DIFFERENTIAL).dataKeys().stream()
                    .filter(key -> key.endsWith("Data.db") && key.contains("/shop/")).count();
            cluster.execute("DELETE FROM shop.orders USING TIMESTAMP 300 WHERE customer = 'c3'");
            cluster.execute("INSERT INTO shop.orders (customer, order_id, item, qty) VALUES ('c4', 1, 'new', 5) USING TIMESTAMP 300");
            cluster.flush();
            cluster.backup(store, orders, "tuesday", BackupMode.DIFFERENTIAL);

            damaged = S3.location("movements", "damaged");
            cluster.backup(store, damaged, "good", BackupMode.FULL);
            ClusterBackupInfo bad = cluster.backup(store, damaged, "bad", BackupMode.FULL);
            String key = bad.node("node1.fixture.local").dataKeys().stream().filter(k -> k.endsWith("Data.db")).findFirst().orElseThrow();
            byte[] bytes = store.readAll(key);
            for (int i = bytes.length / 3; i < bytes.length / 3 + 16; i++) {
                bytes[i] ^= 0x5a;
            }
            store.put(key, bytes);
        }
        try (FixtureCluster later = FixtureCluster.builder()
                .schema(SCHEMA.replace("qty int,", "qty int, gift boolean,")).nodes(3).build();
             ObjectStore store = S3.openStore("movements")) {
            later.execute("INSERT INTO shop.orders (customer, order_id, item, qty, gift) VALUES ('c5', 1, 'wrapped', 1, true) USING TIMESTAMP 400");
            widened = S3.location("movements", "widened");
            later.backup(store, widened, "wednesday", BackupMode.FULL);
        }
        try (FixtureCluster shop = FixtureCluster.builder().schema(ACTIVITY_SCHEMA).nodes(1).build();
             ObjectStore store = S3.openStore("movements")) {
            shop.execute("INSERT INTO shop.orders (customer, order_id, item) VALUES ('c1', 1, 'pen')");
            shop.execute("INSERT INTO shop.orders (customer, order_id, item) VALUES ('c1', 2, 'ink')");
            shop.execute("INSERT INTO shop.orders (customer, order_id, item) VALUES ('c2', 1, 'pad')");
            shop.execute("INSERT INTO shop.notes (customer, note_id, text) VALUES ('c1', 1, 'call back')");
            shop.execute("INSERT INTO shop.notes (customer, note_id, text) VALUES ('c3', 1, 'prospect')");
            shop.execute("INSERT INTO shop.notes (customer, note_id, text) VALUES ('c3', 2, 'sent brochure')");
            activity = S3.location("movements", "activity");
            shop.backup(store, activity, "today", BackupMode.FULL);
        }
        runner = new MovementRunner(SharedSpark.session());
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static final List<String> MONDAY = List.of(
            "c0|1|Name 0|item01|1", "c0|2|Name 0|item02|10", "c0|3|Name 0|item03|3",
            "c1|1|Name 1|item11|1", "c1|2|Name 1|item12|2",
            "c2|1|Name 2|item21|1", "c2|2|Name 2|item22|2", "c2|3|Name 2|item23|3", "c2|8|Name 2|kept|1",
            "c3|1|Name 3|item31|1", "c3|2|Name 3|item32|2", "c3|3|Name 3|item33|3");

    private static List<String> tuesday() {
        List<String> rows = new ArrayList<>(MONDAY.stream().filter(r -> !r.startsWith("c3|")).toList());
        rows.add("c4|1|null|new|5");
        rows.sort(null);
        return rows;
    }

    private static String mondayReferenceTime() {
        return referenceTime("monday").toString();
    }

    /** The latest start among the backup's node backups, read from the store rather than from the run. */
    private static Instant referenceTime(String backup) {
        try (ObjectStore store = S3.openStore("movements")) {
            return BackupCatalog.open(store, orders).entries().stream().filter(e -> e.name().equals(backup))
                    .map(NodeBackupEntry::started).max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
    }

    private MovementSpec spec(String table, StoreLocation location, String backup, String mode, String connector) {
        return spec(table, "table: " + table, location, backup, mode, connector);
    }

    /** A spec named {@code name} whose destination maps its tables as {@code tables} says. */
    private MovementSpec spec(String name, String tables, StoreLocation location, String backup, String mode,
                              String connector) {
        Map<String, String> s3 = S3.options();
        String yaml = """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "${TEST_ACCESS_KEY}", secretKey: "%s"}
                  backup: %s
                  tables: [shop.orders]
                  consistency: ALL
                  splitSizeMB: 1
                connector:
                  %s
                destination:
                  catalog: {name: movedata, type: hadoop, warehouse: "%s"}
                  namespace: shop
                  %s
                  mode: %s
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.SECRET_KEY), backup, connector, work.resolve("warehouse"), tables, mode,
                work.resolve("reports"));
        Map<String, String> environment = Map.of("TEST_ACCESS_KEY", s3.get(StoreLocation.ACCESS_KEY));
        MovementSpec parsed = MovementSpec.parse(yaml, name + ".yaml", environment::get);
        return new MovementSpec(name, parsed.source(), parsed.connector(), parsed.destination(), parsed.spark(),
                parsed.reportDirectory());
    }

    private MovementSpec copy(String table, StoreLocation location, String backup, String mode) {
        return spec(table, location, backup, mode, "name: cassandra-table");
    }

    private static List<String> rows(String table) {
        return SharedSpark.rows(SharedSpark.session().table("movedata.shop." + table)
                .select("customer", "order_id", "name", "item", "qty"));
    }

    private static Table iceberg(String table) {
        SparkSession spark = SharedSpark.session();
        SparkCatalog catalog = (SparkCatalog) spark.sessionState().catalogManager().catalog("movedata");
        return catalog.icebergCatalog().loadTable(TableIdentifier.of("shop", table));
    }

    @Test
    void copiesTheBackupIntoIcebergWithLineageAndAReport() {
        MovementReport report = runner.run(copy("copied", orders, "monday", "overwrite"));

        assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(rows("copied")).containsExactlyElementsOf(MONDAY);
        Snapshot snapshot = iceberg("copied").currentSnapshot();
        assertThat(snapshot.summary())
                .containsEntry("movedata.backup.name", "monday")
                .containsEntry("movedata.backup.location", orders.toString())
                .containsEntry("movedata.reference-time", mondayReferenceTime())
                .containsEntry("movedata.source.tables", "shop.orders")
                .containsEntry("movedata.connector", "cassandra-table")
                .containsEntry("movedata.connector.version", "1")
                .containsEntry("movedata.consistency", "ALL")
                .containsEntry("movedata.movement-id", report.movementId());
        assertThat(report.tables()).singleElement().satisfies(t -> {
            assertThat(t.table()).isEqualTo("movedata.shop.copied");
            assertThat(t.snapshotId()).isEqualTo(snapshot.snapshotId());
            assertThat(t.rowsWritten()).isEqualTo(MONDAY.size());
            assertThat(t.created()).isTrue();
        });
        assertThat(report.read().rows()).isEqualTo(MONDAY.size());
        assertThat(report.read().partitions()).isEqualTo(4);
        assertThat(report.read().largestPartitionRows()).isEqualTo(4);
        // c1's row deletion and the two expired cells of c2's TTL 1 row, each on all three replicas, counted once
        assertThat(report.read().tombstonesPurged()).isEqualTo(3);
        assertThat(report.read().splitsDone()).isEqualTo(report.read().splits()).isPositive();
        assertThat(report.read().sstables()).isEqualTo(mondayDataFiles);
        assertThat(report.read().bytesRead()).isPositive().isEqualTo(report.read().plannedBytes());
        MovementReport written = MovementReport.read(Path.of(report.reportPath()));
        assertThat(written).isEqualTo(report);
        assertThat(Files.exists(Path.of(report.reportPath()))).isTrue();
    }

    @Test
    void rerunOfTheSameBackupIsUpToDate() {
        MovementReport first = runner.run(copy("rerun", orders, "monday", "overwrite"));
        MovementReport second = runner.run(copy("rerun", orders, "monday", "overwrite"));

        assertThat(second.outcome()).as(second.summary()).isEqualTo(MovementReport.Outcome.UP_TO_DATE);
        assertThat(second.tables().get(0).snapshotId()).isEqualTo(first.tables().get(0).snapshotId());
        assertThat(second.summary()).contains("already up to date");
        assertThat(rows("rerun")).containsExactlyElementsOf(MONDAY);
        assertThat(iceberg("rerun").snapshots()).hasSize(1);
    }

    @Test
    void laterBackupOverwritesAndTimeTravelReturnsTheEarlierBackup() {
        MovementReport monday = runner.run(copy("travel", orders, "monday", "overwrite"));
        MovementReport tuesday = runner.run(copy("travel", orders, "tuesday", "overwrite"));

        assertThat(tuesday.outcome()).as(tuesday.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(rows("travel")).containsExactlyElementsOf(tuesday());
        assertThat(tuesday.tables().get(0).previousSnapshotId()).isEqualTo(monday.tables().get(0).snapshotId());
        List<String> earlier = SharedSpark.rows(SharedSpark.session().read()
                .option("snapshot-id", monday.tables().get(0).snapshotId()).table("movedata.shop.travel")
                .select("customer", "order_id", "name", "item", "qty"));
        assertThat(earlier).containsExactlyElementsOf(MONDAY);
        assertThat(iceberg("travel").snapshot(monday.tables().get(0).snapshotId()).summary())
                .containsEntry("movedata.backup.name", "monday");
    }

    @Test
    void appendAddsTheRowsOfEachBackupOnce() {
        runner.run(copy("appended", orders, "monday", "append"));
        runner.run(copy("appended", orders, "tuesday", "append"));
        MovementReport again = runner.run(copy("appended", orders, "monday", "append"));

        assertThat(again.outcome()).isEqualTo(MovementReport.Outcome.UP_TO_DATE);
        List<String> both = new ArrayList<>(MONDAY);
        both.addAll(tuesday());
        both.sort(null);
        assertThat(rows("appended")).containsExactlyElementsOf(both);
    }

    @Test
    void columnAddedInALaterBackupEvolvesTheSchema() {
        runner.run(copy("evolved", orders, "monday", "append"));
        MovementReport later = runner.run(copy("evolved", widened, "wednesday", "append"));

        assertThat(later.outcome()).as(later.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(later.tables().get(0).addedColumns()).containsExactly("gift");
        assertThat(iceberg("evolved").schema().findField("gift").type().toString()).isEqualTo("boolean");
        List<String> rows = SharedSpark.rows(SharedSpark.session().table("movedata.shop.evolved")
                .select("customer", "order_id", "gift"));
        List<String> expected = new ArrayList<>();
        for (String row : MONDAY) {
            String[] cells = row.split("\\|");
            expected.add(cells[0] + "|" + cells[1] + "|null");
        }
        expected.add("c5|1|true");
        expected.sort(null);
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void failedMovementLeavesTheTableAsItWas() {
        MovementReport good = runner.run(copy("guarded", damaged, "good", "overwrite"));
        long before = iceberg("guarded").currentSnapshot().snapshotId();
        List<String> rowsBefore = rows("guarded");

        MovementReport bad = runner.run(copy("guarded", damaged, "bad", "overwrite"));

        assertThat(good.outcome()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(bad.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(bad.error().kind()).isEqualTo("unreadable-source");
        assertThat(bad.error().message()).contains("-Data.db: chunk at bytes ", " has CRC32 ", " but the checksum stored after it is ");
        assertThat(MovementReport.read(Path.of(bad.reportPath())).error()).isEqualTo(bad.error());
        Table table = iceberg("guarded");
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(rows("guarded")).isEqualTo(rowsBefore);
    }

    @Test
    void partitionTransformConnectorRebuildsOneRecordPerPartition() {
        MovementReport report = runner.run(spec("summaries", orders, "tuesday", "overwrite",
                "name: order-summary\n  options: {table: shop.orders, separator: ','}"));

        assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(SharedSpark.rows(SharedSpark.session().table("movedata.shop.summaries")))
                .containsExactly(
                        "c0|3|3:item03,2:item02,1:item01|C0!",
                        "c1|2|2:item12,1:item11|C1!",
                        "c2|4|8:kept,3:item23,2:item22,1:item21|C2!",
                        "c4|1|1:new|C4!");
        assertThat(iceberg("summaries").currentSnapshot().summary())
                .containsEntry("movedata.connector", "order-summary").containsEntry("movedata.connector.version", "7");
    }

    @Test
    void serviceLoaderFindsBuiltInAndRegisteredConnectors() {
        assertThat(Connectors.all()).extracting(ConnectorFactory::name).contains("cassandra-table", "order-summary");
        assertThatThrownBy(() -> Connectors.named("kv"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("Unknown connector 'kv'")
                .hasMessageContaining("cassandra-table").hasMessageContaining("order-summary");
    }

    @Test
    void unknownConnectorOrBadOptionFailsBeforeReadingWithTheDocumentation() {
        MovementReport unknown = runner.run(spec("never1", orders, "monday", "overwrite", "name: kv"));
        MovementReport badOption = runner.run(spec("never2", orders, "monday", "overwrite",
                "name: order-summary\n  options: {table: shop.orders, maxItems: 0}"));

        assertThat(unknown.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(unknown.error().kind()).isEqualTo("invalid-input");
        assertThat(unknown.error().message()).contains("Unknown connector 'kv'", "cassandra-table", "order-summary");
        assertThat(badOption.error().message())
                .contains("option 'maxItems': expected a number of at least 1, found '0' (items listed per customer at most)");
        assertThat(badOption.read()).isNull();
    }

    @Test
    void reportReadsBackAsJson() throws IOException {
        MovementReport report = runner.run(copy("json", orders, "tuesday", "overwrite"));
        String json = Files.readString(Path.of(report.reportPath()));

        assertThat(json).contains("\"movementId\" : \"" + report.movementId() + "\"", "\"outcome\" : \"SUCCEEDED\"",
                "\"backup\" : \"tuesday\"", "\"largestPartitionRows\" : 4",
                "\"tombstonesPurged\" : 4", "\"rowsWritten\" : " + tuesday().size());
        assertThat(json).doesNotContain(S3.options().get(StoreLocation.SECRET_KEY));
    }

    private MovementSpec audit(String name, String backup, String tables) {
        return spec(name, tables, orders, backup, "overwrite",
                "name: order-audit\n  options: {table: shop.orders, largeQty: 3}");
    }

    private static long snapshotOf(MovementReport report, String target) {
        return report.tables().stream().filter(table -> table.target().equals(target)).findFirst().orElseThrow().snapshotId();
    }

    @Test
    void connectorSeesTheBackupItReadsAndTheBackupItsTargetHeldBefore() {
        String tables = "tables: {orders: audited, moves: audit_moves}";
        MovementReport monday = runner.run(audit("audit", "monday", tables));
        List<String> firstMove = SharedSpark.rows(SharedSpark.session().table("movedata.shop.audit_moves"));
        MovementReport tuesday = runner.run(audit("audit", "tuesday", tables));

        assertThat(monday.outcome()).as(monday.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(tuesday.outcome()).as(tuesday.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        String nodes = "node1.fixture.local/%1$s,node2.fixture.local/%1$s,node3.fixture.local/%1$s";
        assertThat(firstMove).containsExactly(String.join("|", monday.movementId(), orders.toString(), "monday",
                nodes.formatted("monday"), Timestamp.from(referenceTime("monday")).toString(), "null", "null", "null"));
        assertThat(SharedSpark.rows(SharedSpark.session().table("movedata.shop.audit_moves")))
                .containsExactly(String.join("|", tuesday.movementId(), orders.toString(), "tuesday",
                        nodes.formatted("tuesday"), Timestamp.from(referenceTime("tuesday")).toString(),
                        String.valueOf(snapshotOf(monday, "moves")), "monday", monday.movementId()));
        String asOf = Timestamp.from(referenceTime("tuesday")).toString();
        assertThat(SharedSpark.rows(SharedSpark.session().table("movedata.shop.audited")))
                .containsExactlyElementsOf(tuesday().stream().map(row -> {
                    String[] cells = row.split("\\|");
                    return String.join("|", cells[0], cells[1], cells[4], asOf);
                }).toList());
    }

    @Test
    void countsAppearInTheReportWithSamples() throws IOException {
        MovementReport report = runner.run(audit("counted", "monday", "tables: {orders: counted, moves: counted_moves}"));

        assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        MovementReport.CountReport large = report.connector().counts().get("largeOrders");
        assertThat(large.description()).isEqualTo("orders of at least 3 items");
        assertThat(large.count()).isEqualTo(4);
        assertThat(large.samples()).containsExactlyInAnyOrder("c0/2: 10 items", "c0/3: 3 items", "c2/3: 3 items",
                "c3/3: 3 items");
        assertThat(report.summary()).contains("  count   largeOrders: 4 (orders of at least 3 items), e.g. c");
        String json = Files.readString(Path.of(report.reportPath()));
        assertThat(json).contains("\"counts\" : {", "\"largeOrders\" : {", "\"description\" : \"orders of at least 3 items\"",
                "\"count\" : 4", "\"c0/2: 10 items\"");
        assertThat(MovementReport.read(Path.of(report.reportPath()))).isEqualTo(report);
    }

    @Test
    void currentSnapshotOfATargetTheDestinationDoesNotMapIsRefusedNamingTheMappedOnes() {
        MovementReport report = runner.run(audit("unmapped", "monday", "tables: {orders: unmapped}"));

        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(report.error().kind()).isEqualTo("invalid-input");
        assertThat(report.error().message()).isEqualTo("Connector 'order-audit' asked for the current snapshot of target "
                + "'moves', which 'destination.tables' does not map; it maps [orders]");
        assertThat(SharedSpark.session().catalog().tableExists("movedata.shop.unmapped")).isFalse();
    }

    @Test
    void dryRunOfAConnectorUsingItsContextPlansBothTables() {
        MovementPlan plan = runner.plan(audit("planned", "monday", "tables: {orders: planned, moves: planned_moves}"));

        assertThat(plan.tables()).extracting(TablePlan::table, TablePlan::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("movedata.shop.planned", TablePlan.Action.CREATE),
                org.assertj.core.groups.Tuple.tuple("movedata.shop.planned_moves", TablePlan.Action.CREATE));
    }

    @Test
    void cogroupConnectorWritesTwoTablesFromOrdersAndNotesReadTogether() {
        MovementReport report = runner.run(spec("activity", "tables: {summary: activity, notes: activity_notes}", activity,
                "today", "overwrite", "name: customer-activity\n  options: {orders: shop.orders, notes: shop.notes}"));

        assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(SharedSpark.rows(SharedSpark.session().table("movedata.shop.activity")))
                .containsExactly("c1|2|1", "c2|1|0", "c3|0|2");
        assertThat(SharedSpark.rows(SharedSpark.session().table("movedata.shop.activity_notes")))
                .containsExactly("c1|1|call back", "c3|1|prospect", "c3|2|sent brochure");
        assertThat(report.connector().counts()).containsExactly(Map.entry("prospects",
                new MovementReport.CountReport("customers with notes and no order", 1, List.of("c3 (2 notes)"))));
        assertThat(report.read().rows()).isEqualTo(6);
    }
}
