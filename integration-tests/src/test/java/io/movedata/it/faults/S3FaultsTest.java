package io.movedata.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.S3Requests;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;
import io.movedata.testkit.s3.FaultCounts;
import io.movedata.testkit.s3.FaultPlan;
import io.movedata.testkit.s3.FaultyS3;
import io.movedata.testkit.s3.RequestClass;
import io.movedata.testkit.s3.S3Fault;

/**
 * Movements whose every S3 request (catalog listing, planning, the splits' reads) goes through
 * {@link FaultyS3}: at 20% of requests failing in the full mix they succeed with the rows of a
 * fault-free movement and report each fault the proxy injected; when every request fails they fail
 * with an external error and leave the table as it was.
 */
class S3FaultsTest {
    private static final String BUCKET = "faults";
    private static final int CUSTOMERS = 150;
    private static final int ORDERS = 4;
    private static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
            CREATE TABLE shop.orders (customer text, order_id int, item text, qty int, PRIMARY KEY (customer, order_id));
            """;

    @TempDir
    static Path work;

    private static S3Endpoint endpoint;
    private static FaultyS3 proxy;
    private static StoreLocation backups;
    private static MovementRunner runner;

    @BeforeAll
    static void writeBackup() {
        endpoint = S3Endpoint.inMemory();
        endpoint.createBucket(BUCKET);
        proxy = FaultyS3.start(endpoint, FaultPlan.none());
        backups = endpoint.location(BUCKET, "orders");
        try (FixtureCluster cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build();
             ObjectStore store = endpoint.openStore(BUCKET)) {
            for (int c = 0; c < CUSTOMERS; c++) {
                for (int o = 1; o <= ORDERS; o++) {
                    cluster.execute("INSERT INTO shop.orders (customer, order_id, item, qty) VALUES (?, ?, ?, ?)",
                            customer(c), o, "item-" + c + "-" + o, c * o);
                }
                if (c == CUSTOMERS / 2) {
                    cluster.flush(); // two SSTables per node
                }
            }
            cluster.flush();
            cluster.backup(store, backups, "monday", BackupMode.FULL);
            cluster.execute("INSERT INTO shop.orders (customer, order_id, item, qty) VALUES ('tuesday', 1, 'new', 1)");
            cluster.flush();
            cluster.backup(store, backups, "tuesday", BackupMode.FULL);
        }
        runner = new MovementRunner(SharedSpark.session());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        endpoint.close();
    }

    private static String customer(int c) {
        return String.format(Locale.ROOT, "c%03d", c);
    }

    private static List<String> expectedRows() {
        List<String> rows = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int o = 1; o <= ORDERS; o++) {
                rows.add(customer(c) + "|" + o + "|item-" + c + "-" + o + "|" + c * o);
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void atTwentyPercentOfRequestsFailingTheMovementSucceedsWithTheSameRowsAndCountsEachFault() {
        proxy.plan(FaultPlan.none());
        MovementReport clean = runner.run(spec("clean", "monday", 10));
        FaultCounts cleanCounts = proxy.counts(BUCKET);
        assertThat(clean.outcome()).as(clean.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(rows("clean")).containsExactlyElementsOf(expectedRows());
        assertThat(clean.s3()).isEqualTo(new S3Requests(cleanCounts.totalRequests(), 0, 0, 0, Map.of()));

        proxy.plan(FaultPlan.seeded(2026).rate(0.2));
        MovementReport faulty = runner.run(spec("faulty", "monday", 10));
        FaultCounts counts = proxy.counts(BUCKET);
        System.out.println("S3FaultsTest 20%: proxy " + counts + "\n" + faulty.summary());

        assertThat(faulty.outcome()).as(faulty.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(rows("faulty")).containsExactlyElementsOf(rows("clean"));
        assertThat(counts.injected().keySet()).as("every fault of the mix happened").containsExactlyInAnyOrder(S3Fault.values());
        S3Requests s3 = faulty.s3();
        assertThat(counts.disagreementWith(s3)).isNull();
        assertThat(s3.failedCalls()).isZero();
        assertThat(s3.retries() + s3.refetches()).isEqualTo(counts.totalInjected());
        assertThat(faulty.summary()).contains("  s3      " + String.format(Locale.ROOT, "%,d", s3.requests()) + " requests, ");
    }

    /** What {@code movedata backups list} reads: every node backup's entry, manifest, state and problems. */
    @Test
    void theBackupCatalogReadsTheSameThroughTwentyPercentOfRequestsFailing() {
        proxy.plan(FaultPlan.none());
        List<NodeBackup> clean = nodeBackups();
        proxy.plan(FaultPlan.seeded(2027).rate(0.2));
        List<NodeBackup> faulty = nodeBackups();
        FaultCounts counts = proxy.counts(BUCKET);
        System.out.println("S3FaultsTest catalog at 20%: proxy " + counts);

        assertThat(faulty).isEqualTo(clean).hasSize(6);
        assertThat(clean).allSatisfy(backup -> assertThat(backup.complete()).as(backup.toString()).isTrue());
        assertThat(counts.totalInjected()).isPositive();
    }

    private static List<NodeBackup> nodeBackups() {
        StoreLocation location = StoreLocation.parse(backups.toString(), proxy.options());
        try (ObjectStore store = ObjectStores.open(location)) {
            BackupCatalog catalog = BackupCatalog.open(store, location);
            return catalog.readAll(catalog.entries());
        }
    }

    @Test
    void whenEveryRequestFailsTheMovementFailsAsExternalAndTheTableIsUnchanged() {
        long before = movedMonday("guarded");

        proxy.plan(FaultPlan.seeded(7).rate(1));
        MovementReport failed = runner.run(spec("guarded", "tuesday", 2));
        FaultCounts counts = proxy.counts(BUCKET);
        System.out.println("S3FaultsTest 100%: proxy " + counts + "\n" + failed.summary());

        assertThat(failed.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(failed.error().kind()).isEqualTo("external");
        assertThat(failed.error().message()).startsWith("Cannot list s3://faults/orders/").doesNotContain("\n");
        assertThat(counts.disagreementWith(failed.s3())).isNull();
        assertThat(counts.totalInjected()).as("every request").isEqualTo(counts.totalRequests());
        assertThat(failed.s3().failedCalls()).isPositive();
        assertUnchanged("guarded", before);
    }

    /** The catalog and the plan are read; every GET of the split reads then fails: the executors' failure path. */
    @Test
    void whenEveryReadOfTheSplitsFailsTheErrorNamesTheObjectAndTheTableIsUnchanged() {
        long before = movedMonday("reads");

        proxy.plan(FaultPlan.seeded(8).rate(1).appliesTo(RequestClass.GET_RANGE));
        MovementReport failed = runner.run(spec("reads", "tuesday", 2));
        System.out.println("S3FaultsTest 100% of ranged GETs: proxy " + proxy.counts(BUCKET) + "\n" + failed.summary());

        assertThat(failed.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(failed.error().kind()).isEqualTo("external");
        assertThat(failed.error().message()).contains("s3://faults/orders/", "-Data.db").doesNotContain("\n");
        assertUnchanged("reads", before);
    }

    /** Moves backup monday into {@code table} without faults; its snapshot. */
    private long movedMonday(String table) {
        proxy.plan(FaultPlan.none());
        MovementReport report = runner.run(spec(table, "monday", 2));
        assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        return iceberg(table).currentSnapshot().snapshotId();
    }

    /** The table still has snapshot {@code before} as its current one, and monday's rows. */
    private static void assertUnchanged(String table, long before) {
        Table iceberg = iceberg(table);
        iceberg.refresh();
        assertThat(iceberg.currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(rows(table)).containsExactlyElementsOf(expectedRows());
    }

    private MovementSpec spec(String table, String backup, int maxAttempts) {
        Map<String, String> s3 = proxy.options();
        String yaml = """
                name: %s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s", maxAttempts: %d}
                  backup: %s
                  tables: [shop.orders]
                  consistency: QUORUM
                  splitSizeMB: 1
                connector:
                  name: cassandra-table
                destination:
                  catalog: {name: faults, type: hadoop, warehouse: "%s"}
                  namespace: shop
                  table: %s
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(table, backups, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION), s3.get(StoreLocation.ACCESS_KEY),
                s3.get(StoreLocation.SECRET_KEY), maxAttempts, backup, work.resolve("warehouse"), table, work.resolve("reports"));
        return MovementSpec.parse(yaml, table + ".yaml", name -> null);
    }

    private static List<String> rows(String table) {
        return SharedSpark.rows(SharedSpark.session().table("faults.shop." + table).select("customer", "order_id", "item", "qty"));
    }

    private static Table iceberg(String table) {
        SparkSession spark = SharedSpark.session();
        SparkCatalog catalog = (SparkCatalog) spark.sessionState().catalogManager().catalog("faults");
        return catalog.icebergCatalog().loadTable(TableIdentifier.of("shop", table));
    }
}
