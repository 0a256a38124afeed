package io.movedata.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.movement.RunDirectories;
import io.movedata.runtime.spark.ReadMetrics;

/** {@code movedata run <spec>}: runs one movement and prints its summary; the JSON report is written too. */
@Command(name = "run",
        description = {"Runs the movement a spec declares (YAML or JSON): reads the backup, applies the connector, "
                + "writes the Iceberg tables, and writes a JSON report (see docs/movements.md).",
                "Progress is drawn on a terminal and logged every 10 s otherwise. A failed or interrupted (SIGTERM, "
                        + "Ctrl-C) movement leaves every table as it was."},
        exitCodeList = {
                "0:done: SUCCEEDED or UP_TO_DATE (with --dry-run: the run would proceed)",
                "1:failed: the backup cannot serve the read, the store or catalog failed, or a bug (ours or the connector's); "
                        + "every table is as it was",
                "2:usage error or invalid input: the spec, connector, options, backup choice, datacenter, or a directory the run "
                        + "cannot write; nothing was read",
                "3:the tables were written (the summary says which) but the report could not be",
                "130:interrupted by Ctrl-C (SIGINT); every table is as it was, the report says INTERRUPTED",
                "143:interrupted by SIGTERM; every table is as it was, the report says INTERRUPTED"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The movement spec file, .yaml/.yml or .json.")
    Path specFile;

    @Option(names = "--dry-run", description = "Resolve and plan only: print the node backups chosen and rejected, "
            + "the splits, the bytes to read and fetch, and what would change in each table; read no row, write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        MovementSpec movement = MovementSpec.read(specFile);
        MovementRunner.check(movement);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.print(new MovementRunner(session(movement)).plan(movement).summary());
            out.flush();
            return MovedataCli.SUCCESS;
        }
        // Told from the run, before it returns: a shutdown (SIGTERM) waits for this, not for the return.
        MovementReport report = run(movement, this::tell);
        return exitCode(report);
    }

    private void tell(MovementReport report) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.summary());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (report.outcome() == MovementReport.Outcome.FAILED || report.outcome() == MovementReport.Outcome.INTERRUPTED) {
            err.println("movedata: " + report.error().message());
        } else if (report.reportProblem() != null) {
            err.println("movedata: " + report.reportProblem());
        }
        err.flush();
    }

    /** Runs a movement in the command's Spark session with a progress display. */
    static MovementReport run(MovementSpec movement) {
        return run(movement, report -> { });
    }

    private static MovementReport run(MovementSpec movement, Consumer<MovementReport> finished) {
        ProgressListener listener = new ProgressListener(finished);
        try {
            return new MovementRunner(session(movement)).run(movement, listener);
        } finally {
            listener.close();
        }
    }

    /** The session; one this command starts is checked first, since Spark ends the JVM when it has no local directory. */
    private static SparkSession session(MovementSpec movement) {
        if (!LocalSpark.launchedBySparkSubmit()) {
            RunDirectories.checkSparkLocalDirectories(movement.spark());
        }
        return LocalSpark.session(movement.spark(), MovementRunner.catalog(movement));
    }

    static int exitCode(MovementReport report) {
        return switch (report.outcome()) {
            case SUCCEEDED, UP_TO_DATE -> report.reportError() == null ? MovedataCli.SUCCESS
                    // 3 says "tables changed, report lost"; when none changed, only the report failed.
                    : report.tables().stream().anyMatch(table -> "WRITTEN".equals(table.outcome()))
                            ? MovedataCli.REPORT_NOT_WRITTEN : MovedataCli.FAILED;
            case FAILED -> ErrorKind.ofLabel(report.error().kind()).exitCode();
            // The JVM is ending on a signal, whose status (128 + the signal) the process exits with.
            case INTERRUPTED -> MovedataCli.FAILED;
        };
    }

    /** Draws progress from the run's read metrics once reading starts, and tells the outcome when the run ends. */
    private static final class ProgressListener implements MovementRunner.Listener, AutoCloseable {
        private final Consumer<MovementReport> finished;
        private Progress progress;

        ProgressListener(Consumer<MovementReport> finished) {
            this.finished = finished;
        }

        @Override
        public void reading(ReadMetrics metrics) {
            progress = Progress.onStdout(() -> new ProgressSnapshot(metrics.splitsDone(), metrics.splitsTotal(),
                    metrics.rows(), metrics.bytesRead())).start();
        }

        @Override
        public void finished(MovementReport report) {
            close();
            finished.accept(report);
        }

        @Override
        public void close() {
            if (progress != null) {
                progress.close();
                progress = null;
            }
        }
    }
}
