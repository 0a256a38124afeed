package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;

/**
 * What a user sees when Spark runs: through the real launcher, a failure read on an executor is one
 * line, {@code movedata: ...}, in movedata's words, not Spark's job failure with its stack traces and
 * its executor's ERROR log; a run that succeeds prints nothing on stderr at all; {@code --verbose}
 * brings the rest back.
 */
class QuietOutputIT {
    @RegisterExtension
    static final Launcher MOVEDATA = new Launcher();

    private static Path work;
    private static String intact;
    private static String corrupt;
    private static String corruptKey;

    @BeforeAll
    static void writeBackups() throws IOException {
        work = MOVEDATA.work();
        StoreLocation good = StoreLocation.ofDirectory(work.resolve("intact"));
        StoreLocation bad = StoreLocation.ofDirectory(work.resolve("corrupt"));
        try (FixtureCluster cluster = SmallTable.cluster(1, 1);
             ObjectStore store = ObjectStores.open(good);
             ObjectStore damaged = ObjectStores.open(bad)) {
            SmallTable.writeGrid(cluster, 20, 1, (k, c) -> "value " + k);
            cluster.backup(store, good, "b1", BackupMode.FULL);
            ClusterBackupInfo backup = cluster.backup(damaged, bad, "b1", BackupMode.FULL);
            BackupObject data = backup.nodes().values().iterator().next().objects("ks", "t").stream()
                    .filter(o -> o.fileName().endsWith("-Data.db")).findFirst().orElseThrow();
            corruptKey = data.key();
            // One byte flipped inside the compressed chunk: the read fails on its checksum.
            Path file = work.resolve("corrupt").resolve(corruptKey);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x5A;
            Files.write(file, bytes);
        }
        intact = good.toString();
        corrupt = bad.toString();
    }

    private static Path spec(String name, String location) throws IOException {
        return Files.writeString(work.resolve(name + ".yaml"), """
                name: %s
                source: {location: "%s", backup: b1, tables: [ks.t], consistency: ONE}
                connector: {name: cassandra-table}
                destination:
                  catalog: {name: lake, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: %s
                reportDirectory: "%s"
                """.formatted(name, location, work.resolve("warehouse"), name, work.resolve("reports")));
    }

    /** One line on stderr, movedata's, and none of Spark's wrapping. */
    private static void assertOneMovedataLine(ChildProcess run) {
        assertThat(run.err().lines()).as(run.toString()).singleElement().asString()
                .startsWith("movedata: ").doesNotContain("Job aborted", "Driver stacktrace", "SparkException");
    }

    @Test
    void aCorruptObjectReadByShowIsOneLine() throws Exception {
        ChildProcess run = MOVEDATA.run("show", corrupt, "--table", "ks.t");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(run.out()).isEmpty();
        assertOneMovedataLine(run);
        assertThat(run.err()).contains(corruptKey);
    }

    @Test
    void withVerboseTheStackTraceAndSparksLogComeBack() throws Exception {
        ChildProcess run = MOVEDATA.run("show", corrupt, "--table", "ks.t", "--verbose");

        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).as(run.toString()).contains("\tat ", " ERROR ", "Executor");
    }

    @Test
    void aMovementOfACorruptBackupSaysWhyInOneLineInTheSummaryAndOnStderr() throws Exception {
        ChildProcess run = MOVEDATA.run("run", spec("corrupt", corrupt).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(run.out()).contains("): FAILED");
        String summaryError = run.out().lines().filter(line -> line.startsWith("  error   ")).findFirst().orElseThrow();
        assertThat(summaryError).doesNotContain("Job aborted", "\tat ");
        assertOneMovedataLine(run);
        assertThat(run.err()).contains(corruptKey).isEqualTo("movedata: " + summaryError.substring("  error   ".length()) + "\n");
    }

    @Test
    void aMovementAndItsUpToDateRerunPrintNothingOnStderrAndNoEmptyProgress() throws Exception {
        Path spec = spec("intact", intact);
        ChildProcess first = MOVEDATA.run("run", spec.toString());
        ChildProcess again = MOVEDATA.run("run", spec.toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).as(first.toString()).isEmpty();
        assertThat(first.out()).containsPattern("done: (\\d+)/\\1 splits \\(100%\\), 20 rows, ").contains("lake.ks.intact: 20 rows written")
                .containsPattern(" at [0-9.]+ (B|KiB|MiB)/s, ").doesNotContain("MB");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.err()).as(again.toString()).isEmpty();
        assertThat(again.out()).contains("UP_TO_DATE", "already up to date").doesNotContain("done: 0/0", "splits");
    }

    @Test
    void aBadValueInAnExportIsOneLine() throws Exception {
        ChildProcess moved = MOVEDATA.run("run", spec("truth", intact).toString());
        Path export = Files.writeString(work.resolve("bad.jsonl"), "{\"k\": 1, \"c\": \"zero\", \"v\": \"value 1\"}\n");
        ChildProcess run = MOVEDATA.run("validate", export.toString(), "lake.ks.truth",
                "--catalog", "lake:type=hadoop,warehouse=" + work.resolve("warehouse"), "--report", work.resolve("reports").toString());

        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertOneMovedataLine(run);
        assertThat(run.err()).contains("zero");
    }
}
