package io.movedata.api;

import java.util.List;
import java.util.Objects;

/**
 * A Cassandra table a connector reads, and the metadata columns it wants besides the table's own
 * ({@code _row_writetime}; {@code _writetime_<c>}, {@code _ttl_<c>}, {@code _expiry_<c>}).
 *
 * @param table {@code keyspace.table}
 * @param rowWritetime whether to add {@code _row_writetime}, the newest write time in each row
 * @param cellMetadata the columns to add write time, TTL and expiry columns for
 */
public record SourceTable(String table, boolean rowWritetime, List<String> cellMetadata) {

    /**
     * @throws ConnectorException (invalid input: the name usually comes from the movement's spec or
     *     the connector's options) when {@code table} is not {@code keyspace.table}
     */
    public SourceTable {
        Objects.requireNonNull(table, "table");
        String problem = nameProblem(table);
        if (problem != null) {
            throw new ConnectorException("Source table: " + problem);
        }
        cellMetadata = List.copyOf(cellMetadata);
    }

    /**
     * The one rule for a table name: what is wrong with {@code text} as {@code keyspace.table} (two
     * names without dots or white space, joined by a dot), or null when nothing is.
     */
    public static String nameProblem(String text) {
        return text != null && text.matches("[^.\\s]+\\.[^.\\s]+") ? null : "expected keyspace.table, found '" + text + "'";
    }

    /** The keyspace: what {@link #table} names before its dot. */
    public String keyspace() {
        return table.substring(0, table.indexOf('.'));
    }

    /** The table's name within its keyspace: what {@link #table} names after its dot. */
    public String tableName() {
        return table.substring(table.indexOf('.') + 1);
    }

    /** The table's own columns only. */
    public static SourceTable of(String table) {
        return new SourceTable(table, false, List.of());
    }

    public SourceTable withRowWritetime() {
        return new SourceTable(table, true, cellMetadata);
    }

    public SourceTable withCellMetadata(List<String> columns) {
        return new SourceTable(table, rowWritetime, columns);
    }
}
