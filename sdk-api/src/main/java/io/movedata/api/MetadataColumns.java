package io.movedata.api;

/**
 * The names of the columns movedata adds to a frame when a {@link SourceTable} asks for them:
 * {@code _row_writetime}, and per column {@code c} {@code _writetime_c}, {@code _ttl_c} and
 * {@code _expiry_c}. Their {@link ColumnMetadataKeys#KEY_ROLE} is {@link KeyRole#METADATA}.
 */
public final class MetadataColumns {
    /** A timestamp: when the row was last written (its newest cell's write time, to the microsecond). */
    public static final String ROW_WRITETIME = "_row_writetime";

    private MetadataColumns() {}

    /** {@code _writetime_<column>}: a timestamp, when the cell was written (a collection's or UDT's newest cell). */
    public static String writetime(String column) {
        return "_writetime_" + column;
    }

    /** {@code _ttl_<column>}: an int, the seconds the cell had left to live at the backup's reference time, or null. */
    public static String ttl(String column) {
        return "_ttl_" + column;
    }

    /** {@code _expiry_<column>}: a timestamp, when the cell expires (a collection's or UDT's earliest), or null. */
    public static String expiry(String column) {
        return "_expiry_" + column;
    }
}
