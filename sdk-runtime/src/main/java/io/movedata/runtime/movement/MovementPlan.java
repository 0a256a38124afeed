package io.movedata.runtime.movement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.movedata.runtime.iceberg.TablePlan;
import io.movedata.runtime.movement.MovementReport.ConnectorReport;
import io.movedata.runtime.movement.MovementReport.LookupReport;
import io.movedata.runtime.movement.MovementReport.SourceReport;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.spark.ReadMetrics;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.StoreLocation;

/**
 * What a run of a movement would do, found by resolving and planning it without reading a row or
 * writing anything ({@link MovementRunner#plan}).
 *
 * @param name the movement's name
 * @param source the node backups that would be read, and why each was chosen or rejected
 * @param connector the connector and its options (secrets masked)
 * @param splits the splits the reads would run, one line each: table, index, token range, replicas, SSTables, bytes
 * @param sstables distinct SSTables the splits read
 * @param plannedBytes SSTable bytes the splits are expected to read
 * @param fetchBytes about how many bytes the splits would fetch from the object store (0 for a
 *        local directory read in place)
 * @param tables what would happen to each target table
 * @param lookups the small tables the connector looked up while planning: a dry run reads these
 *        ({@link io.movedata.api.ConnectorContext#lookup}), since the sources may depend on them
 */
public record MovementPlan(String name, SourceReport source, ConnectorReport connector, List<String> splits, int sstables,
                           long plannedBytes, long fetchBytes, List<TablePlan> tables, List<LookupReport> lookups) {
    /** Splits listed one by one in the summary; the rest are counted. */
    static final int SPLITS_SHOWN = 20;

    /** The plan of a dry run whose reads are planned in {@code metrics}. */
    static MovementPlan of(String name, SourceReport source, ConnectorReport connector, ReadMetrics metrics,
                           StoreLocation location, List<TablePlan> tables, List<LookupReport> lookups) {
        List<String> splits = new ArrayList<>();
        long planned = 0;
        long fetch = 0;
        for (ReadPlan plan : metrics.plans()) {
            planned += plan.totalBytes();
            for (ReadSplit split : plan.splits()) {
                splits.add(String.format(Locale.ROOT, "%s #%d: token range %s from %s: %d SSTables, %s",
                        plan.request().qualifiedTable(), split.index(), split.range(), String.join(", ", split.replicas()),
                        split.sstables().size(), ByteSizes.text(split.estimatedBytes())));
                fetch += FetchEstimate.bytes(split, location);
            }
        }
        return new MovementPlan(name, source, connector, splits, metrics.sstables(), planned, fetch, tables, List.copyOf(lookups));
    }

    /** The plan for people: the backup and node decisions, the reads, and each table's changes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("dry run of movement ").append(name).append(": the run would proceed; ")
                .append(lookups.isEmpty() ? "nothing was read or written\n"
                        : "nothing was written, and only the tables the connector looked up were read\n");
        sb.append("  backup  ").append(source.location()).append(" '").append(source.backup())
                .append("', reference time ").append(source.referenceTime()).append(", ").append(source.consistency()).append('\n');
        source.decisions().forEach(decision -> sb.append("  node    ").append(decision).append('\n'));
        sb.append("  connector ").append(connector.name()).append(' ').append(connector.version()).append(' ')
                .append(connector.options()).append('\n');
        sb.append(String.format(Locale.ROOT, "  read    %d splits over %d SSTables: %s of SSTables, about %s to fetch from the store%n",
                splits.size(), sstables, ByteSizes.text(plannedBytes), ByteSizes.text(fetchBytes)));
        lookups.forEach(lookup -> sb.append("  lookup  ").append(lookup.table()).append(String.format(Locale.ROOT,
                ": %d rows, %s of SSTables read, %s fetched (read to plan the sources)%n", lookup.rows(),
                ByteSizes.text(lookup.bytesRead()), ByteSizes.text(lookup.bytesFetched()))));
        splits.stream().limit(SPLITS_SHOWN).forEach(split -> sb.append("  split   ").append(split).append('\n'));
        if (splits.size() > SPLITS_SHOWN) {
            sb.append("  split   ... ").append(splits.size() - SPLITS_SHOWN).append(" more\n");
        }
        for (TablePlan table : tables) {
            sb.append("  table   ").append(table.table()).append(": ").append(switch (table.action()) {
                case CREATE -> "would be created with its first snapshot";
                case WRITE -> "would get a new snapshot";
                case UP_TO_DATE -> "already up to date (it holds this movement's snapshot); nothing would be written";
            }).append('\n');
            table.changes().forEach(change -> sb.append("            ").append(change).append('\n'));
        }
        return sb.toString();
    }
}
