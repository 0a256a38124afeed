package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * {@code backups list} on a directory and {@code show} against real fixture backups, in an S3 endpoint and in a
 * directory. Every test shares one fixture cluster and, through {@link LocalSpark}, one Spark session.
 */
class ReadCommandsTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("backups");

    @TempDir
    static Path directory;

    private static final String NODE3 = "node3.fixture.local";
    private static FixtureCluster cluster;
    private static String s3Location;
    private static String fileLocation;

    @BeforeAll
    static void writeBackups() {
        cluster = SmallTable.cluster(3, 2);
        SmallTable.writeGrid(cluster, 4, 3, (k, c) -> "v-" + k + "-" + c);
        StoreLocation s3 = S3.location("backups", "cluster1");
        try (ObjectStore store = S3.openStore("backups")) {
            cluster.backup(store, s3, "b1", BackupMode.DIFFERENTIAL);
            cluster.backup(store, s3, "b2", BackupMode.DIFFERENTIAL, BackupOptions.defaults().withoutManifest(NODE3));
        }
        StoreLocation file = StoreLocation.ofDirectory(directory);
        try (ObjectStore store = ObjectStores.open(file)) {
            cluster.backup(store, file, "b1", BackupMode.FULL);
        }
        s3Location = s3.toString();
        fileLocation = file.toString();
    }

    @AfterAll
    static void close() {
        LocalSpark.stopIfStarted();
        cluster.close();
    }

    /** The command line options that reach the test S3 endpoint. */
    private static List<String> s3Options() {
        Map<String, String> settings = S3.options();
        return List.of("--s3-endpoint", settings.get(StoreLocation.ENDPOINT), "--s3-path-style",
                "--s3-region", settings.get(StoreLocation.REGION),
                "--s3-access-key", settings.get(StoreLocation.ACCESS_KEY), "--s3-secret-key", settings.get(StoreLocation.SECRET_KEY));
    }

    private static CliRun onS3(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(s3Options());
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Every row a table printed by {@code show} has, as {@code cell|cell|...}, in the printed order. */
    private static List<String> printedRows(String out) {
        List<String> lines = out.lines().toList();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size() - 1)) {
            rows.add(String.join("|", List.of(line.split("\\|")).stream().map(String::trim).toList()));
        }
        return rows;
    }

    private static List<String> allRows() {
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            for (int c = 0; c < 3; c++) {
                rows.add(k + "|" + c + "|v-" + k + "-" + c);
            }
        }
        return rows;
    }

    @Test
    void backupsListOnADirectory() {
        CliRun run = CliRun.of("backups", "list", fileLocation);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.lines().get(0)).isEqualTo("Backups at " + fileLocation + " (medusa layout): 1 backup, 3 node backups");
        assertThat(printed.table("backup", "reference time", "nodes complete", "size", "state")).singleElement().asString()
                .matches("b1\\|\\S+Z\\|3/3\\|\\d+\\.\\d KiB\\|complete");
        assertThat(printed.table("node", "backup", "started", "finished", "size", "state", "reason"))
                .hasSize(3).allMatch(row -> row.matches("node\\d\\.fixture\\.local\\|b1\\|\\S+Z\\|\\S+Z\\|\\d+\\.\\d KiB\\|COMPLETE\\|"));
    }

    @Test
    void showOnS3PrintsExactlyTheTablesRows() {
        CliRun run = onS3("show", s3Location, "--table", "ks.t", "--backup", "b1", "--consistency", "ONE");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList().get(0)).isEqualTo(" k | c | v");
        assertThat(printedRows(run.out())).containsExactlyInAnyOrderElementsOf(allRows());
        assertThat(run.out()).endsWith("(12 rows)\n");
    }

    @Test
    void showOnADirectoryReadsItsOnlyBackupWithTheColumnsAsked() {
        CliRun run = CliRun.of("show", fileLocation, "--table", "ks.t", "--columns", "v,k");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList().get(0)).isEqualTo(" v     | k");
        List<String> expected = allRows().stream().map(row -> row.split("\\|")[2] + "|" + row.split("\\|")[0]).toList();
        assertThat(printedRows(run.out())).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void showStopsAtTheLimitAndSaysThereIsMore() {
        CliRun run = CliRun.of("show", fileLocation, "--table", "ks.t", "--limit", "5");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(printedRows(run.out())).hasSize(5).isSubsetOf(allRows());
        assertThat(run.out()).endsWith("(5 rows shown; the table has more, see --limit)\n");
    }

    @Test
    void missingTableIsInvalidInputNamingTheTableAndTheOnesThereAre() {
        CliRun run = CliRun.of("show", fileLocation, "--table", "ks.nope");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("movedata: Table 'ks.nope' is not in the schema.cql of " + fileLocation + " backup 'b1'")
                .endsWith("tables of keyspace 'ks': [t]");
    }

    @Test
    void aLocationWithoutBackupsIsInvalidInput() {
        String empty = directory.resolve("nothing-here").toUri().toString();

        CliRun list = CliRun.of("backups", "list", empty);
        CliRun show = CliRun.of("show", empty, "--table", "ks.t");

        for (CliRun run : List.of(list, show)) {
            assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
            assertThat(run.err()).isEqualTo("movedata: Backup location file://" + directory.resolve("nothing-here")
                    + " does not exist\n");
        }
    }

    @Test
    void severalBackupsNeedABackupName() {
        CliRun run = onS3("show", s3Location, "--table", "ks.t");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).isEqualTo("movedata: " + s3Location + " holds 2 backups [b1, b2]; choose one with --backup\n");
    }

    @Test
    void unknownBackupColumnOrConsistencyIsInvalidInput() {
        CliRun backup = CliRun.of("show", fileLocation, "--table", "ks.t", "--backup", "b9");
        CliRun column = CliRun.of("show", fileLocation, "--table", "ks.t", "--columns", "k,w");
        CliRun consistency = CliRun.of("show", fileLocation, "--table", "ks.t", "--consistency", "MOST");

        assertThat(backup.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(backup.err().lines()).singleElement().asString()
                .startsWith("movedata: No backup named 'b9' at " + fileLocation).endsWith("backups found: [b1]");
        assertThat(column.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(column.err()).isEqualTo("movedata: Column 'w' is not in ks.t; its columns: k, c, v\n");
        assertThat(consistency.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(consistency.err()).isEqualTo("movedata: --consistency: Unknown consistency 'MOST'; expected one of "
                + "[ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM]\n");
    }

    @Test
    void aNodeBackupThatNeverFinishedFailsAllButKeepsOneWorking() {
        CliRun all = onS3("show", s3Location, "--table", "ks.t", "--backup", "b2", "--consistency", "ALL");
        CliRun one = onS3("show", s3Location, "--table", "ks.t", "--backup", "b2", "--consistency", "ONE");

        // The backup cannot serve the level: unreadable source data, not a mistake in the command.
        assertThat(all.exitCode()).isEqualTo(MovedataCli.FAILED);
        assertThat(all.err().lines()).singleElement().asString().startsWith("movedata: ").contains("b2", "ALL", NODE3);
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(printedRows(one.out())).containsExactlyInAnyOrderElementsOf(allRows());
    }

    @Test
    void showAsOfPrintsWhyEachNodeBackupWasChosenThenTheRows() {
        String asOf = java.time.Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        CliRun run = onS3("show", s3Location, "--table", "ks.t", "--as-of", asOf, "--consistency", "ONE");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("as of " + asOf + ": reference time ");
        // node3 never finished b2, so its newest complete node backup, b1, is read
        assertThat(lines.subList(1, 5)).satisfiesExactly(
                l -> assertThat(l).startsWith("  node1.fixture.local: b2 (").contains(") chosen: the newest complete node backup"),
                l -> assertThat(l).startsWith("  node2.fixture.local: b2 (").contains(") chosen: the newest complete node backup"),
                l -> assertThat(l).startsWith("  node3.fixture.local: b2 (").contains(") rejected: STARTED: ")
                        .contains("node3.fixture.local/b2/meta/manifest.json is missing"),
                l -> assertThat(l).startsWith("  node3.fixture.local: b1 (").contains(") chosen: the newest complete node backup"));
        assertThat(printedRows(String.join("\n", lines.subList(5, lines.size())))).containsExactlyInAnyOrderElementsOf(allRows());

        CliRun bad = onS3("show", s3Location, "--table", "ks.t", "--as-of", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(bad.err()).startsWith("movedata: Invalid value for option '--as-of'")
                .contains("expected an ISO-8601 time such as 2026-11-20T00:00:00Z, found 'yesterday'");
        CliRun both = onS3("show", s3Location, "--table", "ks.t", "--as-of", asOf, "--backup", "b1");
        assertThat(both.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(both.err()).contains("--backup and --as-of exclude each other");
        CliRun early = onS3("show", s3Location, "--table", "ks.t", "--as-of", "2000-01-01T00:00:00Z");
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(early.err()).startsWith("movedata: No node backup at " + s3Location + " started at or before "
                + "2000-01-01T00:00:00Z; the first started at ");
    }
}
