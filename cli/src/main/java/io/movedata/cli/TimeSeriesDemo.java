package io.movedata.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.iceberg.IcebergSink;
import io.movedata.runtime.iceberg.SnapshotInfo;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's {@code timeseries} part: a namespace {@code ts.readings} of four one-day slices (three
 * closed before the backup, the last open), events of several items over buckets, overwrites,
 * deletes and TTLs, moved into {@code demo.ts.events}; it prints a sample of events and the lineage
 * entries with which the next movement skips the closed slices.
 */
final class TimeSeriesDemo implements DemoPart {
    static final String NAMESPACE = "readings";
    private static final List<String> SLICES = List.of("readings_d0", "readings_d1", "readings_d2", "readings_d3");
    private static final long SEED = 20261208L;

    @Override
    public String connector() {
        return "timeseries";
    }

    @Override
    public String schema() {
        return "CREATE KEYSPACE ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};\n"
                + TimeSeriesWriter.schema("ts", NAMESPACE, SLICES);
    }

    @Override
    public String write(FixtureCluster cluster) {
        TimeSeriesWriter writer = new TimeSeriesWriter(cluster, "ts", NAMESPACE);
        Instant now = Instant.now();
        // The last slice ends within the hour after now: it is open, and events are at most that far ahead.
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        for (int day = 0; day < SLICES.size(); day++) {
            Instant start = end.minus(Duration.ofDays(SLICES.size() - day));
            writer.slice(SLICES.get(day), start, start.plus(Duration.ofDays(1))).secondsPerBucket(3_600).eventBuckets(2)
                    .status(day == SLICES.size() - 1 ? "OPEN" : "CLOSED").write();
        }
        int items = writer.generate(SEED, 6, 20, now, 1).size();
        return "time-series namespace ts." + NAMESPACE + " (" + SLICES.size() + " one-day slices, the last open), "
                + String.format("%,d", items) + " item writes, overwrites, deletes and TTLs";
    }

    @Override
    public String specFile() {
        return "timeseries-movement.yaml";
    }

    @Override
    public String spec(String source, Path root) {
        return """
                # The demo's time-series movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-ts-readings
                %s
                  consistency: LOCAL_QUORUM
                connector:
                  name: timeseries
                  options: {keyspace: ts, namespace: %s}
                destination:
                  catalog: {name: demo, type: hadoop, warehouse: "%s"}
                  namespace: ts
                  tables: {events: events}
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(source, NAMESPACE, root.resolve("warehouse"), root.resolve("reports"));
    }

    @Override
    public String moves() {
        return "timeseries: the slices of ts." + NAMESPACE + " its slices table lists, into demo.ts.events";
    }

    @Override
    public void show(Steps steps, Path root) {
        Dataset<Row> events = LocalSpark.session().sql("""
                SELECT time_series_id, event_time, event_id, array_join(array_sort(map_keys(items)), ', ') AS item_keys, write_time
                FROM demo.ts.events
                ORDER BY time_series_id, event_time DESC, event_id
                LIMIT 8""");
        steps.step("A sample of demo.ts.events, one row per event, its items in a map:");
        steps.out().print(ShowCommand.render(events.schema(), events.collectAsList()));
        CatalogSettings catalog = CatalogSettings.hadoop("demo", root.resolve("warehouse"));
        SnapshotInfo latest = new IcebergSink(LocalSpark.session(), catalog).history("ts.events").get(0);
        steps.step("The connector's lineage in snapshot " + latest.snapshotId() + " (the next movement skips the closed slices):");
        new TreeMap<>(latest.summary()).forEach((key, value) -> {
            if (key.startsWith("movedata.connector.")) {
                steps.out().println("     " + key + " = " + value);
            }
        });
    }
}
