package io.movedata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.connector.CassandraTableConnector;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * The time-series benchmark's movements of its namespace, from the backup on the S3 endpoint into
 * Iceberg tables of a Hadoop catalog (mode overwrite, consistency ONE): raw, each slice table by
 * {@code cassandra-table} without options (unpartitioned, unsorted); and by {@code timeseries} with
 * its defaults (form wide, {@code days(event_time)}, sorted by series and time, incremental). Every
 * run writes tables of its own (a rerun into the same table would be up to date and write
 * nothing); {@link #drop} deletes them, so the warehouse holds one run's tables at most.
 */
final class TsBenchMovements {
    private static final String CATALOG = "bench";
    private static final String NAMESPACE = "bench";

    private final TsBenchDataset dataset;
    private final S3Endpoint s3;
    private final Path warehouse;
    private final Path reports;
    private final int splitMB;

    TsBenchMovements(TsBenchDataset dataset, S3Endpoint s3, Path directory, int splitMB) {
        this.dataset = dataset;
        this.s3 = s3;
        this.warehouse = directory.resolve("warehouse");
        this.reports = directory.resolve("reports");
        this.splitMB = splitMB;
        drop();
    }

    /**
     * Moves each slice table as it is, one movement after another.
     *
     * @throws IllegalStateException when a movement did not succeed, or the movements did not read and write every row
     */
    List<MovementReport> raw(SparkSession spark, int run) {
        List<MovementReport> reports = new ArrayList<>();
        for (String table : dataset.slices()) {
            String name = "raw_" + table.substring(table.indexOf('.') + 1) + "_" + run;
            reports.add(run(spark, spec(name, table, CassandraTableConnector.NAME, "", "table: " + name)));
        }
        long read = reports.stream().mapToLong(r -> r.read().rows()).sum();
        long written = reports.stream().mapToLong(r -> r.tables().get(0).rowsWritten()).sum();
        check("raw-" + run, "item rows", dataset.itemRows(), read, written);
        return reports;
    }

    /**
     * Moves the namespace with the timeseries connector into its events table.
     *
     * @throws IllegalStateException when the movement did not succeed, did not read every slice's rows, or wrote another
     *         number of events than the namespace holds
     */
    List<MovementReport> timeSeries(SparkSession spark, int run) {
        MovementReport report = run(spark, spec("ts-" + run, String.join(", ", dataset.slices()), "timeseries",
                "options: {keyspace: " + TsBenchDataset.KEYSPACE + ", namespace: " + TsBenchDataset.NAMESPACE + "}",
                "tables: {events: ts_events_" + run + "}"));
        check(report.name(), "item rows read", dataset.itemRows(), report.read().rows(), -1);
        check(report.name(), "events", dataset.events(), dataset.events(), report.tables().get(0).rowsWritten());
        return List.of(report);
    }

    private MovementReport run(SparkSession spark, MovementSpec spec) {
        MovementReport report = new MovementRunner(spark).run(spec);
        if (report.outcome() != MovementReport.Outcome.SUCCEEDED) {
            throw new IllegalStateException("Movement " + spec.name() + " ended " + report.outcome() + ", expected SUCCEEDED:\n"
                    + report.summary());
        }
        return report;
    }

    private static void check(String movement, String what, long expected, long read, long written) {
        if (read != expected || written >= 0 && written != expected) {
            throw new IllegalStateException("Movement " + movement + ": " + what + " expected " + expected + ", read " + read
                    + (written >= 0 ? ", wrote " + written : ""));
        }
    }

    /** A spec through the same parser a user's spec file goes through. */
    private MovementSpec spec(String name, String tables, String connector, String options, String destination) {
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
                """.formatted(name, s3.location(TsBenchDataset.BUCKET, TsBenchDataset.PREFIX), client.get(StoreLocation.ENDPOINT),
                client.get(StoreLocation.REGION), client.get(StoreLocation.ACCESS_KEY), client.get(StoreLocation.SECRET_KEY),
                TsBenchDataset.BACKUP, tables, splitMB, connector, options, CATALOG, warehouse, NAMESPACE, destination, reports);
        return MovementSpec.parse(yaml, "benchmark movement " + name, System::getenv);
    }

    /** Deletes every table of the warehouse (a Hadoop catalog table is one directory). */
    void drop() {
        LocalFiles.deleteTree(warehouse);
    }
}
