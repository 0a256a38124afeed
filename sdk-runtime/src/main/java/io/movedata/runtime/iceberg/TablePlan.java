package io.movedata.runtime.iceberg;

import java.util.List;

/**
 * What writing one table would do, decided without changing anything ({@link IcebergSink#preview}).
 *
 * @param table the table's identifier in the catalog
 * @param action what the write would do
 * @param changes one line per change: for a table to create its columns, partition spec, sort
 *        order and properties; for one to write the mode (or the rows its connector replaces), the
 *        columns to add or widen and the partition spec or sort order to evolve; empty when up to date
 */
public record TablePlan(String table, Action action, List<String> changes) {

    public enum Action {
        /** The table does not exist: it would be created with its first snapshot. */
        CREATE,
        /** The table exists: a new snapshot would be written, after the changes listed. */
        WRITE,
        /** The table already holds this movement (same lineage fingerprint): nothing would be written. */
        UP_TO_DATE
    }

    public TablePlan {
        changes = List.copyOf(changes);
    }
}
