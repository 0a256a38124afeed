package io.movedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * The movements of a connector benchmark: specs reading one backup on the S3 endpoint (consistency
 * ONE, the benchmark's split size) into tables of a Hadoop catalog (mode overwrite), run to
 * success, and the warehouse deleted between runs, so it holds one run's tables at most.
 */
final class BenchWarehouse {
    private static final String CATALOG = "bench";
    private static final String NAMESPACE = "bench";

    private final S3Endpoint s3;
    private final StoreLocation location;
    private final String backup;
    private final Path warehouse;
    private final Path reports;
    private final int splitMB;

    /** @param directory where the warehouse and the reports go */
    BenchWarehouse(S3Endpoint s3, StoreLocation location, String backup, Path directory, int splitMB) {
        this.s3 = s3;
        this.location = location;
        this.backup = backup;
        this.warehouse = directory.resolve("warehouse");
        this.reports = directory.resolve("reports");
        this.splitMB = splitMB;
        drop();
    }

    /**
     * A spec through the same parser a user's spec file goes through.
     *
     * @param tables the source tables, comma-separated
     * @param options the connector's {@code options:} line, or empty
     * @param destination the destination's {@code table:} or {@code tables:} line
     */
    MovementSpec spec(String name, String tables, String connector, String options, String destination) {
        Map<String, String> client = s3.options();
        String yaml = """
                name: %s
                source:
                  location: "%s"
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  tables: [%s]
                  consistency: ONE
                  splitSizeMB: %d
                connector:
                  name: %s
                  %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: %s
                  %s
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(name, location, client.get(StoreLocation.ENDPOINT), client.get(StoreLocation.REGION),
                client.get(StoreLocation.ACCESS_KEY), client.get(StoreLocation.SECRET_KEY), backup, tables, splitMB, connector,
                options, CATALOG, warehouse, NAMESPACE, destination, reports);
        return MovementSpec.parse(yaml, "benchmark movement " + name, System::getenv);
    }

    /**
     * @throws IllegalStateException when the movement did not succeed
     */
    MovementReport run(SparkSession spark, MovementSpec spec) {
        MovementReport report = new MovementRunner(spark).run(spec);
        if (report.outcome() != MovementReport.Outcome.SUCCEEDED) {
            throw new IllegalStateException("Movement " + spec.name() + " ended " + report.outcome() + ", expected SUCCEEDED:\n"
                    + report.summary());
        }
        return report;
    }

    /**
     * Checks that movements read {@code expected} rows and, unless {@code written} is negative, wrote as many.
     *
     * @param detail what to print after the numbers when they differ (a report's summary), or empty
     * @throws IllegalStateException when they differ
     */
    static void check(String movement, String what, long expected, long read, long written, String detail) {
        if (read != expected || written >= 0 && written != expected) {
            throw new IllegalStateException("Movement " + movement + ": " + what + " expected " + expected + ", read "
                    + read + (written >= 0 ? ", wrote " + written : "") + ":\n" + detail);
        }
    }

    /** Deletes every table of the warehouse (a Hadoop catalog table is one directory). */
    void drop() {
        LocalFiles.deleteTree(warehouse);
    }

    /** The bytes of the Data.db components under {@code directory} (a backup's, on disk). */
    static long dataBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            long sum = 0;
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-Data.db")).toList()) {
                sum += Files.size(file);
            }
            return sum;
        }
    }
}
