package io.movedata.connector.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

/** A connector context for tests that run the connector's parts in one JVM: its counts keep every sample. */
final class TestContext implements ConnectorContext {
    static final Instant R = Instant.parse("2026-06-01T00:00:00Z");

    private final Map<String, Samples> counts = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** A count that keeps every sample. */
    static final class Samples implements ReportedCount {
        private static final long serialVersionUID = 1L;
        private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void add(String sample) {
            samples.add(sample);
        }

        List<String> samples() {
            return List.copyOf(samples);
        }
    }

    /** The samples of each count asked for, by name. */
    Map<String, List<String>> counted() {
        Map<String, List<String>> counted = new LinkedHashMap<>();
        counts.forEach((name, count) -> counted.put(name, count.samples()));
        return counted;
    }

    Map<String, String> descriptions() {
        return descriptions;
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
        throw new UnsupportedOperationException("no Spark in this test");
    }

    @Override
    public Instant referenceTime() {
        return R;
    }

    @Override
    public BackupIdentity backup() {
        return new BackupIdentity("s3://graph/cluster", "b1", "medusa", null, R, List.of());
    }

    @Override
    public Optional<TargetSnapshot> currentSnapshot(String target) {
        return Optional.empty();
    }

    @Override
    public List<Row> lookup(String table) {
        throw new UnsupportedOperationException("The graph connector looks up no table; asked for " + table);
    }

    @Override
    public ReportedCount count(String name, String description) {
        descriptions.put(name, description);
        return counts.computeIfAbsent(name, n -> new Samples());
    }
}
