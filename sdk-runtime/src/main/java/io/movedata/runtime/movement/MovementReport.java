package io.movedata.runtime.movement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.movedata.runtime.store.ReportFiles;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.S3Requests;

/**
 * What one run of a movement did, written as JSON next to every run and summarized for people.
 *
 * @param movementId unique per run
 * @param name the movement's name
 * @param outcome how the run ended
 * @param startedAt ISO-8601 instant
 * @param finishedAt ISO-8601 instant
 * @param source the backup read
 * @param connector the connector and its options (secrets masked)
 * @param read what the reads did
 * @param s3 the S3 requests of the backup's store, the driver's (catalog, planning) and the splits'
 *        together: sent, retried and failed by cause, bodies re-fetched; null when none were made
 * @param tables per Iceberg table written
 * @param phaseMillis duration of each phase: resolve (backup and connector), plan (frames and
 *        targets), write (reading, transforming and committing; Spark runs them as one job), total
 * @param error why the run failed or was interrupted, or null
 * @param reportPath where this report was written; null when it could not be
 * @param reportError why the report could not be written (never in a written report)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MovementReport(String movementId, String name, Outcome outcome, String startedAt, String finishedAt,
                             SourceReport source, ConnectorReport connector, ReadReport read, S3Requests s3, List<TableReport> tables,
                             Map<String, Long> phaseMillis, ErrorReport error, String reportPath, String reportError) {

    public enum Outcome {
        /** Rows were written to at least one table. */
        SUCCEEDED,
        /** Every table already held this movement of this backup; nothing was written. */
        UP_TO_DATE,
        /** Nothing was changed (see {@link ErrorReport}). */
        FAILED,
        /**
         * The JVM was asked to stop (SIGTERM, Ctrl-C) before the run was done; every table was left
         * or put back as it was (see {@link ErrorReport}, kind {@code interrupted}).
         */
        INTERRUPTED
    }

    /**
     * @param location the backup location (no secrets)
     * @param layout the backup layout (medusa, priam)
     * @param backup the backup's name; for an as-of selection, the names of the node backups chosen
     * @param asOf the requested as-of instant, if any
     * @param referenceTime R, the time the rows are as of
     * @param consistency the consistency level
     * @param datacenter the local datacenter, if any
     * @param tables the Cassandra tables read
     * @param nodeBackups the node backups read: {@code node=backup@started}
     * @param unavailable nodes of the ring without a node backup to read, with the reason
     * @param decisions why each node backup considered was chosen or rejected
     */
    public record SourceReport(String location, String layout, String backup, String asOf, String referenceTime,
                               String consistency, String datacenter, List<String> tables, List<String> nodeBackups,
                               Map<String, String> unavailable, List<String> decisions) {}

    /**
     * @param name the connector's name
     * @param version the connector's version
     * @param options its options, secrets masked
     * @param counts what the connector counted ({@link io.movedata.api.ConnectorContext#count}), by
     *        name, in the order it asked for them
     */
    public record ConnectorReport(String name, String version, Map<String, String> options,
                                  Map<String, CountReport> counts) {

        ConnectorReport withCounts(Map<String, CountReport> reported) {
            return new ConnectorReport(name, version, options, reported);
        }
    }

    /**
     * @param description what is counted, as the connector describes it
     * @param count occurrences counted by the transforms' successful tasks
     * @param samples the first few occurrences' samples (at most 10)
     */
    public record CountReport(String description, long count, List<String> samples) {}

    /**
     * @param splits Spark partitions planned
     * @param splitsDone splits read to their end
     * @param splitReads split reads finished, every execution counted: equal to {@code splitsDone}
     *        when the backup was read once (however many tables the run wrote), more when Spark
     *        read a split again (a retried task)
     * @param sstables distinct SSTables the splits read
     * @param plannedBytes SSTable bytes the plan expected to read
     * @param bytesRead SSTable bytes of the splits read to their end
     * @param bytesFetched bytes fetched from the object store
     * @param rows rows read (after Cassandra's merge)
     * @param partitions Cassandra partitions read
     * @param largestPartitionRows rows of the largest partition seen
     * @param tombstonesPurged tombstones and expired cells the merge of replicas purged (the scan's
     *        {@code tombstonesPurged} metric)
     * @param replicaSelection per token range, the replicas read
     * @param lookups the tables the connector looked up ({@link io.movedata.api.ConnectorContext#lookup}),
     *        read apart from the sources: the figures above are the sources' only
     */
    public record ReadReport(int splits, long splitsDone, long splitReads, int sstables, long plannedBytes, long bytesRead, long bytesFetched, long rows,
                             long partitions, long largestPartitionRows, long tombstonesPurged, List<String> replicaSelection,
                             List<LookupReport> lookups) {}

    /**
     * @param table the table looked up, {@code keyspace.table}
     * @param rows rows returned to the connector
     * @param bytesRead SSTable bytes read
     * @param bytesFetched bytes fetched from the object store
     */
    public record LookupReport(String table, long rows, long bytesRead, long bytesFetched) {}

    /**
     * @param target the connector's name for the output
     * @param table the Iceberg table, catalog.namespace.table
     * @param outcome WRITTEN or UP_TO_DATE
     * @param created whether this run created the table
     * @param snapshotId the table's current snapshot after the run
     * @param previousSnapshotId the current snapshot before the run, if any
     * @param rowsWritten rows added
     * @param rowsDeleted rows removed (by an overwrite, or where {@code replacedWhere})
     * @param replacedWhere the condition of the rows the run replaced, when the connector decided
     *        which ({@link io.movedata.api.TargetWrite}); null when the mode did, or nothing was written
     * @param dataFiles data files added
     * @param bytesWritten bytes of data files added
     * @param addedColumns columns this run added to the table's schema
     * @param layoutChanges how this run evolved the table's partition spec and sort order to its
     *        target's, e.g. {@code partition spec [bucket(16, customer)] to [days(placed)]}
     */
    public record TableReport(String target, String table, String outcome, boolean created, long snapshotId,
                              Long previousSnapshotId, long rowsWritten, long rowsDeleted, String replacedWhere,
                              long dataFiles, long bytesWritten, List<String> addedColumns, List<String> layoutChanges) {}

    /**
     * @param kind for a FAILED run the {@link io.movedata.api.ErrorKind#label label} of the failure's
     *        kind ({@code invalid-input}, {@code unreadable-source}, {@code external}, {@code internal}:
     *        docs/errors.md), which decides the exit code; {@code interrupted} when the JVM was asked
     *        to stop
     * @param type the exception's class
     * @param message what went wrong, where
     * @param causes the messages of the causes, outermost first
     */
    public record ErrorReport(String kind, String type, String message, List<String> causes) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads a report written by {@link #write}. */
    public static MovementReport read(Path file) {
        return ReportFiles.read(JSON, file, MovementReport.class, "movement report");
    }

    /**
     * Writes this report as JSON into {@code directory}, returning it with its path, or, when it
     * cannot be written, with {@link #reportError} saying why: the tables a run changed stay
     * changed, so the run's result must still reach its caller.
     */
    MovementReport write(Path directory) {
        Path file = ReportFiles.named(directory, name.replaceAll("[^A-Za-z0-9._-]", "_"), startedAt, movementId);
        MovementReport located = new MovementReport(movementId, name, outcome, startedAt, finishedAt, source, connector,
                read, s3, tables, phaseMillis, error, file.toString(), null);
        try {
            ReportFiles.write(JSON, file, located);
            return located;
        } catch (IOException e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new MovementReport(movementId, name, outcome, startedAt, finishedAt, source, connector, read, s3, tables,
                    phaseMillis, error, null, "the report could not be written to " + directory + ": " + reason);
        }
    }

    /**
     * What a caller must be told besides the summary when the report could not be written: which
     * tables the run did change (they stay changed) and why the report is missing; null when the
     * report was written.
     */
    public String reportProblem() {
        if (reportError == null) {
            return null;
        }
        List<String> committed = tables == null ? List.of() : tables.stream()
                .filter(table -> "WRITTEN".equals(table.outcome()))
                .map(table -> "table " + table.table() + " committed (snapshot " + table.snapshotId() + ")")
                .toList();
        return (committed.isEmpty() ? "no table was changed" : String.join(", ", committed)) + "; " + reportError;
    }

    /** A few lines for people: outcome, backup, what was read and written, where the report is. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("movement ").append(name).append(" (").append(movementId).append("): ").append(outcome);
        if (outcome == Outcome.FAILED && error != null) {
            sb.append(" (").append(error.kind()).append(')');
        }
        Long total = phaseMillis == null ? null : phaseMillis.get("total");
        if (total != null) {
            sb.append(String.format(Locale.ROOT, " in %.1f s", total / 1000.0));
        }
        sb.append('\n');
        if (source != null && source.backup() != null) {
            sb.append("  backup  ").append(source.location()).append(" '").append(source.backup())
                    .append("', reference time ").append(source.referenceTime()).append(", ").append(source.consistency())
                    .append('\n');
            if (source.decisions() != null) {
                for (String decision : source.decisions()) {
                    sb.append("  node    ").append(decision).append('\n');
                }
            }
        }
        if (read != null && read.splits() > 0) {
            sb.append(String.format(Locale.ROOT, "  read    %,d rows in %,d partitions (largest %,d rows) from %d SSTables,"
                            + " %d splits, %s of SSTables, %s fetched%n", read.rows(), read.partitions(),
                    read.largestPartitionRows(), read.sstables(), read.splits(), ByteSizes.text(read.bytesRead()),
                    ByteSizes.text(read.bytesFetched())));
        }
        if (s3 != null) {
            sb.append(String.format(Locale.ROOT, "  s3      %,d requests, %,d retried", s3.requests(), s3.retries()));
            if (!s3.failures().isEmpty()) {
                sb.append(" (failed: ").append(String.join(", ", s3.failures().entrySet().stream()
                        .map(f -> f.getKey() + " " + String.format(Locale.ROOT, "%,d", f.getValue())).toList())).append(')');
            }
            sb.append(String.format(Locale.ROOT, ", broken bodies fetched again: %,d", s3.refetches()));
            if (s3.failedCalls() > 0) {
                sb.append(String.format(Locale.ROOT, ", %,d calls failed", s3.failedCalls()));
            }
            sb.append('\n');
        }
        if (read != null && read.lookups() != null) { // absent from reports written before lookups
            read.lookups().forEach(lookup -> sb.append(String.format(Locale.ROOT,
                    "  lookup  %s: %,d rows, %s of SSTables, %s fetched%n", lookup.table(), lookup.rows(),
                    ByteSizes.text(lookup.bytesRead()), ByteSizes.text(lookup.bytesFetched()))));
        }
        if (connector != null && connector.counts() != null) { // absent from reports written before counts
            connector.counts().forEach((countName, count) -> {
                if (count.count() > 0) {
                    sb.append(String.format(Locale.ROOT, "  count   %s: %,d (%s)", countName, count.count(), count.description()));
                    if (!count.samples().isEmpty()) {
                        sb.append(", e.g. ").append(count.samples().get(0));
                    }
                    sb.append('\n');
                }
            });
        }
        if (tables != null) {
            for (TableReport table : tables) {
                sb.append("  table   ").append(table.table()).append(": ");
                if ("UP_TO_DATE".equals(table.outcome())) {
                    sb.append("already up to date (snapshot ").append(table.snapshotId()).append(")");
                } else {
                    sb.append(String.format(Locale.ROOT, "%,d rows written", table.rowsWritten()));
                    if (table.replacedWhere() != null) {
                        sb.append(String.format(Locale.ROOT, " replacing %,d rows where %s", table.rowsDeleted(),
                                table.replacedWhere()));
                    }
                    sb.append(", snapshot ").append(table.snapshotId());
                    if (table.created()) {
                        sb.append(", table created");
                    }
                    if (!table.addedColumns().isEmpty()) {
                        sb.append(", columns added ").append(table.addedColumns());
                    }
                    if (table.layoutChanges() != null) { // absent from reports written before layouts evolved
                        table.layoutChanges().forEach(change -> sb.append(", ").append(change));
                    }
                }
                sb.append('\n');
            }
        }
        if (error != null) {
            sb.append("  error   ").append(error.message()).append('\n');
        }
        if (reportPath != null) {
            sb.append("  report  ").append(reportPath).append('\n');
        }
        if (reportError != null) {
            sb.append("  report  not written: ").append(reportError).append('\n');
        }
        return sb.toString();
    }
}
