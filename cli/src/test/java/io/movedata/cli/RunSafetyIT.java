package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.movement.MovementReport;

/**
 * {@code bin/movedata run} never leaves a table half written nor a user misinformed: directories
 * it cannot write fail the run before a byte is read; a report that cannot be written at the end
 * still tells which tables were committed; SIGTERM during the write leaves every table as it was
 * and a report saying so. And {@code validate --report} checks its report path first.
 */
class RunSafetyIT {
    @RegisterExtension
    static final LauncherMovements MOVEMENTS = new LauncherMovements();

    @Test
    void directoriesThatCannotBeWrittenFailTheRunBeforeAnythingIsRead() throws Exception {
        Path file = Files.writeString(MOVEMENTS.work().resolve("a-file"), "not a directory");
        Path reports = file.resolve("reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("unwritable", proxy, "good", "unwritable", "", reports);

            ChildProcess run = MOVEMENTS.run("run", spec.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
            assertThat(run.err()).isEqualTo("movedata: Cannot write the report directory (reportDirectory) " + reports + ": "
                    + file + " is a file, not a directory; nothing was read\n");
            // Checked before Spark starts, as the spec is: no summary of a run that never began.
            assertThat(run.out()).isEmpty();
            assertThat(proxy.connections()).as("requests to the object store").isZero();
        }
        assertThat(MOVEMENTS.table("unwritable")).isEmpty();
    }

    @Test
    void aSparkLocalDirectoryThatCannotBeWrittenFailsBeforeSparkStarts() throws Exception {
        Path file = Files.writeString(MOVEMENTS.work().resolve("spark-file"), "not a directory");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("sparkless", proxy, "good", "sparkless", "", MOVEMENTS.work().resolve("sparkless-reports"));
            Files.writeString(spec, "spark: {config: {spark.local.dir: \"" + file.resolve("spark") + "\"}}\n",
                    StandardOpenOption.APPEND);

            ChildProcess run = MOVEMENTS.run("run", spec.toString());

            // Spark itself would log an error for each attempt and end the JVM with 53.
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
            assertThat(run.err()).isEqualTo("movedata: Cannot write Spark's local directory (spark.config.spark.local.dir) "
                    + file.resolve("spark") + ": " + file + " is a file, not a directory; nothing was read\n");
            assertThat(run.out()).isEmpty();
            assertThat(proxy.connections()).as("requests to the object store").isZero();
        }
    }

    @Test
    void aReportThatCannotBeWrittenAtTheEndStillTellsTheCommittedTableAndExitsThree() throws Exception {
        Path reports = MOVEMENTS.work().resolve("late-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("late", proxy, "good", "late", "", reports);
            proxy.hold();
            Path work = MOVEMENTS.work();
            var process = new ProcessBuilder(MOVEMENTS.command("run", spec.toString())).directory(work.toFile())
                    .redirectOutput(work.resolve("late.out").toFile()).redirectError(work.resolve("late.err").toFile())
                    .redirectInput(new java.io.File("/dev/null")).start();
            try {
                assertThat(proxy.awaitHeld(300)).as("the run reads SSTable data").isTrue();
                // The run checked the directory at its start; now it cannot be created.
                Files.writeString(reports, "taken by a file while the movement ran");
                proxy.release();
                assertThat(process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly().waitFor();
                }
            }
            ChildProcess run = new ChildProcess(process.exitValue(), Files.readString(work.resolve("late.out")),
                    Files.readString(work.resolve("late.err")));

            Table table = MOVEMENTS.table("late").orElseThrow();
            Snapshot snapshot = table.currentSnapshot();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.REPORT_NOT_WRITTEN);
            assertThat(run.out()).contains("movement late (", "): SUCCEEDED",
                    "  table   cli.ks.late: 12 rows written, snapshot " + snapshot.snapshotId() + ", table created",
                    "  report  not written: the report could not be written to " + reports + ": FileAlreadyExistsException");
            assertThat(run.err()).startsWith("movedata: table cli.ks.late committed (snapshot " + snapshot.snapshotId()
                    + "); the report could not be written to " + reports + ": FileAlreadyExistsException").hasLineCount(1);
            assertThat(snapshot.summary()).containsEntry("total-records", "" + LauncherMovements.GOOD_ROWS)
                    .containsEntry("movedata.backup.name", "good");
        }
    }

    @Test
    void sigtermWhileANewTableIsWrittenLeavesNoTableAndAReportSayingSo() throws Exception {
        Path reports = MOVEMENTS.work().resolve("new-reports");
        // A warehouse of its own: the run creates the namespace too, and must drop it.
        Path warehouse = MOVEMENTS.work().resolve("fresh-warehouse");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("fresh", proxy, "good", "fresh", "", reports, warehouse);

            ChildProcess run = MOVEMENTS.interruptWhileWriting(proxy, reports, "run", spec.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
            assertThat(run.out()).contains("movement fresh (", "): INTERRUPTED");
            assertThat(run.err().lines()).as(run.toString()).singleElement().asString()
                    .startsWith("movedata: Interrupted while writing table ks.fresh (the JVM was asked to stop). "
                    + "Restored: removed the files written for table ks.fresh, which was never committed; "
                    + "dropped namespace ks, which this run created.");
            MovementReport report = MovementReport.read(LauncherMovements.report(reports).orElseThrow());
            assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.INTERRUPTED);
            assertThat(report.error().kind()).isEqualTo("interrupted");
            assertThat(report.tables()).isEmpty();
        }
        assertThat(LauncherMovements.table("fresh", warehouse)).isEmpty();
        assertThat(warehouse.resolve("ks")).doesNotExist();
    }

    @Test
    void sigtermWhileAnExistingTableIsWrittenLeavesItsSnapshotAndSortOrder() throws Exception {
        Path reports = MOVEMENTS.work().resolve("kept-reports");
        long before;
        int sortOrder;
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            ChildProcess first = MOVEMENTS.run("run", MOVEMENTS.spec("kept", proxy, "good", "kept", "", reports).toString());
            assertThat(first.exitCode()).as(first.toString()).isZero();
            Table table = MOVEMENTS.table("kept").orElseThrow();
            before = table.currentSnapshot().snapshotId();
            sortOrder = table.sortOrder().orderId();
        }
        Path interruptedReports = MOVEMENTS.work().resolve("kept-interrupted-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.spec("kept", proxy, "later", "kept", "sortBy: \"k DESC\"", interruptedReports);

            ChildProcess run = MOVEMENTS.interruptWhileWriting(proxy, interruptedReports, "run", spec.toString());

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(143);
            // The new sort order and rows were one transaction, never committed.
            assertThat(run.err().lines()).as(run.toString()).singleElement().asString()
                    .startsWith("movedata: Interrupted while writing table ks.kept (the JVM was asked to stop). "
                    + "No table had been changed.");
            MovementReport report = MovementReport.read(LauncherMovements.report(interruptedReports).orElseThrow());
            assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.INTERRUPTED);
        }
        Table table = MOVEMENTS.table("kept").orElseThrow();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(table.snapshots()).hasSize(1);
        assertThat(table.sortOrder().orderId()).isEqualTo(sortOrder);
        assertThat(table.sortOrder().isUnsorted()).isTrue();
        assertThat(table.currentSnapshot().summary()).containsEntry("movedata.backup.name", "good");
    }

    @Test
    void validateChecksItsReportPathBeforeComparing() throws Exception {
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            ChildProcess moved = MOVEMENTS.run("run", MOVEMENTS.spec("compared", proxy, "good", "compared", "",
                    MOVEMENTS.work().resolve("compared-reports")).toString());
            assertThat(moved.exitCode()).as(moved.toString()).isZero();
        }
        // Before the check, the whole comparison ran, found the rows different, and exited 1.
        Path export = Files.writeString(MOVEMENTS.work().resolve("truth.jsonl"), "{\"k\": 0, \"c\": 0, \"v\": \"changed\"}\n");
        Path file = Files.writeString(MOVEMENTS.work().resolve("not-a-directory"), "");
        Path report = file.resolve("validation.json");

        ChildProcess run = MOVEMENTS.run("validate", export.toString(), "cli.ks.compared", "--catalog",
                "cli:type=hadoop,warehouse=" + MOVEMENTS.warehouse(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).isEqualTo("movedata: Cannot write the validation report to " + report + ": " + file
                + " is a file, not a directory\n");
        assertThat(run.out()).isEmpty();
    }
}
