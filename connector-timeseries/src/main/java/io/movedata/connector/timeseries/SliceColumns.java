package io.movedata.connector.timeseries;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.api.ConnectorException;
import io.movedata.api.KeyRole;
import io.movedata.api.MetadataColumns;

/**
 * Where a slice table's columns are in its rows, checked against the model: partition key
 * {@code (time_series_id text, time_bucket bigint, event_bucket int)}, clustering
 * {@code (event_time timestamp, event_id text, event_item_key text)} (in either direction each:
 * an event's items stay adjacent), columns {@code event_item_value blob, value_metadata blob}, read
 * with {@code _row_writetime}.
 */
record SliceColumns(int eventTime, int eventId, int itemKey, int value, int metadata, int writeTime) implements Serializable {
    private static final List<String> PARTITION_KEY = List.of("time_series_id text", "time_bucket bigint", "event_bucket int");
    private static final List<String> CLUSTERING = List.of("event_time timestamp", "event_id text", "event_item_key text");

    /**
     * @throws ConnectorException when the table is not of the model, naming the table and what differs
     */
    static SliceColumns of(String table, StructType schema) {
        check(table, "partition key", PARTITION_KEY, KeyRole.PARTITION_KEY.columns(schema));
        check(table, "clustering", CLUSTERING, KeyRole.CLUSTERING.columns(schema));
        return new SliceColumns(index(schema, "event_time"), index(schema, "event_id"), index(schema, "event_item_key"),
                column(table, schema, "event_item_value", "blob"), column(table, schema, "value_metadata", "blob"),
                index(schema, MetadataColumns.ROW_WRITETIME));
    }

    private static void check(String table, String what, List<String> expected, List<StructField> fields) {
        List<String> found = fields.stream().map(field -> field.name() + " " + cqlType(field)).toList();
        if (!found.equals(expected)) {
            throw notASlice(table, what + " (" + String.join(", ", expected) + ")",
                    found.isEmpty() ? "none" : "(" + String.join(", ", found) + ")");
        }
    }

    private static int column(String table, StructType schema, String name, String cqlType) {
        if (!List.of(schema.fieldNames()).contains(name)) {
            throw notASlice(table, "column " + name + " " + cqlType, "no such column");
        }
        int index = index(schema, name);
        String type = cqlType(schema.fields()[index]);
        if (!cqlType.equals(type)) {
            throw notASlice(table, "column " + name + " " + cqlType, "type " + type);
        }
        return index;
    }

    private static int index(StructType schema, String name) {
        return schema.fieldIndex(name);
    }

    private static String cqlType(StructField field) {
        return field.metadata().contains(ColumnMetadataKeys.CQL_TYPE) ? field.metadata().getString(ColumnMetadataKeys.CQL_TYPE) : null;
    }

    private static ConnectorException notASlice(String table, String expected, String found) {
        return new ConnectorException("Table " + table + " is not a time-series slice table: expected " + expected + ", found "
                + found);
    }
}
