package io.movedata.runtime.spark;

import java.util.Map;

import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.sstable.TableDefinition;

/**
 * The {@code cassandra-backup} data source: reads one table of a Cassandra backup in object
 * storage as the rows {@code SELECT *} returned when the backup was taken.
 *
 * <pre>
 * spark.read.format("cassandra-backup")
 *     .option("backup", "s3://bucket/prefix").option("name", "backup-1")
 *     .option("table", "ks.t").option("consistency", "LOCAL_QUORUM").load()
 * </pre>
 * See {@link ReadOptions} for every option.
 */
public final class CassandraBackupSource implements TableProvider, DataSourceRegister {
    public static final String SHORT_NAME = "cassandra-backup";

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    /**
     * The read {@link #inferSchema} parsed, with the node backups it resolved. Spark asks one
     * provider instance for the schema and then the table, so the scan plans with this same
     * selection instead of listing and checking the catalog again (and, as of a time, possibly
     * choosing differently).
     */
    private BackupRead resolved;

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        resolved = read(options.asCaseSensitiveMap());
        return schema(resolved.request(), resolved.backup());
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new BackupTable(resolved != null ? resolved : read(properties), schema);
    }

    /** The read the options ask for, its node backups resolved. */
    private static BackupRead read(Map<String, String> options) {
        return BackupRead.of(options, null);
    }

    /** The columns a read of the request produces, from the backup's own schema. */
    static StructType schema(ReadRequest request, ClusterBackup backup) {
        TableDefinition table = ReadPlanner.table(request, backup);
        return table.sparkSchema(table.columns(request.rowWritetime(), request.cellMetadata()), request.decimal());
    }
}
