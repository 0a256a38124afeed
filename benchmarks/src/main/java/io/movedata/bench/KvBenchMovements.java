package io.movedata.bench;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.connector.CassandraTableConnector;
import io.movedata.runtime.movement.MovementReport;
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
    private final KvBenchDataset dataset;
    private final BenchWarehouse warehouse;

    KvBenchMovements(KvBenchDataset dataset, S3Endpoint s3, Path directory, int splitMB) {
        this.dataset = dataset;
        this.warehouse = new BenchWarehouse(s3, s3.location(KvBenchDataset.BUCKET, KvBenchDataset.PREFIX), KvBenchDataset.BACKUP,
                directory, splitMB);
    }

    /**
     * Moves the items table and then the chunks table, each as it is.
     *
     * @throws IllegalStateException when a movement did not succeed, or did not read and write every row of its table
     */
    List<MovementReport> raw(SparkSession spark, int run) {
        MovementReport items = warehouse.run(spark, warehouse.spec("raw-items-" + run, dataset.itemsTable(),
                CassandraTableConnector.NAME, "", "table: raw_items_" + run));
        MovementReport chunks = warehouse.run(spark, warehouse.spec("raw-chunks-" + run, dataset.chunksTable(),
                CassandraTableConnector.NAME, "", "table: raw_chunks_" + run));
        BenchWarehouse.check(items.name(), "items rows", dataset.itemRows(), items.read().rows(),
                items.tables().get(0).rowsWritten(), items.summary());
        BenchWarehouse.check(chunks.name(), "chunk rows", dataset.chunkRows(), chunks.read().rows(),
                chunks.tables().get(0).rowsWritten(), chunks.summary());
        return List.of(items, chunks);
    }

    /**
     * Moves the namespace with the key-value connector into its items table.
     *
     * @throws IllegalStateException when the movement did not succeed, did not read both tables' rows, or wrote
     *         another number of items than the namespace holds
     */
    List<MovementReport> keyValue(SparkSession spark, int run) {
        MovementReport report = warehouse.run(spark, warehouse.spec("kv-" + run, dataset.itemsTable() + ", "
                + dataset.chunksTable(), "key-value", "options: {namespace: " + dataset.itemsTable() + "}",
                "tables: {items: kv_items_" + run + "}"));
        BenchWarehouse.check(report.name(), "items and chunk rows read, live items written",
                dataset.itemRows() + dataset.chunkRows(), report.read().rows(), -1, report.summary());
        BenchWarehouse.check(report.name(), "live items", dataset.liveItems(), dataset.liveItems(),
                report.tables().get(0).rowsWritten(), report.summary());
        return List.of(report);
    }

    /** Deletes the tables the movements wrote. */
    void drop() {
        warehouse.drop();
    }
}
