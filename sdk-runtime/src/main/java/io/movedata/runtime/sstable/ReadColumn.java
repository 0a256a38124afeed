package io.movedata.runtime.sstable;

import java.io.Serializable;

import io.movedata.api.MetadataColumns;

/**
 * One output column of a read: a CQL column, or metadata about a row or a cell.
 *
 * @param name the Spark column name
 * @param kind what the column holds
 * @param cqlColumn the CQL column it is about (null for {@link Kind#ROW_WRITETIME})
 */
public record ReadColumn(String name, Kind kind, String cqlColumn) implements Serializable {

    public enum Kind {
        /** The CQL column's value. */
        VALUE,
        /** The newest write time (microseconds, as a timestamp) of the row's live cells and marker. */
        ROW_WRITETIME,
        /** The cell's write time; for a non-frozen collection or UDT the newest of its cells. */
        WRITETIME,
        /** Seconds the cell has left to live at the reference time; null without a TTL. */
        TTL,
        /** When the cell expires; null without a TTL. */
        EXPIRY
    }

    public static ReadColumn value(String column) {
        return new ReadColumn(column, Kind.VALUE, column);
    }

    public static ReadColumn rowWritetime() {
        return new ReadColumn(MetadataColumns.ROW_WRITETIME, Kind.ROW_WRITETIME, null);
    }

    public static ReadColumn writetime(String column) {
        return new ReadColumn(MetadataColumns.writetime(column), Kind.WRITETIME, column);
    }

    public static ReadColumn ttl(String column) {
        return new ReadColumn(MetadataColumns.ttl(column), Kind.TTL, column);
    }

    public static ReadColumn expiry(String column) {
        return new ReadColumn(MetadataColumns.expiry(column), Kind.EXPIRY, column);
    }
}
