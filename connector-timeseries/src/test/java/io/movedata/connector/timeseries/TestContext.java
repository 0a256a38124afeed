package io.movedata.connector.timeseries;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.api.BackupIdentity;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ReportedCount;
import io.movedata.api.TargetSnapshot;

/**
 * The movement's context as the connector sees it: a backup's reference time, the tables it looks
 * up (from a {@link BackupTables} read), the targets' current snapshots given by the test, and the
 * counts it asked for.
 */
final class TestContext implements ConnectorContext {
    final Map<String, CountedSamples> counts = new LinkedHashMap<>();
    final Map<String, TargetSnapshot> snapshots = new LinkedHashMap<>();
    /** The backup's name, as {@link #backup()} gives it. */
    String backupName = "b1";
    private final BackupTables backup;
    private final Instant referenceTime;

    TestContext(BackupTables backup, Instant referenceTime) {
        this.backup = backup;
        this.referenceTime = referenceTime;
    }

    @Override
    public String movementId() {
        return "movement-1";
    }

    @Override
    public List<String> sourceTables() {
        return List.of();
    }

    @Override
    public SparkSession spark() {
        return TestSpark.session();
    }

    @Override
    public Instant referenceTime() {
        return referenceTime;
    }

    @Override
    public BackupIdentity backup() {
        return new BackupIdentity("s3://connector/cluster", backupName, "medusa", null, referenceTime, List.of());
    }

    @Override
    public Optional<TargetSnapshot> currentSnapshot(String target) {
        return Optional.ofNullable(snapshots.get(target));
    }

    @Override
    public List<Row> lookup(String table) {
        List<Row> rows = backup.rows(table);
        if (rows == null) {
            throw new IllegalArgumentException("The test read no table " + table);
        }
        return rows;
    }

    @Override
    public ReportedCount count(String name, String description) {
        return counts.computeIfAbsent(name, n -> new CountedSamples());
    }

    List<String> samples(String count) {
        return counts.get(count).samples();
    }
}
