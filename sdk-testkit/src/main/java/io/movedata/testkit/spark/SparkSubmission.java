package io.movedata.testkit.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An application submitted to a {@link SparkStandaloneCluster}, run to its end.
 *
 * @param exitCode SparkSubmit's exit code: the application's in client mode; in cluster mode 0 for
 *     any end of the driver (read {@link Driver#state()} instead)
 * @param out what SparkSubmit printed to stdout (in client mode, the application's output)
 * @param err what SparkSubmit printed to stderr
 * @param eventLogDirectory the directory holding this application's Spark event log
 * @param driver in cluster mode, the driver the master ran
 */
public record SparkSubmission(int exitCode, String out, String err, Path eventLogDirectory, Optional<Driver> driver) {

    /**
     * A driver run by a worker in cluster mode.
     *
     * @param id the master's id for it ({@code driver-...})
     * @param state its final state on the master: FINISHED (exit 0), FAILED (non-zero exit), ERROR, KILLED
     * @param directory its directory under the worker's work directory, holding its {@code stdout} and {@code stderr}
     */
    public record Driver(String id, String state, Path directory) {
        /** What the driver printed to stdout (the application's output). */
        public String out() throws IOException {
            return Files.readString(directory.resolve("stdout"), StandardCharsets.UTF_8);
        }

        /** What the driver printed to stderr, after the worker's {@code Launch Command:} line. */
        public String err() throws IOException {
            return Files.readString(directory.resolve("stderr"), StandardCharsets.UTF_8);
        }
    }

    /** The application's event log: the one file of {@link #eventLogDirectory()}. */
    public Path eventLog() throws IOException {
        try (Stream<Path> files = Files.list(eventLogDirectory)) {
            List<Path> logs = files.toList();
            if (logs.size() != 1) {
                throw new IllegalStateException("Expected one event log in " + eventLogDirectory + ", found " + logs);
            }
            return logs.get(0);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + driver.map(d -> ", driver " + d.id() + " " + d.state() + " in " + d.directory()).orElse("")
                + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
