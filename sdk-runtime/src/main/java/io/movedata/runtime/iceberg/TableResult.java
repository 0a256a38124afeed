package io.movedata.runtime.iceberg;

import java.util.List;

/**
 * What writing one table did. Counts come from the new snapshot's summary; an
 * {@link Outcome#UP_TO_DATE} table reports zeros.
 *
 * @param table the table's identifier in the catalog
 * @param outcome whether rows were written
 * @param created whether this run created the table
 * @param previousSnapshotId the table's current snapshot before the run; null when it had none
 * @param snapshotId the table's current snapshot after the run
 * @param addedRecords rows the new snapshot added
 * @param deletedRecords rows the new snapshot removed (an overwrite's previous rows)
 * @param replacedWhere the condition of the rows the frame replaced, when its connector decided
 *        ({@link RowReplacement}); null for a write the mode decided, and when up to date
 * @param addedDataFiles data files the new snapshot added
 * @param addedFilesBytes the size of those files
 * @param addedColumns columns this run added to an existing table, in table order
 * @param layoutChanges how this run evolved an existing table's partition spec and sort order
 */
public record TableResult(String table, Outcome outcome, boolean created, Long previousSnapshotId, long snapshotId,
                          long addedRecords, long deletedRecords, String replacedWhere, long addedDataFiles,
                          long addedFilesBytes, List<String> addedColumns, List<String> layoutChanges) {

    public enum Outcome {
        /** A new snapshot holds the frame's rows. */
        WRITTEN,
        /** The table already had this movement's snapshot (same lineage fingerprint); nothing was written. */
        UP_TO_DATE
    }

    public TableResult {
        addedColumns = List.copyOf(addedColumns);
        layoutChanges = List.copyOf(layoutChanges);
    }
}
