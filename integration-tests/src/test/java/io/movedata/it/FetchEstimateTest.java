package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.movedata.runtime.movement.MovementPlan;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.ReadReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.spark.ScanMetric;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3EndpointExtension;

/**
 * A dry run's "about N to fetch from the store" against what the run then fetches (the report's
 * bytesFetched), on a backup in S3: equal when each SSTable is read by one split; otherwise at
 * most the real number and short of it by no more than the chunks the splits' boundaries cut.
 * One SSTable holds one wide partition, a single token, whose bytes all belong to one split: an
 * estimate spreading each split's bytes over its SSTables by size gives it a share of that split
 * only, and counts the small SSTable in every other split at up to its whole size.
 *
 * <p>The scan's Spark custom metrics, from the executed plan's scan node after an action: for a
 * plain {@code spark.read} the fixture's content; for a movement, its report's read figures,
 * which come from the same per-split counts.
 */
class FetchEstimateTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("estimate");

    /** Two chunks (CRC.db's 64 KiB, or a compressed chunk and its checksum) per split per SSTable. */
    private static final long BOUNDARY_SLACK = 2 * (64 * 1024 + 4);
    private static final int SMALL_PARTITIONS = 100;
    private static final int WIDE_ROWS = 10_000;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static MovementRunner runner;

    @BeforeAll
    static void writeBackup() {
        cluster = CompressedAndPlainTables.cluster();
        Random random = new Random(11);
        for (int k = 0; k < SMALL_PARTITIONS; k++) {
            for (int c = 0; c < 4; c++) {
                CompressedAndPlainTables.insert(cluster, k, c, CompressedAndPlainTables.randomText(random, 300));
            }
        }
        cluster.flush();
        // A second SSTable of one wide partition: one token, yet most of the bytes.
        for (int c = 0; c < WIDE_ROWS; c++) {
            CompressedAndPlainTables.insert(cluster, 100_000, c, CompressedAndPlainTables.randomText(random, 500));
        }
        cluster.flush();
        location = S3.location("estimate", "cluster1");
        try (ObjectStore store = S3.openStore("estimate")) {
            cluster.backup(store, location, "b1", BackupMode.FULL);
        }
        runner = new MovementRunner(SharedSpark.session());
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static MovementSpec spec(String table, int splitSizeMB) {
        Map<String, String> s3 = S3.options();
        String name = table + splitSizeMB;
        String yaml = """
                name: %s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  backup: b1
                  tables: [ks.%s]
                  consistency: ONE
                  splitSizeMB: %d
                connector: {name: cassandra-table}
                destination:
                  catalog: {name: estimate, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: %s
                reportDirectory: "%s"
                """.formatted(name, location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), table, splitSizeMB,
                work.resolve("warehouse"), name, work.resolve("reports"));
        return MovementSpec.parse(yaml, name + ".yaml", variable -> null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"compressed", "plain"})
    void oneSplitFetchesExactlyTheEstimate(String table) {
        MovementSpec spec = spec(table, 64);

        MovementPlan plan = runner.plan(spec);
        MovementReport report = runner.run(spec);

        assertThat(report.outcome()).as(String.valueOf(report.error())).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(plan.splits()).hasSize(1);
        assertThat(plan.sstables()).isEqualTo(2);
        assertThat(report.read().rows()).isEqualTo(SMALL_PARTITIONS * 4 + WIDE_ROWS);
        assertThat(plan.fetchBytes()).isPositive().isEqualTo(report.read().bytesFetched());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compressed", "plain"})
    void manySplitsFetchTheEstimateAndAtMostTheChunksTheirBoundariesCut(String table) {
        MovementSpec spec = spec(table, 1);

        MovementPlan plan = runner.plan(spec);
        MovementReport report = runner.run(spec);

        assertThat(report.outcome()).as(String.valueOf(report.error())).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(plan.splits()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(report.read().rows()).isEqualTo(SMALL_PARTITIONS * 4 + WIDE_ROWS);
        long fetched = report.read().bytesFetched();
        assertThat(plan.fetchBytes()).as("estimated, against %,d fetched in %d splits", fetched, plan.splits().size())
                .isLessThanOrEqualTo(fetched)
                .isGreaterThanOrEqualTo(fetched - plan.splits().size() * 2 * BOUNDARY_SLACK);
    }

    /** The scan's Spark custom metrics after a plain read: the fixture's content, read in one split. */
    @Test
    void aPlainReadsScanMetricsAreTheFixturesContent() {
        Dataset<Row> frame = SharedSpark.session().read().format("cassandra-backup")
                .options(SharedSpark.backupOptions(S3, location, "ks.compressed", "name", "b1", "consistency", "ONE")).load();

        List<Row> rows = frame.collectAsList();

        assertThat(rows).hasSize(SMALL_PARTITIONS * 4 + WIDE_ROWS);
        assertThat(rows.stream().filter(row -> row.getInt(0) == 100_000).count()).isEqualTo(WIDE_ROWS);
        Map<String, Long> metrics = ScanMetrics.of(List.of(frame.queryExecution()));
        assertThat(metrics.get(ScanMetric.ROWS.metricName())).isEqualTo(SMALL_PARTITIONS * 4 + WIDE_ROWS);
        assertThat(metrics.get(ScanMetric.PARTITIONS.metricName())).isEqualTo(SMALL_PARTITIONS + 1);
        assertThat(metrics.get(ScanMetric.SSTABLES_OPENED.metricName())).isEqualTo(2);
        assertThat(metrics.get(ScanMetric.BYTES_FETCHED.metricName())).isPositive();
        assertThat(metrics.get(ScanMetric.BYTES_READ.metricName())).isPositive();
        assertThat(metrics.get(ScanMetric.TOMBSTONES_PURGED.metricName())).as("no deletes, no TTLs").isZero();
    }

    /** A movement's scan metrics, from the executed plan of its write, are its report's read figures. */
    @Test
    void aMovementsScanMetricsAreItsReportsFigures() {
        QueryExecutions executions = new QueryExecutions(SharedSpark.session());
        MovementReport report = executions.during(() -> runner.run(spec("compressed", 128)));

        assertThat(report.outcome()).as(String.valueOf(report.error())).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        ReadReport read = report.read();
        assertThat(read.rows()).isEqualTo(SMALL_PARTITIONS * 4 + WIDE_ROWS);
        assertThat(read.tombstonesPurged()).isZero();
        Map<String, Long> metrics = ScanMetrics.of(executions.executed());
        assertThat(metrics).containsExactlyInAnyOrderEntriesOf(Map.of(
                ScanMetric.ROWS.metricName(), read.rows(),
                ScanMetric.PARTITIONS.metricName(), read.partitions(),
                ScanMetric.SSTABLES_OPENED.metricName(), (long) read.sstables(),
                ScanMetric.BYTES_READ.metricName(), read.bytesRead(),
                ScanMetric.BYTES_FETCHED.metricName(), read.bytesFetched(),
                ScanMetric.TOMBSTONES_PURGED.metricName(), read.tombstonesPurged()));
    }
}
