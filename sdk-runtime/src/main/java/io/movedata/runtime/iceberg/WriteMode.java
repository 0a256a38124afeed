package io.movedata.runtime.iceberg;

/** How a movement's rows replace or join a table's rows. */
public enum WriteMode {
    /** The table becomes exactly the frame's rows, in one snapshot. The default of movement specs. */
    OVERWRITE,
    /** The frame's rows are added to the table's rows, in one snapshot. */
    APPEND
}
