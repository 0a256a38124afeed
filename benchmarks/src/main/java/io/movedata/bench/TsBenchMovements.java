package io.movedata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.connector.CassandraTableConnector;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.testkit.S3Endpoint;

/**
 * The time-series benchmark's movements of its namespace ({@link BenchWarehouse}): raw, each slice
 * table by {@code cassandra-table} without options (unpartitioned, unsorted); and by
 * {@code timeseries} with its defaults (form wide, {@code days(event_time)}, sorted by series and
 * time, incremental). Every run writes tables of its own (a rerun into the same table would be up to
 * date and write nothing); {@link #drop} deletes them.
 */
final class TsBenchMovements {
    private final TsBenchDataset dataset;
    private final BenchWarehouse warehouse;

    TsBenchMovements(TsBenchDataset dataset, S3Endpoint s3, Path directory, int splitMB) {
        this.dataset = dataset;
        this.warehouse = new BenchWarehouse(s3, s3.location(TsBenchDataset.BUCKET, TsBenchDataset.PREFIX), TsBenchDataset.BACKUP,
                directory, splitMB);
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
            reports.add(warehouse.run(spark, warehouse.spec(name, table, CassandraTableConnector.NAME, "", "table: " + name)));
        }
        BenchWarehouse.check("raw-" + run, "item rows", dataset.itemRows(), reports.stream().mapToLong(r -> r.read().rows()).sum(),
                reports.stream().mapToLong(r -> r.tables().get(0).rowsWritten()).sum(), "");
        return reports;
    }

    /**
     * Moves the namespace with the timeseries connector into its events table.
     *
     * @throws IllegalStateException when the movement did not succeed, did not read every slice's rows, or wrote another
     *         number of events than the namespace holds
     */
    List<MovementReport> timeSeries(SparkSession spark, int run) {
        MovementReport report = warehouse.run(spark, warehouse.spec("ts-" + run, String.join(", ", dataset.slices()), "timeseries",
                "options: {keyspace: " + TsBenchDataset.KEYSPACE + ", namespace: " + TsBenchDataset.NAMESPACE + "}",
                "tables: {events: ts_events_" + run + "}"));
        BenchWarehouse.check(report.name(), "item rows read", dataset.itemRows(), report.read().rows(), -1, report.summary());
        BenchWarehouse.check(report.name(), "events", dataset.events(), dataset.events(), report.tables().get(0).rowsWritten(),
                report.summary());
        return List.of(report);
    }

    /** Deletes the tables the movements wrote. */
    void drop() {
        warehouse.drop();
    }
}
