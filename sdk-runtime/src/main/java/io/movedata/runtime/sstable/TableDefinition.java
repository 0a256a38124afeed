package io.movedata.runtime.sstable;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.spark.sql.types.StructType;

import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.ObjectStore;

/**
 * One table as a backup's {@code schema.cql} defines it: what the read planner and the data source
 * hold of a table, so that cassandra-all's schema and partitioner types stay inside this package.
 */
public final class TableDefinition {
    private final TableMetadata metadata;

    private TableDefinition(TableMetadata metadata) {
        this.metadata = metadata;
    }

    /**
     * The table as the script defines it.
     *
     * @param where names the backup in error messages
     * @throws SchemaException when the keyspace or table is not in the script, or a statement of
     *     that keyspace cannot be applied
     */
    public static TableDefinition of(String schemaCql, String keyspace, String table, String where) {
        return new TableDefinition(BackupSchema.table(schemaCql, keyspace, table, where));
    }

    /** The partitioner's token of a serialized partition key. */
    public static long token(ByteBuffer partitionKey) {
        return Murmur3Partitioner.instance.getToken(partitionKey).getLongValue();
    }

    /** @see TableSchemas#columns */
    public List<ReadColumn> columns(boolean rowWritetime, List<String> cellMetadata) {
        return TableSchemas.columns(metadata, rowWritetime, cellMetadata);
    }

    /** @see TableSchemas#sparkSchema */
    public StructType sparkSchema(List<ReadColumn> columns, SparkTypes.DecimalSpec decimal) {
        return TableSchemas.sparkSchema(metadata, columns, decimal);
    }

    /** @see PartitionKeys#serialize */
    public Optional<List<ByteBuffer>> partitionKeys(List<List<Object>> valuesPerColumn) {
        return PartitionKeys.serialize(metadata, valuesPerColumn);
    }

    /** @see DroppedColumns#find */
    public DroppedColumns droppedColumns(Map<String, List<HeaderColumn>> headers, Instant schemaTime, String where) {
        return DroppedColumns.find(metadata, headers, schemaTime, where);
    }

    /** This table with {@code dropped} recorded as dropped, for opening the SSTables that hold them. */
    public TableDefinition withDropped(DroppedColumns dropped) {
        return new TableDefinition(dropped.applyTo(metadata));
    }

    /** @see OpenedSSTables#open */
    public OpenedSSTables open(ObjectStore store, List<SSTableFiles> sstables, ReadScope scope, Path workDirectory,
                               String where) {
        return OpenedSSTables.open(store, metadata, sstables, scope, workDirectory, where);
    }

    /** @see TokenRangeScan#TokenRangeScan */
    public TokenRangeScan scan(OpenedSSTables sstables, List<ReadColumn> columns, SparkTypes.DecimalSpec decimal,
                               ReadScope scope, long nowInSeconds, String where) {
        return new TokenRangeScan(metadata, sstables, columns, decimal, scope, nowInSeconds, where);
    }
}
