package io.movedata.bench;

import java.nio.file.Path;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.connector.CassandraTableConnector;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.LocalFiles;

/**
 * The movement scenario: the benchmark's backup moved by the built-in {@code cassandra-table}
 * connector (no options: unpartitioned, unsorted) into an Iceberg table of a Hadoop catalog, mode
 * overwrite, with the read scenarios' consistency and split size, so it reads exactly what they
 * read and differs only by producing every column and writing it.
 *
 * <p>Every run writes a table of its own: the lineage fingerprint covers the target table, so a
 * rerun into the same table would be {@code UP_TO_DATE} and write nothing. Each table is deleted
 * after its run, so the warehouse never holds more than one copy of the data.
 */
final class BenchMovement {
    static final String CATALOG = "bench";
    static final String NAMESPACE = "bench";

    private final BenchDataset dataset;
    private final BenchConfig config;
    private final BenchData.Expected expected;

    BenchMovement(BenchDataset dataset, BenchConfig config, BenchData.Expected expected) {
        this.dataset = dataset;
        this.config = config;
        this.expected = expected;
        // Tables left by an interrupted benchmark would only take disk space.
        LocalFiles.deleteTree(config.warehouse());
    }

    /** The spec of run {@code run}, through the same parser a user's spec file goes through. */
    MovementSpec spec(int run) {
        String yaml = """
                name: bench-move-%d
                source:
                  location: "%s"
                  backup: %s
                  tables: [%s]
                  consistency: ONE
                %s
                connector:
                  name: %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: %s
                  table: %s
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(run, dataset.uri(), BenchDataset.BACKUP_NAME, BenchData.QUALIFIED,
                config.splitMB() == null ? "" : "  splitSizeMB: " + config.splitMB(),
                CassandraTableConnector.NAME, CATALOG, config.warehouse(), NAMESPACE, table(run),
                config.directory().resolve("reports"));
        return MovementSpec.parse(yaml, "benchmark movement " + run, System::getenv);
    }

    /**
     * Runs movement {@code run} and checks that it really wrote every row once.
     *
     * @throws IllegalStateException when the run did not succeed (its summary says why) or moved
     *         another number of rows than the dataset holds
     */
    MovementReport run(SparkSession spark, int run) {
        MovementReport report = new MovementRunner(spark).run(spec(run));
        if (report.outcome() != MovementReport.Outcome.SUCCEEDED) {
            throw new IllegalStateException("Movement " + run + " ended " + report.outcome() + ", expected SUCCEEDED (a real "
                    + "write):\n" + report.summary());
        }
        MovementReport.TableReport table = report.tables().get(0);
        if (report.read().rows() != expected.rows() || table.rowsWritten() != expected.rows() || !table.created()) {
            throw new IllegalStateException("Movement " + run + " read " + report.read().rows() + " rows and wrote "
                    + table.rowsWritten() + " into " + (table.created() ? "a new" : "an existing") + " table, expected "
                    + expected.rows() + " into a new one:\n" + report.summary());
        }
        return report;
    }

    /** Deletes run {@code run}'s table, data and metadata (a Hadoop catalog table is one directory). */
    void drop(int run) {
        LocalFiles.deleteTree(tableDirectory(run));
    }

    private Path tableDirectory(int run) {
        return config.warehouse().resolve(NAMESPACE).resolve(table(run));
    }

    private static String table(int run) {
        return "t_" + run;
    }

    /** The report's phases and what was written, for the line after each run's measurement. */
    static String describe(MovementReport report) {
        MovementReport.TableReport table = report.tables().get(0);
        return String.format(Locale.ROOT, "phases: resolve %,d ms, plan %,d ms, write %,d ms; %,d data files, %.1f MB of "
                        + "Parquet (%.1f bytes/row); %d splits", report.phaseMillis().get("resolve"), report.phaseMillis().get("plan"),
                report.phaseMillis().get("write"), table.dataFiles(), table.bytesWritten() / 1e6,
                (double) table.bytesWritten() / table.rowsWritten(), report.read().splits());
    }
}
