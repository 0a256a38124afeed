package io.movedata.connector.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.connector.timeseries.fixture.WrittenEventItem;
import io.movedata.testkit.FixtureCluster;

/** The fixture writer: placement by the rule, the same data for a seed, and a realistic mix. */
class TimeSeriesWriterTest {
    private static final Instant DAY1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-02-02T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2026-02-03T00:00:00Z");

    private static FixtureCluster cluster() {
        return FixtureCluster.builder()
                .schema("CREATE KEYSPACE ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(TimeSeriesWriter.schema("ts", "m", List.of("m_1", "m_2")))
                .nodes(1).build();
    }

    private static TimeSeriesWriter writer(FixtureCluster cluster) {
        TimeSeriesWriter ts = new TimeSeriesWriter(cluster, "ts", "m");
        ts.slice("m_1", DAY1, DAY2).secondsPerBucket(3600).eventBuckets(4).write();
        ts.slice("m_2", DAY2, DAY3).secondsPerBucket(600).eventBuckets(3).write();
        return ts;
    }

    private static String describe(WrittenEventItem item) {
        return String.join("|", item.table(), item.series(), Long.toString(item.timeBucket()), Integer.toString(item.eventBucket()),
                item.eventTime().toString(), item.eventId(), item.key(), EventRows.hex(item.value()), String.valueOf(item.metadata()),
                Long.toString(item.timestamp()), Integer.toString(item.ttlSeconds()));
    }

    @Test
    void anEventGoesToTheSliceAndPartitionItsTimePlacesItInUnlessSpreadOnPurpose() {
        try (FixtureCluster cluster = cluster()) {
            TimeSeriesWriter ts = writer(cluster);
            Instant at = Instant.parse("2026-02-02T10:25:00Z");

            List<WrittenEventItem> placed = ts.event("s", at, "e").item("a", "1").item("b", "2").write();
            List<WrittenEventItem> spread = ts.event("s", at, "f").item("a", "1").item("b", "2").item("c", "3")
                    .spreadOverBuckets().write();

            // 10:25:00 is second 300 of its 600-second time bucket: event bucket floor(300 * 3 / 600) = 1.
            assertThat(placed).extracting(WrittenEventItem::table, WrittenEventItem::timeBucket, WrittenEventItem::eventBucket)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple("ts.m_2", at.getEpochSecond() / 600, 1));
            assertThat(spread).extracting(WrittenEventItem::eventBucket).containsExactly(1, 2, 0);
            assertThatThrownBy(() -> ts.event("s", DAY3, "late").item("a", "1").write())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("No slice registered holds event time "
                            + "2026-02-03T00:00:00Z");
        }
    }

    @Test
    void theSameSeedWritesTheSameNamespaceAndTheMixIsRealistic() {
        try (FixtureCluster a = cluster(); FixtureCluster b = cluster()) {
            Instant now = Instant.parse("2026-02-10T00:00:00Z");
            TimeSeriesWriter first = writer(a);
            List<WrittenEventItem> written = first.generate(5, 6, 20, now, 60);
            List<WrittenEventItem> again = writer(b).generate(5, 6, 20, now, 60);

            assertThat(again.stream().map(TimeSeriesWriterTest::describe).toList())
                    .isEqualTo(written.stream().map(TimeSeriesWriterTest::describe).toList());
            assertThat(written).extracting(WrittenEventItem::table).contains("ts.m_1", "ts.m_2");
            assertThat(written).filteredOn(item -> item.metadata() != null).extracting(item -> item.metadata().codec())
                    .contains(ValueCodec.values());
            assertThat(written).filteredOn(item -> item.metadata() == null).isNotEmpty();
            assertThat(written).filteredOn(item -> item.ttlSeconds() > 0).isNotEmpty();
            assertThat(written).filteredOn(item -> item.metadata() != null && item.metadata().expiresAt() != null).isNotEmpty();
            assertThat(written).extracting(WrittenEventItem::eventBucket).contains(0, 1, 2, 3);
            List<String> found = first.expectedEvents(now.plusSeconds(3600), null, null).stream()
                    .flatMap(event -> event.items().keySet().stream()).toList();
            assertThat(found.size()).as("deletes, TTLs, expiries and overwrites hide some writes").isLessThan(written.size() - 20);
        }
    }
}
