package io.movedata.connector.timeseries;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;

/**
 * A namespace's slices, read from its slices table {@code <keyspace>.<namespace>_slices (namespace
 * text, start_time timestamp, end_time timestamp, table_name text, status text, seconds_per_bucket
 * int, event_buckets int)}: the rows whose {@code namespace} is this one, each naming a table of the
 * keyspace, none overlapping another.
 */
final class SlicesTable {
    private SlicesTable() {}

    /** The slices table of a namespace. */
    static String of(String keyspace, String namespace) {
        return keyspace + "." + namespace + "_slices";
    }

    /**
     * The namespace's slices in start order.
     *
     * @throws ConnectorException (invalid input) when a column of the model is missing or of another
     *         type; (unreadable source) when a slice row cannot be used (a null, an empty range, a
     *         bucket setting below 1, a table name that is not one) or two slices overlap or share a table
     */
    static List<Slice> slices(String keyspace, String namespace, List<Row> rows) {
        String table = of(keyspace, namespace);
        List<Slice> slices = new ArrayList<>();
        for (Row row : rows) {
            if (namespace.equals(text(table, row, "namespace"))) {
                slices.add(slice(table, keyspace, row));
            }
        }
        slices.sort(Comparator.comparing(Slice::start));
        Map<String, Slice> byTable = new HashMap<>();
        for (int i = 0; i < slices.size(); i++) {
            Slice slice = slices.get(i);
            Slice sameTable = byTable.put(slice.table(), slice);
            if (sameTable != null) {
                throw unusable(table, "slices " + sameTable.describe() + " and " + slice.describe() + " name the same table");
            }
            if (i > 0 && slices.get(i - 1).end().isAfter(slice.start())) {
                throw unusable(table, "slices " + slices.get(i - 1).describe() + " and " + slice.describe() + " overlap");
            }
        }
        return slices;
    }

    private static Slice slice(String table, String keyspace, Row row) {
        Instant start = instant(table, row, "start_time");
        String name = text(table, row, "table_name");
        String where = "the slice row starting " + start + " (table_name '" + name + "')";
        Instant end = instant(table, row, "end_time");
        Number secondsPerBucket = number(table, row, "seconds_per_bucket");
        Number eventBuckets = number(table, row, "event_buckets");
        if (start == null || end == null || name == null || secondsPerBucket == null || eventBuckets == null) {
            throw unusable(table, where + " has a null start_time, end_time, table_name, seconds_per_bucket or event_buckets");
        }
        // Cassandra's own rule for a table's name; lineage also relies on it (',', '@', '/' separate its entries).
        if (!name.matches("\\w{1,48}")) {
            throw unusable(table, where + ": its table_name is expected to be a table of keyspace " + keyspace
                    + " (1 to 48 letters, digits or underscores)");
        }
        try {
            return new Slice(keyspace + "." + name, start, end, text(table, row, "status"), secondsPerBucket.intValue(),
                    eventBuckets.intValue());
        } catch (IllegalArgumentException e) {
            throw unusable(table, where + ": " + e.getMessage());
        }
    }

    private static ConnectorException unusable(String table, String problem) {
        return new ConnectorException(ErrorKind.UNREADABLE_SOURCE, "Slices table " + table + ": " + problem);
    }

    private static Object value(String table, Row row, String column) {
        int index;
        try {
            index = row.fieldIndex(column);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("Table " + table + " is not a time-series slices table: expected column " + column
                    + ", found none");
        }
        return row.get(index);
    }

    private static String text(String table, Row row, String column) {
        Object value = value(table, row, column);
        if (value != null && !(value instanceof String)) {
            throw wrongType(table, column, "text", value);
        }
        return (String) value;
    }

    private static Instant instant(String table, Row row, String column) {
        Object value = value(table, row, column);
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw wrongType(table, column, "timestamp", value);
    }

    private static Number number(String table, Row row, String column) {
        Object value = value(table, row, column);
        if (value != null && !(value instanceof Integer || value instanceof Long)) {
            throw wrongType(table, column, "int", value);
        }
        return (Number) value;
    }

    private static ConnectorException wrongType(String table, String column, String expected, Object found) {
        return new ConnectorException("Table " + table + " is not a time-series slices table: expected column " + column + " "
                + expected + ", found a " + found.getClass().getSimpleName());
    }
}
