package io.movedata.runtime.spark;

import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.movedata.runtime.read.ReadRequest;

/** A backed-up Cassandra table, readable in batch. */
final class BackupTable implements SupportsRead {
    private final BackupRead read;
    private final StructType schema;

    BackupTable(BackupRead read, StructType schema) {
        this.read = read;
        this.schema = schema;
    }

    @Override
    public String name() {
        ReadRequest request = read.request();
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
        return new BackupScanBuilder(read, schema);
    }
}
