package io.movedata.bench;

import java.nio.file.Path;
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
 * The key-value benchmark's movements of its namespace, from the backup on the S3 endpoint into
 * Iceberg tables of a Hadoop catalog (mode overwrite, consistency ONE): raw, each of the two tables
 * by {@code cassandra-table} without options (unpartitioned, unsorted); and by {@code key-value}
 * with its defaults (items only, {@code bucket(16, id)}, sorted by id and key). Every run writes
 * tables of its own (a rerun into the same table would be up to date and write nothing); {@link #drop}
 * deletes them, so the warehouse holds one run's tables at most.
 */
final class KvBenchMovements {
    private static final String CATALOG = "bench";
    private static final String NAMESPACE = "bench";

    private final KvBenchDataset dataset;
    private final S3Endpoint s3;
    private final Path warehouse;
    private final Path reports;
    private final int splitMB;

    KvBenchMovements(KvBenchDataset dataset, S3Endpoint s3, Path directory, int splitMB) {
        this.dataset = dataset;
        this.s3 = s3;
        this.warehouse = directory.resolve("warehouse");
        this.reports = directory.resolve("reports");
        this.splitMB = splitMB;
        drop();
    }

    /**
     * Moves the items table and then the chunks table, each as it is.
     *
     * @throws IllegalStateException when a movement did not succeed, or did not read and write every row of its table
     */
    List<MovementReport> raw(SparkSession spark, int run) {
        MovementReport items = run(spark, spec("raw-items-" + run, dataset.itemsTable(), CassandraTableConnector.NAME, "",
                "table: raw_items_" + run));
        MovementReport chunks = run(spark, spec("raw-chunks-" + run, dataset.chunksTable(), CassandraTableConnector.NAME, "",
                "table: raw_chunks_" + run));
        check(items, "items rows", dataset.itemRows(), items.read().rows(), items.tables().get(0).rowsWritten());
        check(chunks, "chunk rows", dataset.chunkRows(), chunks.read().rows(), chunks.tables().get(0).rowsWritten());
        return List.of(items, chunks);
    }

    /**
     * Moves the namespace with the key-value connector into its items table.
     *
     * @throws IllegalStateException when the movement did not succeed, did not read both tables' rows, or wrote
     *         another number of items than the namespace holds
     */
    List<MovementReport> keyValue(SparkSession spark, int run) {
        MovementReport report = run(spark, spec("kv-" + run, dataset.itemsTable() + ", " + dataset.chunksTable(),
                "key-value", "options: {namespace: " + dataset.itemsTable() + "}", "tables: {items: kv_items_" + run + "}"));
        check(report, "items and chunk rows read, live items written", dataset.itemRows() + dataset.chunkRows(),
                report.read().rows(), -1);
        check(report, "live items", dataset.liveItems(), dataset.liveItems(), report.tables().get(0).rowsWritten());
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

    private static void check(MovementReport report, String what, long expected, long read, long written) {
        if (read != expected || written >= 0 && written != expected) {
            throw new IllegalStateException("Movement " + report.name() + ": " + what + " expected " + expected + ", read "
                    + read + (written >= 0 ? ", wrote " + written : "") + ":\n" + report.summary());
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
                """.formatted(name, s3.location(KvBenchDataset.BUCKET, KvBenchDataset.PREFIX), client.get(StoreLocation.ENDPOINT),
                client.get(StoreLocation.REGION), client.get(StoreLocation.ACCESS_KEY), client.get(StoreLocation.SECRET_KEY),
                KvBenchDataset.BACKUP, tables, splitMB, connector, options, CATALOG, warehouse, NAMESPACE, destination, reports);
        return MovementSpec.parse(yaml, "benchmark movement " + name, System::getenv);
    }

    /** Deletes every table of the warehouse (a Hadoop catalog table is one directory). */
    void drop() {
        LocalFiles.deleteTree(warehouse);
    }
}
