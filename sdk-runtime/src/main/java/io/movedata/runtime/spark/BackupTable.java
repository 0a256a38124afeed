package io.movedata.runtime.spark;

import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.read.ReadRequest;

/** A backed-up Cassandra table, readable in batch. */
final class BackupTable implements SupportsRead {
    private final ReadRequest request;
    private final ScanContext context;
    private final StructType schema;
    /** The node backups the schema came from; null when the schema was given and the scan resolves them. */
    private final ClusterBackup backup;

    BackupTable(ReadRequest request, ScanContext context, StructType schema, ClusterBackup backup) {
        this.request = request;
        this.context = context;
        this.schema = schema;
        this.backup = backup;
    }

    @Override
    public String name() {
        return request.location() + (request.backupName() == null ? "" : "#" + request.backupName()) + "/" + request.qualifiedTable();
    }

    @Override
    @SuppressWarnings("deprecation") // Spark 4.0 deprecates schema() for columns() but still has every Table implement it
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return new BackupScanBuilder(request, context, schema, backup);
    }
}
