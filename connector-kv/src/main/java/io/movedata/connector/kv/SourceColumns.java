package io.movedata.connector.kv;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.api.ConnectorException;
import io.movedata.api.KeyRole;
import io.movedata.api.MetadataColumns;

/**
 * Where a namespace table's columns are in its rows, checked against the model: the items table
 * {@code (id text, key blob, value blob, value_metadata blob)} clustered by {@code key}, the chunks
 * table {@code (id text, key blob, chunk int, value blob)} clustered by {@code key} then
 * {@code chunk ASC}, both read with {@code _row_writetime}.
 *
 * @param key the index of {@code key}
 * @param value the index of {@code value}
 * @param detail the index of {@code value_metadata} (items) or {@code chunk} (chunks)
 * @param writeTime the index of {@code _row_writetime}
 * @param descending whether {@code key} clusters in descending order
 */
record SourceColumns(int key, int value, int detail, int writeTime, boolean descending) implements Serializable {
    private static final String METADATA = "value_metadata";
    private static final String CHUNK = "chunk";
    private static final String ASCENDING = "ASC";

    static SourceColumns items(String table, StructType schema) {
        return of(table, schema, METADATA, "blob", List.of());
    }

    /** Clustered by {@code chunk ASC} within a key, so that each item's chunks stream in index order. */
    static SourceColumns chunks(String table, StructType schema) {
        return of(table, schema, CHUNK, "int", List.of(CHUNK + " " + ASCENDING));
    }

    /**
     * @param clusteringAfterKey the clustering columns after {@code key}, each as {@code name ASC|DESC}
     */
    private static SourceColumns of(String table, StructType schema, String detail, String detailType,
                                    List<String> clusteringAfterKey) {
        column(table, schema, "id", "text"); // read from the group's key, not from the rows
        int key = column(table, schema, "key", "blob");
        String keyOrder = order(schema.fields()[key]);
        SourceColumns columns = new SourceColumns(key, column(table, schema, "value", "blob"),
                column(table, schema, detail, detailType), writeTime(table, schema), "DESC".equalsIgnoreCase(keyOrder));
        List<String> expected = new ArrayList<>(List.of("key " + keyOrder));
        expected.addAll(clusteringAfterKey);
        List<String> found = KeyRole.CLUSTERING.columns(schema).stream().map(field -> field.name() + " " + order(field)).toList();
        if (!found.equals(expected)) {
            throw new ConnectorException("Table " + table + " is not a key-value namespace table: expected clustering "
                    + "(key ASC or DESC" + clusteringAfterKey.stream().map(column -> ", " + column).collect(Collectors.joining())
                    + "), found " + (found.isEmpty() ? "none" : "(" + String.join(", ", found) + ")"));
        }
        return columns;
    }

    private static String order(StructField field) {
        return field.metadata().contains(ColumnMetadataKeys.CLUSTERING_ORDER)
                ? field.metadata().getString(ColumnMetadataKeys.CLUSTERING_ORDER) : ASCENDING;
    }

    private static int column(String table, StructType schema, String name, String cqlType) {
        String found = "no such column";
        for (int i = 0; i < schema.fields().length; i++) {
            StructField field = schema.fields()[i];
            if (field.name().equals(name)) {
                String type = field.metadata().contains(ColumnMetadataKeys.CQL_TYPE)
                        ? field.metadata().getString(ColumnMetadataKeys.CQL_TYPE) : null;
                if (type == null || type.equals(cqlType)) {
                    return i;
                }
                found = "type " + type;
            }
        }
        throw new ConnectorException("Table " + table + " is not a key-value namespace table: expected column " + name + " "
                + cqlType + ", found " + found);
    }

    private static int writeTime(String table, StructType schema) {
        for (int i = 0; i < schema.fields().length; i++) {
            if (schema.fields()[i].name().equals(MetadataColumns.ROW_WRITETIME)) {
                return i;
            }
        }
        throw new IllegalStateException("Table " + table + " was read without " + MetadataColumns.ROW_WRITETIME);
    }
}
