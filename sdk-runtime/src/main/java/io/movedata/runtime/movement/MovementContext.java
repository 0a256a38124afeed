package io.movedata.runtime.movement;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.api.BackupIdentity;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ReportedCount;
import io.movedata.api.TargetSnapshot;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.iceberg.IcebergSink;
import io.movedata.runtime.movement.MovementReport.CountReport;
import io.movedata.runtime.movement.MovementReport.LookupReport;
import io.movedata.runtime.spark.CountAccumulator;

/**
 * What a run tells its connector: the run's id, the spec's source tables, the session, the backup
 * resolved for the run, the current snapshots of the tables the destination maps the targets to,
 * the small tables it looks up, and the counts the connector reports, registered as Spark
 * accumulators for this run only.
 */
final class MovementContext implements ConnectorContext {
    private record Count(String description, CountAccumulator accumulator) {}

    private final String movementId;
    private final MovementSpec spec;
    private final SparkSession spark;
    private final BackupIdentity backup;
    private final IcebergSink sink;
    private final String catalog;
    private final TableLookups lookups;
    private final Map<String, Count> counts = new LinkedHashMap<>();

    /**
     * @param sink reads the targets' current snapshots
     * @param catalog the catalog's name in the session, the first part of a target's table name
     * @param lookups reads the tables the connector looks up, as the run reads its sources
     */
    MovementContext(String movementId, MovementSpec spec, SparkSession spark, ClusterBackup backup, IcebergSink sink,
                    String catalog, TableLookups lookups) {
        this.movementId = movementId;
        this.spec = spec;
        this.spark = spark;
        this.backup = identity(backup);
        this.sink = sink;
        this.catalog = catalog;
        this.lookups = lookups;
    }

    private static BackupIdentity identity(ClusterBackup backup) {
        List<String> nodeBackups = backup.nodes().values().stream().map(node -> node.fqdn() + "/" + node.name()).toList();
        return new BackupIdentity(backup.location().toString(), backup.name(), backup.layout(), backup.asOf(),
                backup.referenceTime(), nodeBackups);
    }

    @Override
    public String movementId() {
        return movementId;
    }

    @Override
    public List<String> sourceTables() {
        return spec.sourceTables();
    }

    @Override
    public SparkSession spark() {
        return spark;
    }

    @Override
    public Instant referenceTime() {
        return backup.referenceTime();
    }

    @Override
    public BackupIdentity backup() {
        return backup;
    }

    /**
     * {@inheritDoc} With {@code destination.table} the movement writes one table, whatever its
     * target's name; with {@code destination.tables} the target must be one of those mapped.
     */
    @Override
    public Optional<TargetSnapshot> currentSnapshot(String target) {
        String table = spec.destination().namespace() + "." + destinationTable(target);
        return sink.currentSnapshot(table).map(snapshot -> new TargetSnapshot(catalog + "." + table,
                snapshot.snapshotId(), snapshot.committedAt(), snapshot.lineage()));
    }

    private String destinationTable(String target) {
        MovementSpec.Destination destination = spec.destination();
        if (destination.table() != null) {
            return destination.table();
        }
        String table = destination.tables().get(target);
        if (table == null) {
            throw new ConnectorException("Connector '" + spec.connector().name() + "' asked for the current snapshot of "
                    + "target '" + target + "', which 'destination.tables' does not map; it maps "
                    + destination.tables().keySet());
        }
        return table;
    }

    @Override
    public List<Row> lookup(String table) {
        return lookups.rows(table);
    }

    /** What each lookup read, for the report. */
    List<LookupReport> lookups() {
        return lookups.reports();
    }

    /** {@inheritDoc} Asking again for a name returns the same count. */
    @Override
    public synchronized ReportedCount count(String name, String description) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A count needs a name, found '" + name + "'");
        }
        return counts.computeIfAbsent(name, n -> {
            CountAccumulator accumulator = new CountAccumulator();
            spark.sparkContext().register(accumulator, "connector count " + n);
            return new Count(description, accumulator);
        }).accumulator();
    }

    /** The counts as the report gives them, in the order the connector asked for them. */
    synchronized Map<String, CountReport> counts() {
        Map<String, CountReport> reports = new LinkedHashMap<>();
        counts.forEach((name, count) -> {
            CountAccumulator.Counted counted = count.accumulator().value();
            reports.put(name, new CountReport(count.description(), counted.count(), counted.samples()));
        });
        return reports;
    }
}
