package io.movedata.runtime.movement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.ErrorKind;
import io.movedata.api.NamedUdf;
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;
import io.movedata.api.TargetWrite;
import io.movedata.runtime.util.Instants;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.NodeDecision;
import io.movedata.runtime.connector.BackupSourceFrames;
import io.movedata.runtime.connector.Connectors;
import io.movedata.runtime.connector.GuardedConnector;
import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.iceberg.IcebergSink;
import io.movedata.runtime.iceberg.Lineage;
import io.movedata.runtime.iceberg.RowReplacement;
import io.movedata.runtime.iceberg.SinkException;
import io.movedata.runtime.iceberg.TablePlan;
import io.movedata.runtime.iceberg.TableResult;
import io.movedata.runtime.iceberg.TableWrite;
import io.movedata.runtime.movement.MovementReport.ConnectorReport;
import io.movedata.runtime.movement.MovementReport.ErrorReport;
import io.movedata.runtime.movement.MovementReport.LookupReport;
import io.movedata.runtime.movement.MovementReport.Outcome;
import io.movedata.runtime.movement.MovementReport.ReadReport;
import io.movedata.runtime.movement.MovementReport.SourceReport;
import io.movedata.runtime.movement.MovementReport.TableReport;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.ring.SplitSizing;
import io.movedata.runtime.spark.BackupRead;
import io.movedata.runtime.spark.ReadMetrics;
import io.movedata.runtime.spark.ScanPlanning;
import io.movedata.runtime.spark.SparkCores;
import io.movedata.runtime.spark.SparkFailures;
import io.movedata.runtime.sstable.SparkTypes;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.S3Requests;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.util.Secrets;

/**
 * Runs a movement: check the directories it writes to, resolve the backup and the connector, read
 * the sources, let the connector build its output frames, write them to Iceberg, and report. A run
 * never leaves a table half written: a table it creates appears with its first snapshot, and the
 * sink restores every table when any write fails or the JVM is asked to stop (SIGTERM, Ctrl-C)
 * during the run. Each run writes a JSON report, also when it fails or is interrupted.
 */
public final class MovementRunner {
    /** Snapshot summary values are kept small; the report holds every decision. */
    private static final int MAX_DECISIONS_CHARS = 4000;

    /** Hears about a run while it is under way (the CLI draws its progress bar from this). */
    public interface Listener {
        /** The reads are planned and will add to {@code metrics} as splits finish. */
        default void reading(ReadMetrics metrics) {}

        /**
         * The run is over and its report written (or not: {@link MovementReport#reportError}).
         * Called before {@link #run} returns; when the JVM is shutting down, the shutdown waits for
         * it (up to {@link Interruption#GRACE}), so this is where to tell the user the outcome.
         */
        default void finished(MovementReport report) {}
    }

    private final SparkSession spark;

    public MovementRunner(SparkSession spark) {
        this.spark = spark;
    }

    public MovementReport run(MovementSpec spec) {
        return run(spec, new Listener() {});
    }

    /**
     * Runs the movement. Failures do not throw: the report's outcome is FAILED (or INTERRUPTED) and
     * its error says why; no table was changed.
     */
    public MovementReport run(MovementSpec spec, Listener listener) {
        String movementId = UUID.randomUUID().toString();
        try (Interruption interruption = Interruption.watch(spark.sparkContext(), movementId)) {
            MovementReport report = run(spec, listener, movementId, interruption);
            listener.finished(report);
            return report;
        }
    }

    /**
     * What a run of the movement would do, without reading a row or writing anything (no table,
     * namespace or report): the node backups chosen and rejected, the splits, the bytes to read and
     * fetch, and the changes to each table.
     *
     * @throws SpecException when the spec, a directory the run writes to, or a target table's
     *         layout or schema would make the run fail before it reads anything
     * @throws BackupException when no backup fits, saying what was found
     * @throws ConnectorException when the connector or its options are wrong
     */
    public MovementPlan plan(MovementSpec spec) {
        String movementId = UUID.randomUUID().toString();
        CatalogSettings catalog = catalog(spec);
        RunDirectories.check(spec, catalog);
        StoreLocation location = spec.storeLocation();
        ClusterBackup backup = resolveBackup(spec, location);
        ReadMetrics metrics = new ReadMetrics(spark.sparkContext(), movementId);
        Resolved resolved = resolve(spec, movementId, location, backup, catalog);
        Planned planned = plan(spec, movementId, backup, resolved, metrics);
        List<TablePlan> tables;
        try {
            planned.writes().forEach(write -> ScanPlanning.planScans(write.frame()));
            tables = planned.sink().preview(planned.writes(), spec.mode(), planned.lineage()).stream()
                    .map(table -> new TablePlan(catalog.name() + "." + table.table(), table.action(), table.changes()))
                    .toList();
        } catch (SinkException e) {
            // Refused for the spec's sake is invalid input; a catalog that failed stays external.
            throw e.kind() == ErrorKind.INVALID_INPUT ? new SpecException("The run would be refused: " + e.getMessage(), e)
                    : new SinkException(e.kind(), "The run cannot be planned: " + e.getMessage(), e);
        } finally {
            planned.sources().release();
        }
        return MovementPlan.of(spec.name(), resolved.source(), resolved.connectorReport(), metrics, location, tables,
                resolved.context().lookups());
    }

    /**
     * The tables the spec's connector declares for the spec's backup ({@link Connector#targets}),
     * without reading a row or writing anything, and without the destination mapping them: for a
     * tool that maps them itself, such as the contract test kit. The destination's catalog is
     * connected (the connector's context reads the current snapshots through it).
     *
     * @throws BackupException when no backup fits, saying what was found
     * @throws ConnectorException when the connector, its options or its targets are wrong
     */
    public List<TargetTable> targets(MovementSpec spec) {
        String movementId = UUID.randomUUID().toString();
        StoreLocation location = spec.storeLocation();
        ClusterBackup backup = resolveBackup(spec, location);
        Resolved resolved = resolve(spec, movementId, location, backup, catalog(spec));
        ReadMetrics metrics = new ReadMetrics(spark.sparkContext(), movementId);
        BackupSourceFrames frames = sourceFrames(spec, backup, resolved, metrics);
        try {
            return resolved.connector().targets(frames.schemas());
        } finally {
            frames.release();
        }
    }

    /** The connector's sources as frames of the backup, nothing read yet. */
    private BackupSourceFrames sourceFrames(MovementSpec spec, ClusterBackup backup, Resolved resolved, ReadMetrics metrics) {
        return new BackupSourceFrames(spark, resolved.connector().sources(),
                source -> new BackupRead(readRequest(spec, backup, source), backup, metrics));
    }

    /**
     * Checks what a run can check without Spark: that the spec's connector is on the classpath and
     * takes its options, and that the directories the run writes to can be written. A command
     * starting a Spark session of its own calls this first, so such a mistake is told at once
     * rather than after Spark starts; a run checks all of it again.
     *
     * @throws ConnectorException naming the unknown connector (and the closest known one), or every
     *         option at fault
     * @throws SpecException naming each directory that cannot be written, and why
     */
    public static void check(MovementSpec spec) {
        chosenConnector(spec);
        RunDirectories.check(spec, catalog(spec));
    }

    /** The spec's connector factory and its options, validated; not yet created, which may need Spark. */
    private record ChosenConnector(ConnectorFactory factory, ConnectorOptions options) {}

    private static ChosenConnector chosenConnector(MovementSpec spec) {
        ConnectorFactory factory = Connectors.named(spec.connector().name());
        return new ChosenConnector(factory, ConnectorOptions.validate(factory.name(), factory.options(), spec.connectorOptions()));
    }

    /**
     * The backup, connector and sources of a run, resolved; the sink that will write the targets,
     * connected (the context reads their current snapshots through it).
     */
    private record Resolved(Connector connector, MovementContext context, ConnectorReport connectorReport,
                            SourceReport source, IcebergSink sink) {}

    /** The frames of a run, their tables, and the sink that writes them; nothing read yet. */
    private record Planned(List<TableWrite> writes, IcebergSink sink, Lineage lineage, BackupSourceFrames sources) {}

    private Resolved resolve(MovementSpec spec, String movementId, StoreLocation location, ClusterBackup backup,
                             CatalogSettings catalog) {
        // Told now, not by the scan's planning, which runs after the sink has created the tables.
        ReadPlanner.localDatacenter(spec.consistency(), spec.source().datacenter(), backup);
        ChosenConnector chosen = chosenConnector(spec);
        IcebergSink sink = new IcebergSink(spark, catalog);
        TableLookups lookups = new TableLookups(spark, movementId, chosen.factory().name(),
                (table, metrics) -> new BackupRead(readRequest(spec, backup, table), backup, metrics), TableLookups.Cap.DECLARED);
        MovementContext context = new MovementContext(movementId, spec, spark, backup, sink, catalog.name(), lookups);
        Connector connector = GuardedConnector.create(chosen.factory(), chosen.options(), context);
        ConnectorReport connectorReport = new ConnectorReport(chosen.factory().name(), chosen.factory().version(),
                chosen.options().masked(), Map.of());
        List<String> sourceTables = connector.sources().stream().map(SourceTable::table).toList();
        SourceReport source = new SourceReport(location.toString(), backup.layout(), backup.name(),
                spec.asOf() == null ? null : spec.asOf().toString(), backup.referenceTime().toString(),
                spec.consistency().name(), spec.source().datacenter(), sourceTables,
                List.of(backup.selection().split(",")), backup.unavailable(),
                backup.decisions().stream().map(NodeDecision::describe).toList());
        return new Resolved(connector, context, connectorReport, source, sink);
    }

    private Planned plan(MovementSpec spec, String movementId, ClusterBackup backup, Resolved resolved,
                         ReadMetrics metrics) {
        for (NamedUdf udf : resolved.connector().udfs()) {
            spark.udf().register(udf.name(), udf.function());
        }
        BackupSourceFrames frames = sourceFrames(spec, backup, resolved, metrics);
        try {
            List<TargetTable> targets = resolved.connector().targets(frames.schemas());
            Map<String, Dataset<Row>> output = resolved.connector().output(frames);
            List<TableWrite> writes = writes(spec, targets, output,
                    replacements(spec.connector().name(), targets, resolved.connector().writes(), secretValues(spec)));
            Lineage lineage = lineage(movementId, spec, resolved.source(), resolved.connectorReport(),
                    resolved.connector().sources(), writes);
            return new Planned(writes, resolved.sink(), lineage, frames);
        } catch (RuntimeException e) {
            // The connector's output may have kept a copy (a cogroup's) that no write will use.
            frames.release();
            throw e;
        }
    }

    private MovementReport run(MovementSpec spec, Listener listener, String movementId, Interruption interruption) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        Map<String, Long> phases = new LinkedHashMap<>();
        String phase = "resolve";
        SourceReport source = null;
        Resolved resolved = null;
        ReadMetrics metrics = null;
        List<TableReport> tables = List.of();
        ErrorReport error = null;
        Outcome outcome;
        S3Requests driverRequestsBefore = driverRequests(spec);
        try {
            long t = System.nanoTime();
            CatalogSettings catalog = catalog(spec);
            RunDirectories.check(spec, catalog);
            StoreLocation location = spec.storeLocation();
            ClusterBackup backup = resolveBackup(spec, location);
            resolved = resolve(spec, movementId, location, backup, catalog);
            source = resolved.source();
            phases.put("resolve", millisSince(t));
            stopIfAsked(interruption, phase);

            phase = "plan";
            t = System.nanoTime();
            metrics = new ReadMetrics(spark.sparkContext(), movementId);
            Planned planned = plan(spec, movementId, backup, resolved, metrics);
            List<TableResult> results;
            try {
                phases.put("plan", millisSince(t));
                stopIfAsked(interruption, phase);

                t = System.nanoTime();
                listener.reading(metrics);
                results = planned.sink().write(planned.writes(), spec.mode(), planned.lineage(), interruption::requested);
            } finally {
                planned.sources().release();
            }
            phases.put("write", millisSince(t));
            tables = tableReports(catalog.name(), planned.writes(), results);
            outcome = results.stream().allMatch(r -> r.outcome() == TableResult.Outcome.UP_TO_DATE)
                    ? Outcome.UP_TO_DATE : Outcome.SUCCEEDED;
        } catch (Exception e) { // Spark's checked SparkException escapes Scala code undeclared
            if (interruption.requested()) {
                outcome = Outcome.INTERRUPTED;
                error = interrupted(e);
            } else {
                outcome = Outcome.FAILED;
                error = error(e, ErrorKind.of(e).label());
            }
        }
        phases.put("total", millisSince(start));
        // Counted until now, also by the tasks of a failed write.
        ConnectorReport connectorReport = resolved == null ? null
                : resolved.connectorReport().withCounts(resolved.context().counts());
        MovementReport report = new MovementReport(movementId, spec.name(), outcome, Instants.text(started),
                Instants.text(Instant.now()), source, connectorReport,
                readReport(metrics, resolved == null ? List.of() : resolved.context().lookups()),
                s3Requests(driverRequests(spec).minus(driverRequestsBefore), metrics), tables, phases, error, null, null);
        return report.write(Path.of(spec.reportDirectoryOrDefault()));
    }

    /**
     * What the driver asked of the backup's store so far (catalog, planning), counted in the store
     * the JVM shares; the splits count theirs apart, in the read's metrics.
     */
    private static S3Requests driverRequests(MovementSpec spec) {
        return spec.storeLocation() == null ? S3Requests.NONE : ObjectStores.shared(spec.storeLocation()).requests();
    }

    /** The driver's and the splits' S3 requests together; null when there were none (a local directory). */
    private static S3Requests s3Requests(S3Requests driver, ReadMetrics metrics) {
        S3Requests all = metrics == null ? driver : driver.plus(metrics.s3());
        return all.requests() == 0 && all.failedCalls() == 0 ? null : all;
    }

    /** Stops a run between phases once the JVM has asked it to: nothing has been changed yet. */
    private static void stopIfAsked(Interruption interruption, String phase) {
        if (interruption.requested()) {
            throw new IllegalStateException("Interrupted after the " + phase + " phase (the JVM was asked to stop); "
                    + "no table had been changed");
        }
    }

    /** An interruption's own message leads: the sink's says which table it stopped at and what it restored. */
    private static ErrorReport interrupted(Exception e) {
        List<String> causes = new ArrayList<>();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            causes.add(cause.getClass().getName() + ": " + cause.getMessage());
        }
        return new ErrorReport("interrupted", e.getClass().getName(), e.getMessage(), causes);
    }

    /**
     * The node backups the spec asks for: by name, or as of a time, or the location's only backup.
     *
     * @throws BackupException when none fits, saying what was found
     */
    static ClusterBackup resolveBackup(MovementSpec spec, StoreLocation location) {
        String name = spec.source().backup();
        return BackupCatalog.open(ObjectStores.shared(location), location)
                .resolve(name == null || name.isBlank() ? null : name.trim(), spec.asOf(), spec.skewWindow());
    }

    /**
     * The read of one source: of the node backups resolved for the run, as the spec's source says;
     * its splits sized to this session's cores unless the spec gives a size.
     */
    private ReadRequest readRequest(MovementSpec spec, ClusterBackup backup, SourceTable source) {
        Integer splitMb = spec.source().splitSizeMB();
        return new ReadRequest(spec.storeLocation(), spec.asOf() == null ? backup.name() : null, spec.asOf(),
                spec.skewWindow(), source.keyspace(), source.tableName(), spec.consistency(),
                spec.source().datacenter(),
                splitMb == null ? SplitSizing.auto(SparkCores.of(spark.sparkContext())) : SplitSizing.fixed(splitMb * 1024L * 1024),
                source.rowWritetime(), source.cellMetadata(), null, SparkTypes.DecimalSpec.DEFAULT);
    }

    /**
     * The targets whose rows the connector replaces itself ({@link Connector#writes}), by target.
     *
     * @throws ConnectorException (internal: the connector's bug) for a write of a target the
     *         connector does not declare, a second write of a target, or a condition that is not one
     *         on the target's columns
     */
    private Map<String, RowReplacement> replacements(String connector, List<TargetTable> targets, List<TargetWrite> writes,
                                                     List<String> secrets) {
        Map<String, RowReplacement> replacements = new LinkedHashMap<>();
        for (TargetWrite write : writes) {
            TargetTable target = targets.stream().filter(t -> t.name().equals(write.target())).findFirst()
                    .orElseThrow(() -> new ConnectorException(ErrorKind.INTERNAL, "Connector '" + connector
                            + "' lists a write of target '" + write.target() + "', which it does not declare; it declares "
                            + targets.stream().map(TargetTable::name).toList()));
            if (replacements.containsKey(target.name())) {
                throw new ConnectorException(ErrorKind.INTERNAL, "Connector '" + connector + "' lists two writes of target '"
                        + target.name() + "' (where " + replacements.get(target.name()).condition() + ", and where "
                        + write.replacingRowsWhere() + "); expected at most one per target");
            }
            // Snapshot summaries are read by anyone who can read the table: a secret option's value never goes there.
            Map<String, String> lineage = new LinkedHashMap<>();
            write.lineage().forEach((key, value) -> lineage.put(key, Secrets.without(value, secrets)));
            replacements.put(target.name(), RowReplacement.parse(spark, connector, target.name(), target.schema(),
                    write.replacingRowsWhere(), lineage));
        }
        return replacements;
    }

    /** The values of the options the spec's connector declares secret. */
    private static List<String> secretValues(MovementSpec spec) {
        ConnectorFactory factory = Connectors.named(spec.connector().name());
        return factory.options().stream().filter(OptionSpec::isSecret)
                .map(option -> spec.connectorOptions().get(option.name())).filter(Objects::nonNull).toList();
    }

    /**
     * Pairs each declared target with its frame, its table and the rows it replaces, if its
     * connector says.
     *
     * @throws ConnectorException when the frames do not match the declared targets
     * @throws SpecException when the destination does not name a table for every target
     */
    private static List<TableWrite> writes(MovementSpec spec, List<TargetTable> targets, Map<String, Dataset<Row>> frames,
                                           Map<String, RowReplacement> replacements) {
        List<String> declared = targets.stream().map(TargetTable::name).toList();
        if (!frames.keySet().equals(new java.util.HashSet<>(declared))) {
            throw new ConnectorException(ErrorKind.INTERNAL, "Connector '" + spec.connector().name() + "' declared targets " + declared
                    + " but produced frames for " + frames.keySet());
        }
        MovementSpec.Destination destination = spec.destination();
        Map<String, String> tableOf = new LinkedHashMap<>();
        if (destination.table() != null) {
            if (targets.size() != 1) {
                throw new SpecException("Connector '" + spec.connector().name() + "' writes " + declared.size()
                        + " tables " + declared + ": map each with 'destination.tables' instead of 'destination.table'");
            }
            tableOf.put(declared.get(0), destination.table());
        } else {
            tableOf.putAll(destination.tables());
            List<String> unmapped = declared.stream().filter(t -> !tableOf.containsKey(t)).toList();
            List<String> unknown = tableOf.keySet().stream().filter(t -> !declared.contains(t)).toList();
            if (!unmapped.isEmpty() || !unknown.isEmpty()) {
                throw new SpecException("Field 'destination.tables' must map exactly the targets of connector '"
                        + spec.connector().name() + "' " + declared + "; unmapped " + unmapped + ", unknown " + unknown);
            }
        }
        List<TableWrite> writes = new ArrayList<>();
        for (TargetTable target : targets) {
            writes.add(new TableWrite(destination.namespace() + "." + tableOf.get(target.name()), target,
                    frames.get(target.name()), replacements.get(target.name())));
        }
        return writes;
    }

    /** The spec's catalog; by default the embedded Hadoop catalog in {@code .movedata/warehouse}. */
    public static CatalogSettings catalog(MovementSpec spec) {
        MovementSpec.CatalogSpec catalog = spec.destination().catalog();
        if (catalog == null) {
            return CatalogSettings.hadoop(MovementSpec.DEFAULT_CATALOG, Path.of(MovementSpec.DEFAULT_WAREHOUSE).toAbsolutePath());
        }
        String name = catalog.name() == null ? MovementSpec.DEFAULT_CATALOG : catalog.name();
        Map<String, String> properties = new LinkedHashMap<>();
        if (catalog.properties() != null) {
            properties.putAll(catalog.properties());
        }
        if (catalog.type() != null) {
            properties.put("type", catalog.type());
        }
        if (catalog.warehouse() != null) {
            String warehouse = catalog.warehouse();
            properties.put("warehouse", warehouse.contains("://") ? warehouse : Path.of(warehouse).toAbsolutePath().toString());
        }
        return new CatalogSettings(name, properties);
    }

    private static Lineage lineage(String movementId, MovementSpec spec, SourceReport source, ConnectorReport connector,
                                   List<SourceTable> sources, List<TableWrite> writes) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("movement-id", movementId);
        properties.put("movement", spec.name());
        properties.put("backup.location", source.location());
        properties.put("backup.name", source.backup());
        properties.put("backup.layout", source.layout());
        properties.put("backup.selection", String.join(",", source.nodeBackups()));
        properties.put("backup.decisions", abbreviate(String.join("; ", source.decisions()), MAX_DECISIONS_CHARS));
        if (source.asOf() != null) {
            properties.put("as-of", source.asOf());
        }
        properties.put("reference-time", source.referenceTime());
        properties.put("source.tables", String.join(",", source.tables()));
        properties.put("consistency", source.consistency());
        if (source.datacenter() != null) {
            properties.put("datacenter", source.datacenter());
        }
        properties.put("connector", connector.name());
        properties.put("connector.version", connector.version());
        properties.put("mode", spec.mode().name().toLowerCase(java.util.Locale.ROOT));

        // Same backup, same sources, same connector and options, same tables: the same rows.
        StringBuilder identity = new StringBuilder();
        identity.append(source.location()).append('|').append(source.nodeBackups()).append('|').append(source.referenceTime())
                .append('|').append(source.consistency()).append('|').append(source.datacenter()).append('|')
                .append(connector.name()).append('|').append(connector.version()).append('|')
                .append(new TreeMap<>(connector.options())).append('|').append(spec.mode());
        sources.forEach(s -> identity.append('|').append(s));
        writes.forEach(w -> identity.append('|').append(w.target().name()).append('=').append(w.table()));
        return new Lineage(sha256(identity.toString()), properties);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (the movement report has all)";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static List<TableReport> tableReports(String catalog, List<TableWrite> writes, List<TableResult> results) {
        List<TableReport> reports = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            TableResult r = results.get(i);
            reports.add(new TableReport(writes.get(i).target().name(), catalog + "." + r.table(), r.outcome().name(),
                    r.created(), r.snapshotId(), r.previousSnapshotId(), r.addedRecords(), r.deletedRecords(),
                    r.replacedWhere(), r.addedDataFiles(), r.addedFilesBytes(), r.addedColumns(), r.layoutChanges()));
        }
        return reports;
    }

    private static ReadReport readReport(ReadMetrics metrics, List<LookupReport> lookups) {
        if (metrics == null) {
            return null;
        }
        List<String> replicas = new ArrayList<>();
        long planned = 0;
        for (ReadPlan plan : metrics.plans()) {
            replicas.addAll(plan.replicaSelection());
            planned += plan.totalBytes();
        }
        return new ReadReport(metrics.splitsTotal(), metrics.splitsDone(), metrics.splitReads(), metrics.sstables(), planned,
                metrics.bytesRead(), metrics.bytesFetched(), metrics.rows(), metrics.partitions(), metrics.largestPartitionRows(),
                metrics.tombstonesPurged(), replicas, lookups);
    }

    /**
     * The error as a user should read it ({@link SparkFailures}): the outermost movedata exception (a
     * failed write's says what was restored and quotes the executor's, which names backup, node and
     * object), on one line without Spark's job and stage wrapping; the causes keep the rest.
     */
    private static ErrorReport error(Exception e, String kind) {
        List<String> causes = new ArrayList<>();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            causes.add(cause.getClass().getName() + ": " + cause.getMessage());
        }
        return new ErrorReport(kind, SparkFailures.reported(e).getClass().getName(), SparkFailures.message(e), causes);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
