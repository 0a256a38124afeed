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
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
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
import io.movedata.testkit.spark.SparkExecutor;
import io.movedata.testkit.spark.SparkStandaloneCluster;
import io.movedata.testkit.spark.SparkStandaloneCluster.DeployMode;
import io.movedata.testkit.spark.SparkSubmission;

/**
 * The bundle on a real Spark standalone cluster (a master and two workers, each a JVM of its own,
 * the second on 127.0.0.2, each launching its own executor), submitted in client and in cluster
 * deploy mode: the executors read a backup from the S3 endpoint in this JVM and the driver commits
 * to a Hadoop catalog on this machine's disk, which every JVM reaches. Each movement must write the
 * rows the same movement writes in local mode, with tasks run by executors of both workers, also
 * when an executor dies in the middle of a split.
 */
class StandaloneClusterIT {
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
    private static final int PARTITIONS = 40;
    private static final int CLUSTERINGS = 5;
    /** The operator scope of the backup's read in Spark's event log. */
    private static final String SCAN = "BatchScan s3://backups/cluster1#b1/ks.t";

    /** Kept when a test fails: the daemons', executors' and drivers' logs are in spark/. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    private static S3Endpoint s3;
    private static SparkStandaloneCluster spark;
    private static Path warehouse;
    private static List<String> localRows;

    @BeforeAll
    static void startClusterAndMoveLocally() throws Exception {
        assumeTrue(System.getProperty("movedata.bundle") != null,
                "runs in the cli module's integration-test phase, after package built the bundle");
        warehouse = work.resolve("warehouse");
        s3 = S3Endpoint.inMemory();
        s3.createBucket("backups");
        try (FixtureCluster cluster = SmallTable.cluster(3, 2); ObjectStore store = s3.openStore("backups")) {
            SmallTable.writeGrid(cluster, PARTITIONS, CLUSTERINGS, (k, c) -> "v-" + k + "-" + c);
            cluster.backup(store, s3.location("backups", "cluster1"), "b1", BackupMode.FULL);
        }
        spark = SparkStandaloneCluster.builder().distribution(BundleSubmit.sparkJars()).directory(work.resolve("spark"))
                .jvmOptions(BundleSubmit.jvmOpens()).start();

        ChildProcess local = BundleSubmit.local(work, "run", spec("t_local", s3.endpoint()).toString());
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
        SparkSubmission run = submitRun(DeployMode.CLIENT, spec("t_client", s3.endpoint()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("SUCCEEDED", "lake.ks.t_client: " + localRows.size() + " rows written");
        assertThat(rows("t_client")).containsExactlyInAnyOrderElementsOf(localRows);
        assertThat(readTaskHosts(run)).containsExactly(SparkStandaloneCluster.workerHost(1), SparkStandaloneCluster.workerHost(2));
    }

    @Test
    @Timeout(300)
    void clusterModeDriverFinishesWithTheRowsOfLocalModeAndItsReport() throws Exception {
        Path reports = work.resolve("reports-t_cluster");

        SparkSubmission run = submitRun(DeployMode.CLUSTER, spec("t_cluster", s3.endpoint()));

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

    /**
     * An executor killed (SIGKILL) while it reads a split: Spark runs the split again, on the
     * replacement executor the master starts or on the other worker's, and the movement succeeds
     * with each row once. Timing without sleeps: every read of SSTable data (Data.db) is held at a
     * proxy in front of S3, so a read task, once started, cannot end until the proxy lets it go;
     * the kill comes as soon as worker 2's executor logs a task started and not finished.
     */
    @Test
    @Timeout(300)
    void anExecutorKilledWhileReadingASplitLeavesEachRowOnce() throws Exception {
        try (HeldReads proxy = new HeldReads(s3.port())) {
            proxy.hold();
            Path spec = spec("t_killed", proxy.endpoint());
            FutureTask<SparkSubmission> submitted = new FutureTask<>(() -> submitRun(DeployMode.CLIENT, spec));
            new Thread(submitted, "submit-t_killed").start();

            SparkExecutor victim = awaitExecutorInATask(2, submitted);
            victim.process().destroyForcibly();
            victim.process().onExit().get(60, TimeUnit.SECONDS);
            proxy.release();
            SparkSubmission run = submitted.get();

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).as(run.toString()).contains("SUCCEEDED", "lake.ks.t_killed: " + localRows.size() + " rows written");
            assertThat(rows("t_killed")).containsExactlyInAnyOrderElementsOf(localRows);
            List<SparkEventLog.TaskEnd> reads = SparkEventLog.taskEnds(run.eventLog()).stream()
                    .filter(task -> task.inStageWith(SCAN)).toList();
            SparkEventLog.TaskEnd lost = reads.stream()
                    .filter(task -> task.executorId().equals(victim.id()) && task.reason().equals("ExecutorLostFailure")).findFirst()
                    .orElseThrow(() -> new AssertionError("no read task of killed executor " + victim.id() + " was lost: " + reads));
            assertThat(reads).as("the killed task's split read again").anyMatch(task -> task.index() == lost.index()
                    && task.succeeded() && !task.executorId().equals(victim.id()));
        }
    }

    /**
     * Worker {@code worker}'s executor of the submitted application, once its log shows a task
     * started and not finished.
     */
    private static SparkExecutor awaitExecutorInATask(int worker, FutureTask<SparkSubmission> submitted) throws Exception {
        while (!submitted.isDone()) {
            for (SparkExecutor executor : spark.executors(worker)) {
                if (executor.unfinishedTasks() > 0) {
                    return executor;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The run ended before worker " + worker + "'s executor started a task: " + submitted.get());
    }

    /** {@code spark-submit ... movedata-bundle.jar run <spec>} on the cluster. */
    private static SparkSubmission submitRun(DeployMode mode, Path spec) throws IOException, InterruptedException {
        return spark.submit(mode, BundleSubmit.bundle(), "io.movedata.cli.MovedataCli", Map.of(), List.of("run", spec.toString()),
                SUBMIT_TIMEOUT);
    }

    /** The hosts of the executors that ran tasks of the backup's read, from the application's event log. */
    private static Set<String> readTaskHosts(SparkSubmission run) throws IOException {
        return SparkEventLog.taskEnds(run.eventLog()).stream()
                .filter(task -> task.succeeded() && task.inStageWith(SCAN))
                .map(SparkEventLog.TaskEnd::host).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * A spec moving ks.t of backup b1 at ONE from the S3 endpoint {@code endpoint} into
     * {@code lake.ks.<table>}, its report in {@code reports-<table>}.
     */
    private static Path spec(String table, String endpoint) throws IOException {
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
                """.formatted(table.replace('_', '-'), endpoint, S3Endpoint.REGION, S3Endpoint.ACCESS_KEY,
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
