package io.movedata.runtime.spark;

import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;

import scala.Option;

/**
 * A read of one table handed to the {@code cassandra-backup} scan as it is: the request, the node
 * backups already resolved for it, where executors put fetched SSTables, and the run's metrics.
 * A movement and {@code movedata show} load their frames from one, so the scan reads the very
 * selection they resolved (and reported) and adds to the very metrics they report; the string
 * options of {@code spark.read().format("cassandra-backup")} are parsed into one too. It stays on
 * the driver: tasks get the plan and the metrics' accumulator only.
 *
 * @param backup the node backups to read, resolved once for every read of a run
 * @param localDirectory executor directory for fetched SSTables
 * @param metrics where the scan records its plans and each split's figures; null for none
 */
public record BackupRead(ReadRequest request, ClusterBackup backup, String localDirectory, ReadMetrics metrics) {

    /** A read fetching SSTables into {@code java.io.tmpdir}. */
    public BackupRead(ReadRequest request, ClusterBackup backup, ReadMetrics metrics) {
        this(request, backup, System.getProperty("java.io.tmpdir"), metrics);
    }

    /**
     * The read {@code cassandra-backup} options ask for ({@link ReadOptions}), of {@code selection}
     * when the caller has already resolved (and shown) it, else of the node backups the options
     * name, resolved now.
     */
    public static BackupRead of(Map<String, String> options, ClusterBackup selection) {
        ReadRequest request = ReadOptions.parse(options);
        return new BackupRead(request, selection != null ? selection : ReadPlanner.backup(request),
                ReadOptions.localDirectory(options), null);
    }

    /**
     * The table as a frame, built as {@code DataFrameReader.load} builds it from the table but with
     * this read's objects instead of option strings.
     *
     * @throws io.movedata.runtime.sstable.SchemaException for an unknown keyspace or table
     */
    public Dataset<Row> load(SparkSession spark) {
        BackupTable table = new BackupTable(this, CassandraBackupSource.schema(request, backup));
        return org.apache.spark.sql.classic.Dataset.ofRows((org.apache.spark.sql.classic.SparkSession) spark,
                DataSourceV2Relation.create(table, Option.empty(), Option.empty(), CaseInsensitiveStringMap.empty()));
    }
}
