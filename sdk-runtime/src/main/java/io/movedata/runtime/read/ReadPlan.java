package io.movedata.runtime.read;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

import io.movedata.runtime.sstable.DroppedColumns;
import io.movedata.runtime.sstable.ReadColumn;
import io.movedata.runtime.sstable.TableDefinition;

/**
 * The driver's plan for reading one table of one backup: everything executors need, and nothing
 * that needs the backup's metadata again.
 *
 * @param request what was asked
 * @param backup description of the backup for messages ({@code s3://b/p backup 'x'})
 * @param schemaCql the backup's schema script, parsed again on executors
 * @param droppedColumns columns the SSTables hold that were dropped before the backup
 * @param columns every column the table's read can produce
 * @param referenceTime R: the time the rows are as of
 * @param splits the units of executor work
 * @param suggestedExecutors how many executors the data volume warrants
 * @param totalBytes SSTable bytes the splits are expected to read
 * @param replicaSelection per token range, the replicas read (for reports)
 */
public record ReadPlan(ReadRequest request, String backup, String schemaCql, DroppedColumns droppedColumns,
                       List<ReadColumn> columns, Instant referenceTime, List<ReadSplit> splits, int suggestedExecutors, long totalBytes,
                       List<String> replicaSelection) implements Serializable {

    public long nowInSeconds() {
        return referenceTime.getEpochSecond();
    }

    /** The same plan without its splits: what every task needs besides its own split. */
    public ReadPlan withoutSplits() {
        return new ReadPlan(request, backup, schemaCql, droppedColumns, columns, referenceTime, List.of(), suggestedExecutors,
                totalBytes, List.of());
    }

    /** The table for opening its SSTables: the backup's schema, with the columns dropped before it. */
    public TableDefinition table() {
        return TableDefinition.of(schemaCql, request.keyspace(), request.table(), backup).withDropped(droppedColumns);
    }

    public String describe() {
        return backup + " table " + request.qualifiedTable() + " at " + request.consistency() + ": " + splits.size()
                + " splits, " + totalBytes + " bytes, suggested executors " + suggestedExecutors + ", reference time "
                + referenceTime + (droppedColumns.isEmpty() ? "" : ", columns dropped before the backup " + droppedColumns.names());
    }
}
