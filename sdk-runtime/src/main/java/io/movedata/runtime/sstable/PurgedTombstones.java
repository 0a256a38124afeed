package io.movedata.runtime.sstable;

import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.RangeTombstoneMarker;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.db.transform.Transformation;

/**
 * Counts, as the merged partitions pass on their way to the reference-time filter, the deletions
 * that filter drops from the output. Counted after the merge of replicas and SSTables, so a
 * tombstone every replica holds counts once, and one the merge found shadowed by a newer deletion
 * does not count. Counted:
 * <ul>
 * <li>a partition deletion (a partition's non-live partition-level deletion time);</li>
 * <li>a range deletion: each stretch of clustering the merged partition covers with one deletion
 *     time, counted at the marker that opens it (a start bound, or a boundary where one deletion
 *     time gives way to another), never at the marker that closes it;</li>
 * <li>a row deletion (a row's non-live deletion);</li>
 * <li>a dead cell, regular, static or a collection element: a cell tombstone, or a cell whose TTL
 *     ran out by the reference time.</li>
 * </ul>
 * Not counted: a collection's whole-collection deletion (which every overwrite of a collection
 * writes) and an expired row marker (its cells count).
 */
final class PurgedTombstones extends Transformation<UnfilteredRowIterator> {
    private final long nowInSec;
    private long count;

    /** @param nowInSec the reference time, in seconds, at which expired cells count as dead */
    PurgedTombstones(long nowInSec) {
        this.nowInSec = nowInSec;
    }

    long count() {
        return count;
    }

    @Override
    protected UnfilteredRowIterator applyToPartition(UnfilteredRowIterator partition) {
        if (!partition.partitionLevelDeletion().isLive()) {
            count++;
        }
        return Transformation.apply(partition, this);
    }

    @Override
    protected Row applyToStatic(Row row) {
        return applyToRow(row);
    }

    @Override
    protected Row applyToRow(Row row) {
        if (!row.deletion().isLive()) {
            count++;
        }
        count = row.accumulate(PurgedTombstones::addDeadCells, this, count);
        return row;
    }

    @Override
    protected RangeTombstoneMarker applyToMarker(RangeTombstoneMarker marker) {
        if (marker.isOpen(false)) {
            count++;
        }
        return marker;
    }

    private static long addDeadCells(PurgedTombstones counter, ColumnData data, long count) {
        if (data instanceof ComplexColumnData complex) {
            return complex.accumulate(PurgedTombstones::addDeadCell, counter, count);
        }
        return addDeadCell(counter, (Cell<?>) data, count);
    }

    private static long addDeadCell(PurgedTombstones counter, Cell<?> cell, long count) {
        return cell.isLive(counter.nowInSec) ? count : count + 1;
    }
}
