package io.movedata.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.api.BackupIdentity;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ReportedCount;
import io.movedata.api.TargetSnapshot;

/**
 * A movement's context as a connector sees it, for a connector's own unit tests that call its
 * factory, {@code sources()}, {@code output()} or its transforms directly (the contract kit and the
 * runtime give real ones): a reference time, a backup name, the tables it looks up and the targets'
 * current snapshots as the test sets them, and every count it asks for with all its samples (in one
 * JVM: local Spark, or the transform called by hand).
 */
public final class TestConnectorContext implements ConnectorContext {
    private final Instant referenceTime;
    private final Map<String, Samples> counts = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();
    private final Map<String, TargetSnapshot> snapshots = new LinkedHashMap<>();
    private Supplier<SparkSession> spark = () -> {
        throw new UnsupportedOperationException("This test gave its connector context no Spark session");
    };
    private Function<String, List<Row>> lookups = table -> {
        throw new UnsupportedOperationException("This test gave its connector context no table to look up; asked for " + table);
    };
    private String backupName = "b1";

    public TestConnectorContext(Instant referenceTime) {
        this.referenceTime = referenceTime;
    }

    /** The session {@link #spark()} returns; without one it throws. */
    public TestConnectorContext spark(Supplier<SparkSession> session) {
        this.spark = session;
        return this;
    }

    /** The rows {@link #lookup} returns for each table; without it every lookup throws. */
    public TestConnectorContext lookups(Function<String, List<Row>> rowsOfTable) {
        this.lookups = rowsOfTable;
        return this;
    }

    /** The backup's name in {@link #backup()} (default {@code b1}). */
    public TestConnectorContext backupName(String name) {
        this.backupName = name;
        return this;
    }

    /** The current snapshot of {@code target}'s table, as an earlier movement would have left it. */
    public TestConnectorContext snapshot(String target, TargetSnapshot snapshot) {
        snapshots.put(target, snapshot);
        return this;
    }

    /** The samples of each count the connector asked for, by name, in the order asked. */
    public Map<String, List<String>> counted() {
        Map<String, List<String>> counted = new LinkedHashMap<>();
        counts.forEach((name, count) -> counted.put(name, count.samples()));
        return counted;
    }

    /** The samples of count {@code name}; it must have been asked for. */
    public List<String> samples(String name) {
        Samples count = counts.get(name);
        if (count == null) {
            throw new IllegalArgumentException("The connector asked for no count '" + name + "'; it asked for " + counts.keySet());
        }
        return count.samples();
    }

    /** The description each count was asked for with, by name. */
    public Map<String, String> descriptions() {
        return Collections.unmodifiableMap(descriptions);
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
        return spark.get();
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
        return lookups.apply(table);
    }

    @Override
    public ReportedCount count(String name, String description) {
        descriptions.put(name, description);
        return counts.computeIfAbsent(name, n -> new Samples());
    }

    /** A {@link ReportedCount} that keeps every sample, for tests that run a transform in one JVM. */
    public static final class Samples implements ReportedCount {
        private static final long serialVersionUID = 1L;
        private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void add(String sample) {
            samples.add(sample);
        }

        public List<String> samples() {
            return List.copyOf(samples);
        }
    }
}
