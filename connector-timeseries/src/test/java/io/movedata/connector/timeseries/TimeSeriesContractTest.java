package io.movedata.connector.timeseries;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.testkit.contract.Contract;
import io.movedata.testkit.contract.ConnectorContractTest;
import io.movedata.testkit.contract.ExpectedRows;

/**
 * The contract of the {@code timeseries} connector: a namespace of two slices (their own bucket
 * settings) with events of several items under two codecs, a deleted event, a deleted item and an
 * item whose metadata expiry has passed, moved into both forms from one read.
 */
class TimeSeriesContractTest extends ConnectorContractTest {
    private static final long NEW_YEAR_MICROS = 1_767_225_600_000_000L;

    @Override
    protected Contract contract() {
        return Contract.connector("timeseries")
                .schema("CREATE KEYSPACE ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(TimeSeriesWriter.schema("ts", "metrics", List.of("metrics_1", "metrics_2")))
                .data(cluster -> {
                    TimeSeriesWriter ts = new TimeSeriesWriter(cluster, "ts", "metrics");
                    ts.slice("metrics_1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"))
                            .secondsPerBucket(3600).eventBuckets(2).write();
                    ts.slice("metrics_2", Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z"))
                            .secondsPerBucket(86_400).eventBuckets(1).status("CLOSED").write();
                    Instant ten = Instant.parse("2026-01-01T10:00:00Z");
                    ts.event("s1", ten, "e1").item("temp", "21.5")
                            .item(ts.item("unit").value("celsius").codec(ValueCodec.ZSTD)).timestamp(NEW_YEAR_MICROS).write();
                    ts.event("s1", ten, "e2").item("temp", "22").timestamp(NEW_YEAR_MICROS + 1).write();
                    ts.event("s1", Instant.parse("2026-01-01T10:45:00Z"), "e3").item("note", "gone")
                            .timestamp(NEW_YEAR_MICROS + 2).write();
                    ts.deleteEvent("s1", Instant.parse("2026-01-01T10:45:00Z"), "e3", NEW_YEAR_MICROS + 3);
                    ts.event("s1", Instant.parse("2026-01-02T08:00:00Z"), "e4")
                            .item(ts.item("payload").value(new byte[] {0, 1, 2}).codec(ValueCodec.SNAPPY))
                            .item(ts.item("old").value("expired").expiresAt(Instant.parse("2026-01-01T00:00:00Z")))
                            .timestamp(NEW_YEAR_MICROS + 4).write();
                    ts.event("s2", Instant.parse("2026-01-01T23:59:59.999Z"), "e5").item("a", "x").item("b", "y")
                            .timestamp(NEW_YEAR_MICROS + 5).write();
                    ts.deleteItem("s2", Instant.parse("2026-01-01T23:59:59.999Z"), "e5", "b", NEW_YEAR_MICROS + 6);
                })
                .options(Map.of("keyspace", "ts", "namespace", "metrics", "form", "both"))
                .streaming()
                .expectedRows("events", ExpectedRows.jsonLines("/contract/events.jsonl"))
                .expectedRows("event_items", ExpectedRows.jsonLines("/contract/event_items.jsonl"));
    }
}
