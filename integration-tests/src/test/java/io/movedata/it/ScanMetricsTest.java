package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.ReadReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.spark.ScanMetrics;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The scan's Spark custom metrics, read from the executed plan's scan node after an action: for a
 * plain {@code spark.read} they are the fixture's content (rows, partitions, SSTables); for a
 * movement, the figures of its report, which come from the same per-split counts.
 */
class ScanMetricsTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("metrics");

    private static final int PARTITIONS = 20;
    private static final int ROWS_PER_PARTITION = 3;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;

    @BeforeAll
    static void writeBackup() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                        CREATE TABLE ks.kv (k int, c int, v text, PRIMARY KEY (k, c));
                        """)
                .nodes(1)
                .build();
        // Two SSTables: the first half of the partitions, then the second.
        for (int k = 0; k < PARTITIONS; k++) {
            for (int c = 0; c < ROWS_PER_PARTITION; c++) {
                cluster.execute("INSERT INTO ks.kv (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, "v" + k + "-" + c);
            }
            if (k == PARTITIONS / 2 - 1) {
                cluster.flush();
            }
        }
        cluster.flush();
        location = S3.location("metrics", "cluster1");
        try (ObjectStore store = S3.openStore("metrics")) {
            cluster.backup(store, location, "b1", BackupMode.FULL);
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void aPlainReadShowsTheFixturesRowsPartitionsAndSSTables() {
        Dataset<Row> frame = SharedSpark.session().read().format("cassandra-backup")
                .options(SharedSpark.backupOptions(S3, location, "ks.kv", "name", "b1", "consistency", "ONE")).load();

        List<String> rows = SharedSpark.rows(frame);

        assertThat(rows).hasSize(PARTITIONS * ROWS_PER_PARTITION).contains("0|0|v0-0", "19|2|v19-2");
        Map<String, Long> metrics = scanMetrics(List.of(frame.queryExecution()));
        assertThat(metrics.get(ScanMetrics.ROWS)).isEqualTo(PARTITIONS * ROWS_PER_PARTITION);
        assertThat(metrics.get(ScanMetrics.PARTITIONS)).isEqualTo(PARTITIONS);
        assertThat(metrics.get(ScanMetrics.SSTABLES_OPENED)).isEqualTo(2);
        assertThat(metrics.get(ScanMetrics.BYTES_FETCHED)).isPositive();
        assertThat(metrics.get(ScanMetrics.BYTES_READ)).isPositive();
    }

    @Test
    void aMovementsScanMetricsAreItsReportsFigures() throws TimeoutException {
        SparkSession spark = SharedSpark.session();
        List<QueryExecution> executed = new ArrayList<>();
        QueryExecutionListener listener = new QueryExecutionListener() {
            @Override
            public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
                synchronized (executed) {
                    executed.add(qe);
                }
            }

            @Override
            public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
        };
        spark.listenerManager().register(listener);
        MovementReport report;
        try {
            report = new MovementRunner(spark).run(spec());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.listenerManager().unregister(listener);
        }

        assertThat(report.outcome()).as(String.valueOf(report.error())).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        ReadReport read = report.read();
        assertThat(read.rows()).isEqualTo(PARTITIONS * ROWS_PER_PARTITION);
        Map<String, Long> metrics;
        synchronized (executed) {
            metrics = scanMetrics(executed);
        }
        assertThat(metrics).containsExactlyInAnyOrderEntriesOf(Map.of(
                ScanMetrics.ROWS, read.rows(),
                ScanMetrics.PARTITIONS, read.partitions(),
                ScanMetrics.SSTABLES_OPENED, (long) read.sstables(),
                ScanMetrics.BYTES_READ, read.bytesRead(),
                ScanMetrics.BYTES_FETCHED, read.bytesFetched()));
    }

    private static MovementSpec spec() {
        Map<String, String> s3 = S3.options();
        String yaml = """
                name: metrics
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  backup: b1
                  tables: [ks.kv]
                  consistency: ONE
                connector: {name: cassandra-table}
                destination:
                  catalog: {name: metrics, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: kv
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), work.resolve("warehouse"),
                work.resolve("reports"));
        return MovementSpec.parse(yaml, "metrics.yaml", variable -> null);
    }

    /** The scan metrics of every cassandra-backup scan node of the executed plans, summed by name. */
    private static Map<String, Long> scanMetrics(List<QueryExecution> executions) {
        List<BatchScanExec> scans = new ArrayList<>();
        executions.forEach(qe -> collectScans(qe.executedPlan(), scans));
        assertThat(scans).as("cassandra-backup scans").isNotEmpty();
        Map<String, Long> sums = new TreeMap<>();
        for (BatchScanExec scan : scans) {
            CollectionConverters.asJava(scan.metrics()).forEach((name, metric) -> {
                if (!name.equals("numOutputRows")) {
                    sums.merge(name, metric.value(), Long::sum);
                }
            });
        }
        return sums;
    }

    private static void collectScans(SparkPlan plan, List<BatchScanExec> scans) {
        if (plan instanceof BatchScanExec scan && scan.scan().description().startsWith("cassandra-backup")) {
            scans.add(scan);
        } else if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collectScans(adaptive.executedPlan(), scans);
        } else if (plan instanceof QueryStageExec stage) {
            collectScans(stage.plan(), scans);
        }
        CollectionConverters.asJava(plan.children()).forEach(child -> collectScans(child, scans));
    }
}
