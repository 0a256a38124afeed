package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.movement.MovementReport;

/**
 * {@code bin/movedata run --dry-run SPEC} resolves and plans a movement, prints what it would
 * read and change, and reads no row and writes nothing; and a run follows a changed
 * {@code partitionBy} and {@code sortBy} by evolving the table.
 */
class DryRunIT {
    /** A size as every command prints it ({@code ByteSizes}): binary units, written out. */
    static final String SIZE = "(\\d+ B|\\d+\\.\\d [KMGT]iB)";

    @RegisterExtension
    static final LauncherMovements MOVEMENTS = new LauncherMovements();

    @Test
    void aDryRunOfANewTablePrintsTheSelectionSplitsBytesAndTableAndWritesNothing() throws Exception {
        Path warehouse = MOVEMENTS.work().resolve("dry-warehouse");
        Path reports = MOVEMENTS.work().resolve("dry-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("dry", proxy, "good", "dry", "partitionBy: \"bucket(4, k)\", sortBy: \"k, c DESC\"",
                    reports, warehouse);

            ChildProcess run = MOVEMENTS.run("run", "--dry-run", spec.toString());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).startsWith("dry run of movement dry: the run would proceed; nothing was read or written\n"
                    + "  backup  " + LauncherMovements.LOCATION + " 'good', reference time ");
            assertThat(run.out().lines().filter(line -> line.startsWith("  node    ")))
                    .hasSize(3).allSatisfy(line -> assertThat(line).contains(": good (", ") chosen"));
            String read = run.out().lines().filter(line -> line.startsWith("  read    ")).findFirst().orElseThrow();
            assertThat(read).matches("  read    \\d+ splits over 3 SSTables: " + SIZE + " of SSTables, about " + SIZE
                    + " to fetch from the store");
            int splits = Integer.parseInt(read.substring(10, read.indexOf(" splits")));
            assertThat(run.out().lines().filter(line -> line.startsWith("  split   ks.t #"))).hasSize(splits)
                    .allSatisfy(line -> assertThat(line).contains(": token range ", " from ").matches(".*: 3 SSTables, " + SIZE));
            assertThat(run.out()).endsWith("""
                      table   cli.ks.dry: would be created with its first snapshot
                                columns k int not null, c int, v string
                                partition spec [bucket(4, k)]
                                sort order [k ASC NULLS FIRST, c DESC NULLS LAST]
                    """);
            assertThat(run.err().lines()).noneMatch(line -> line.startsWith("movedata:") || line.contains("Exception"));
            assertThat(proxy.connections()).as("the backup was listed and planned").isPositive();
            assertThat(proxy.dataReads()).as("reads of SSTable data").isZero();
        }
        assertThat(warehouse).doesNotExist();
        assertThat(reports).doesNotExist();
    }

    @Test
    void aDryRunShowsTheEvolutionARunThenMakesOrThatTheTableIsUpToDate() throws Exception {
        Path reports = MOVEMENTS.work().resolve("evolving-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path first = MOVEMENTS.spec("evolving", proxy, "good", "evolving", "sortBy: k", reports);
            Path changed = MOVEMENTS.spec("evolving-changed", proxy, "later", "evolving",
                    "partitionBy: \"bucket(2, k)\", sortBy: \"c DESC\"", reports);
            ChildProcess created = MOVEMENTS.run("run", first.toString());
            assertThat(created.exitCode()).as(created.toString()).isZero();
            MovementReport report = MovementReport.read(LauncherMovements.report(reports).orElseThrow());
            // To the millisecond: the clock's microseconds are noise in a report.
            assertThat(List.of(report.startedAt(), report.finishedAt()))
                    .allMatch(time -> time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z"), "an instant to the millisecond");
            Table before = MOVEMENTS.table("evolving").orElseThrow();
            long metadataFiles = metadataFiles();

            ChildProcess same = MOVEMENTS.run("run", "--dry-run", first.toString());
            ChildProcess evolving = MOVEMENTS.run("run", "--dry-run", changed.toString());

            assertThat(same.exitCode()).as(same.toString()).isZero();
            assertThat(same.out()).endsWith("  table   cli.ks.evolving: already up to date (it holds this movement's "
                    + "snapshot); nothing would be written\n");
            assertThat(evolving.exitCode()).as(evolving.toString()).isZero();
            assertThat(evolving.out()).contains(" 'later', ").endsWith("""
                      table   cli.ks.evolving: would get a new snapshot
                                overwrite its rows
                                partition spec [] to [bucket(2, k)]
                                sort order [k ASC NULLS FIRST] to [c DESC NULLS LAST]
                    """);
            assertThat(metadataFiles()).as("metadata files of the table after two dry runs").isEqualTo(metadataFiles);
            assertThat(MOVEMENTS.table("evolving").orElseThrow().currentSnapshot().snapshotId())
                    .isEqualTo(before.currentSnapshot().snapshotId());

            ChildProcess evolved = MOVEMENTS.run("run", changed.toString());

            assertThat(evolved.exitCode()).as(evolved.toString()).isZero();
            assertThat(evolved.out()).contains("  table   cli.ks.evolving: 14 rows written, snapshot ",
                    ", partition spec [] to [bucket(2, k)], sort order [k ASC NULLS FIRST] to [c DESC NULLS LAST]\n");
            Table after = MOVEMENTS.table("evolving").orElseThrow();
            assertThat(after.spec().fields()).extracting(field -> field.transform().toString()).containsExactly("bucket[2]");
            assertThat(after.sortOrder().fields()).extracting(field -> after.schema().findColumnName(field.sourceId())
                    + " " + field.direction()).containsExactly("c DESC");
            assertThat(after.currentSnapshot().summary()).containsEntry("total-records", "14")
                    .containsEntry("movedata.backup.name", "later");
        }
    }

    @Test
    void aDryRunOfAMovementThatWouldBeRefusedExitsTwoAndWritesNothing() throws Exception {
        Path warehouse = MOVEMENTS.work().resolve("refused-warehouse");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("refused", proxy, "good", "refused", "partitionBy: \"bucket(k, 4)\"",
                    MOVEMENTS.work().resolve("refused-reports"), warehouse);

            ChildProcess run = MOVEMENTS.run("run", "--dry-run", spec.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
            assertThat(run.err().lines().filter(line -> line.startsWith("movedata: "))).containsExactly(
                    "movedata: The run would be refused: Table ks.refused: unsupported partition expression 'bucket(k, 4)'; "
                            + "expected one of col, identity(col), bucket(N, col), truncate(W, col), years(col), months(col), "
                            + "days(col), hours(col) (or year, month, day, hour)");
            assertThat(run.out()).isEmpty();
        }
        assertThat(warehouse).doesNotExist();
    }

    private static long metadataFiles() throws Exception {
        try (Stream<Path> files = Files.list(MOVEMENTS.warehouse().resolve("ks").resolve("evolving").resolve("metadata"))) {
            return files.count();
        }
    }
}
