package io.movedata.runtime.sstable;

import java.util.ArrayList;
import java.util.List;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.api.KeyRole;

/**
 * The Spark schema of a Cassandra table: its columns in {@code SELECT *} order (partition key,
 * clustering, then the others by name), each carrying its CQL type and key role, followed by the
 * metadata columns asked for.
 */
public final class TableSchemas {
    private TableSchemas() {}

    /**
     * The columns a read of {@code metadata} produces.
     *
     * @throws SchemaException for unsupported tables (counter, compact storage) or column types,
     *     and for metadata asked about a key column or an unknown column
     */
    public static List<ReadColumn> columns(TableMetadata metadata, boolean rowWritetime, List<String> cellMetadata) {
        checkSupported(metadata);
        List<ReadColumn> columns = new ArrayList<>();
        for (java.util.Iterator<ColumnMetadata> it = metadata.allColumnsInSelectOrder(); it.hasNext(); ) {
            columns.add(ReadColumn.value(it.next().name.toString()));
        }
        if (rowWritetime) {
            columns.add(ReadColumn.rowWritetime());
        }
        for (String name : cellMetadata) {
            ColumnMetadata column = metadata.getColumn(ColumnIdentifier.getInterned(name, true));
            if (column == null) {
                throw new SchemaException("Cell metadata asked for column '" + name + "' which table " + metadata
                        + " does not have");
            }
            if (column.isPrimaryKeyColumn()) {
                throw new SchemaException("Cell metadata asked for key column '" + name + "' of " + metadata
                        + "; key columns have no write time or TTL of their own (use the row write time)");
            }
            columns.add(ReadColumn.writetime(name));
            columns.add(ReadColumn.ttl(name));
            columns.add(ReadColumn.expiry(name));
        }
        for (ReadColumn c : columns) {
            if (c.kind() != ReadColumn.Kind.VALUE && metadata.getColumn(ColumnIdentifier.getInterned(c.name(), true)) != null) {
                throw new SchemaException("Metadata column '" + c.name() + "' clashes with a column of " + metadata);
            }
        }
        return columns;
    }

    /** The Spark schema for {@code columns}. */
    public static StructType sparkSchema(TableMetadata metadata, List<ReadColumn> columns, SparkTypes.DecimalSpec decimal) {
        List<StructField> fields = new ArrayList<>();
        for (ReadColumn c : columns) {
            fields.add(field(metadata, c, decimal));
        }
        return DataTypes.createStructType(fields);
    }

    private static StructField field(TableMetadata metadata, ReadColumn c, SparkTypes.DecimalSpec decimal) {
        MetadataBuilder meta = new MetadataBuilder();
        if (c.kind() != ReadColumn.Kind.VALUE) {
            meta.putString(ColumnMetadataKeys.KEY_ROLE, KeyRole.METADATA.value());
            DataType type = c.kind() == ReadColumn.Kind.TTL ? DataTypes.IntegerType : DataTypes.TimestampType;
            return DataTypes.createStructField(c.name(), type, true, meta.build());
        }
        ColumnMetadata column = column(metadata, c.cqlColumn());
        meta.putString(ColumnMetadataKeys.CQL_TYPE, SparkTypes.unwrap(column.type).asCQL3Type().toString());
        meta.putString(ColumnMetadataKeys.KEY_ROLE, role(column).value());
        if (column.isPrimaryKeyColumn()) {
            meta.putLong(ColumnMetadataKeys.KEY_POSITION, column.position());
        }
        if (column.isClusteringColumn()) {
            meta.putString(ColumnMetadataKeys.CLUSTERING_ORDER, column.clusteringOrder() == ColumnMetadata.ClusteringOrder.DESC ? "DESC" : "ASC");
        }
        Metadata built = meta.build();
        return DataTypes.createStructField(c.name(), SparkTypes.sparkType(column.type, decimal), !column.isPartitionKey(), built);
    }

    static ColumnMetadata column(TableMetadata metadata, String name) {
        ColumnMetadata column = metadata.getColumn(ColumnIdentifier.getInterned(name, true));
        if (column == null) {
            throw new SchemaException("Column '" + name + "' is not in table " + metadata);
        }
        return column;
    }

    private static KeyRole role(ColumnMetadata column) {
        if (column.isPartitionKey()) return KeyRole.PARTITION_KEY;
        if (column.isClusteringColumn()) return KeyRole.CLUSTERING;
        if (column.isStatic()) return KeyRole.STATIC;
        return KeyRole.REGULAR;
    }

    private static void checkSupported(TableMetadata metadata) {
        if (metadata.isCounter()) {
            throw new SchemaException("Table " + metadata + " is a counter table; counter tables are not supported "
                    + "(their values need the counter shards of every replica, which backups do not reconcile)");
        }
        if (metadata.isCompactTable()) {
            throw new SchemaException("Table " + metadata + " uses COMPACT STORAGE, which is not supported");
        }
        if (metadata.isView()) {
            throw new SchemaException(metadata + " is a materialized view; read its base table instead");
        }
        for (ColumnMetadata column : metadata.columns()) {
            try {
                SparkTypes.sparkType(column.type, SparkTypes.DecimalSpec.DEFAULT);
            } catch (SchemaException e) {
                throw new SchemaException("Column '" + column.name + "' of " + metadata + ": " + e.getMessage(), e);
            }
        }
    }
}
