package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;
import io.movedata.testkit.spark.SparkEventLog;
import io.movedata.testkit.spark.SparkStandaloneCluster;
import io.movedata.testkit.spark.SparkStandaloneCluster.DeployMode;
import io.movedata.testkit.spark.SparkSubmission;

/**
 * The bundle on a real Spark standalone cluster (a master and two workers, each a JVM of its own,
 * the second on 127.0.0.2, each launching its own executor), submitted in client and in cluster
 * deploy mode: the executors read a backup from the S3 endpoint in this JVM and the driver commits
 * to a Hadoop catalog on this machine's disk, which every JVM reaches. Each movement must write the
 * rows the same movement writes in local mode, with tasks run by executors of both workers.
 */
class StandaloneClusterIT {
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
    private static final int PARTITIONS = 40;
    private static final int CLUSTERINGS = 5;

    /** Kept when a test fails: the daemons', executors' and drivers' logs are in spark/. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static S3Endpoint s3;
    private static SparkStandaloneCluster spark;
    private static Path bundle;
    private static Path warehouse;
    private static List<String> localRows;

    @BeforeAll
    static void startClusterAndMoveLocally() throws Exception {
        assumeTrue(System.getProperty("movedata.bundle") != null,
                "runs in the cli module's integration-test phase, after package built the bundle");
        bundle = Path.of(System.getProperty("movedata.bundle"));
        warehouse = work.resolve("warehouse");
        s3 = S3Endpoint.inMemory();
        s3.createBucket("backups");
        try (FixtureCluster cluster = SmallTable.cluster(3, 2); ObjectStore store = s3.openStore("backups")) {
            SmallTable.writeGrid(cluster, PARTITIONS, CLUSTERINGS, (k, c) -> "v-" + k + "-" + c);
            cluster.backup(store, s3.location("backups", "cluster1"), "b1", BackupMode.FULL);
        }
        spark = SparkStandaloneCluster.builder().distribution(BundleSubmit.sparkJars()).directory(work.resolve("spark"))
                .jvmOptions(BundleSubmit.jvmOpens()).start();

        ChildProcess local = BundleSubmit.local(work, "run", spec("t_local").toString());
        assertThat(local.exitCode()).as(local.toString()).isZero();
        localRows = rows("t_local");
        List<String> grid = new ArrayList<>();
        for (int k = 0; k < PARTITIONS; k++) {
            for (int c = 0; c < CLUSTERINGS; c++) {
                grid.add(k + "|" + c + "|v-" + k + "-" + c);
            }
        }
        assertThat(localRows).containsExactlyInAnyOrderElementsOf(grid);
    }

    @AfterAll
    static void stopAll() {
        LocalSpark.stopIfStarted();
        if (spark != null) {
            spark.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Timeout(300)
    void clientModeWritesTheRowsOfLocalModeWithTasksOnBothWorkers() throws Exception {
        SparkSubmission run = spark.submit(DeployMode.CLIENT, bundle, "io.movedata.cli.MovedataCli", Map.of(),
                List.of("run", spec("t_client").toString()), SUBMIT_TIMEOUT);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("SUCCEEDED", "lake.ks.t_client: " + localRows.size() + " rows written");
        assertThat(rows("t_client")).containsExactlyInAnyOrderElementsOf(localRows);
        assertThat(readTaskHosts(run)).containsExactly(SparkStandaloneCluster.workerHost(1), SparkStandaloneCluster.workerHost(2));
    }

    @Test
    @Timeout(300)
    void clusterModeDriverFinishesWithTheRowsOfLocalModeAndItsReport() throws Exception {
        Path reports = work.resolve("reports-t_cluster");

        SparkSubmission run = spark.submit(DeployMode.CLUSTER, bundle, "io.movedata.cli.MovedataCli", Map.of(),
                List.of("run", spec("t_cluster").toString()), SUBMIT_TIMEOUT);

        // In cluster mode spark-submit exits 0 whatever the driver's end: its state on the master tells.
        assertThat(run.exitCode()).as(run.toString()).isZero();
        SparkSubmission.Driver driver = run.driver().orElseThrow();
        assertThat(driver.state()).as(run + "\n--- driver stderr\n" + driver.err()).isEqualTo("FINISHED");
        assertThat(driver.out()).contains("SUCCEEDED", "lake.ks.t_cluster: " + localRows.size() + " rows written");
        assertThat(LauncherMovements.report(reports)).as("the report in " + reports).isPresent();
        assertThat(Files.readString(LauncherMovements.report(reports).orElseThrow())).contains("\"SUCCEEDED\"");
        assertThat(rows("t_cluster")).containsExactlyInAnyOrderElementsOf(localRows);
        assertThat(readTaskHosts(run)).containsExactly(SparkStandaloneCluster.workerHost(1), SparkStandaloneCluster.workerHost(2));
    }

    /** The hosts of the executors that ran tasks of the backup's read, from the application's event log. */
    private static Set<String> readTaskHosts(SparkSubmission run) throws IOException {
        return SparkEventLog.taskEnds(run.eventLog()).stream()
                .filter(task -> task.succeeded() && task.inStageWith("BatchScan s3://backups/cluster1#b1/ks.t"))
                .map(SparkEventLog.TaskEnd::host).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A spec moving ks.t of backup b1 at ONE into {@code lake.ks.<table>}, its report in {@code reports-<table>}. */
    private static Path spec(String table) throws IOException {
        Path file = work.resolve(table + ".yaml");
        Files.writeString(file, """
                name: %s
                source:
                  location: s3://backups/cluster1
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: b1
                  consistency: ONE
                connector: {name: cassandra-table, options: {table: ks.t}}
                destination:
                  catalog: {name: lake, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: %s
                reportDirectory: "%s"
                """.formatted(table.replace('_', '-'), s3.endpoint(), S3Endpoint.REGION, S3Endpoint.ACCESS_KEY,
                S3Endpoint.SECRET_KEY, warehouse, table, work.resolve("reports-" + table)));
        return file;
    }

    /** The rows of {@code lake.ks.<table>} as {@code k|c|v}, read with Spark in this JVM. */
    private static List<String> rows(String table) {
        SparkSession session = LocalSpark.session();
        CatalogSettings.hadoop("lake", warehouse).register(session);
        return session.table("lake.ks." + table).select("k", "c", "v").collectAsList().stream()
                .map(row -> row.getInt(0) + "|" + row.getInt(1) + "|" + row.getString(2)).toList();
    }
}
