package io.movedata.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.spark.ReadMetrics;

/** {@code movedata run <spec>}: runs one movement and prints its summary; the JSON report is written too. */
@Command(name = "run",
        description = {"Runs the movement a spec declares (YAML or JSON): reads the backup, applies the connector, "
                + "writes the Iceberg tables, and writes a JSON report (see docs/movements.md).",
                "Progress is drawn on a terminal and logged every 10 s otherwise. A failed movement leaves every "
                        + "table as it was."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The movement spec file, .yaml/.yml or .json.")
    Path specFile;

    @Override
    public Integer call() {
        MovementSpec movement = MovementSpec.read(specFile);
        PrintWriter out = spec.commandLine().getOut();
        MovementReport report = run(movement);
        out.print(report.summary());
        out.flush();
        if (report.outcome() == MovementReport.Outcome.FAILED) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("movedata: " + report.error().message());
            err.flush();
        }
        return exitCode(report);
    }

    /** Runs a movement in the command's Spark session with a progress display. */
    static MovementReport run(MovementSpec movement) {
        ProgressListener listener = new ProgressListener();
        try {
            return new MovementRunner(LocalSpark.session(movement.spark())).run(movement, listener);
        } finally {
            listener.close();
        }
    }

    static int exitCode(MovementReport report) {
        if (report.outcome() != MovementReport.Outcome.FAILED) {
            return MovedataCli.SUCCESS;
        }
        return "invalid-input".equals(report.error().kind()) ? MovedataCli.INVALID_INPUT : MovedataCli.FAILED;
    }

    /** Draws progress from the run's read metrics once reading starts. */
    private static final class ProgressListener implements MovementRunner.Listener, AutoCloseable {
        private Progress progress;

        @Override
        public void reading(ReadMetrics metrics) {
            progress = Progress.onStdout(() -> new ProgressSnapshot(metrics.splitsDone(), metrics.splitsTotal(),
                    metrics.rows(), metrics.bytesRead())).start();
        }

        @Override
        public void close() {
            if (progress != null) {
                progress.close();
            }
        }
    }
}
