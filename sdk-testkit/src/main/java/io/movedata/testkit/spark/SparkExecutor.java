package io.movedata.testkit.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An executor JVM a worker of a {@link SparkStandaloneCluster} runs.
 *
 * @param appId the application it serves
 * @param id its executor id in that application
 * @param process its JVM
 * @param directory its directory under the worker's work directory (its {@code stdout}, {@code stderr})
 */
public record SparkExecutor(String appId, String id, ProcessHandle process, Path directory) {

    /**
     * Tasks it has started and not finished, from its log: the cluster's logging configuration has
     * Spark's {@code Executor} log each task's start ({@code Running task ...}) and successful end
     * ({@code Finished task ...}).
     */
    public long unfinishedTasks() throws IOException {
        Path stderr = directory.resolve("stderr");
        if (!Files.exists(stderr)) {
            return 0;
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        return log.lines().filter(line -> line.contains("Executor: Running task ")).count()
                - log.lines().filter(line -> line.contains("Executor: Finished task ")).count();
    }
}
