package io.movedata.connector.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.movedata.api.TargetWrite;
import io.movedata.connector.timeseries.SliceLineage.Recorded;

/**
 * The incremental decision, movement after movement: each movement's lineage is read back (as the
 * runtime hands it over, {@code connector.}-prefixed) by the next.
 */
class SliceSelectionTest {
    private static final Instant D1 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Slice S1 = slice(1);
    private static final Slice S2 = slice(2);
    private static final Slice S3 = slice(3);
    private static final Slice S4 = slice(4);
    private static final Duration ACCEPT = Duration.ofMinutes(10);
    private static final TimeWindow ALL = new TimeWindow(null, null);

    private static Slice slice(int day) {
        return new Slice("ts.m_" + day, D1.plus(Duration.ofDays(day - 1)), D1.plus(Duration.ofDays(day)), "ACTIVE", 3600, 2);
    }

    /** A movement of backup {@code name} taken at the start of day {@code day} plus {@code minutes}. */
    private static SliceSelection.Movement movement(String name, int day, int minutes, TimeWindow window) {
        return movement(name, day, minutes, window, ACCEPT);
    }

    private static SliceSelection.Movement movement(String name, int day, int minutes, TimeWindow window, Duration accept) {
        Instant reference = D1.plus(Duration.ofDays(day - 1)).plus(Duration.ofMinutes(minutes));
        return new SliceSelection.Movement("ts.m", window, "s3://b/p " + name + " " + reference, reference, accept);
    }

    private static Map<String, Recorded> recorded(SliceSelection previous) {
        Map<String, Recorded> recorded = new LinkedHashMap<>();
        previous.writes().forEach((target, write) -> recorded.put(target, SliceLineage.read(readBack(write))));
        return recorded;
    }

    /** The lineage of a write as the next movement's {@code currentSnapshot(target).lineage()} gives it. */
    private static Map<String, String> readBack(TargetWrite write) {
        Map<String, String> lineage = new LinkedHashMap<>();
        lineage.put("connector", "timeseries");
        write.lineage().forEach((key, value) -> lineage.put("connector." + key, value));
        return lineage;
    }

    private static final Map<String, Recorded> NEW = Map.of("events", Recorded.NEW_TABLE);

    @Test
    void aFirstMovementReadsEverySliceAndRecordsTheClosedOnes() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2, S3), movement("b1", 3, 30, ALL), NEW);

        assertThat(first.read()).containsExactly(S1, S2, S3);
        assertThat(first.skipped()).isEmpty();
        TargetWrite write = first.writes().get("events");
        assertThat(write.replacingRowsWhere()).isEqualTo("(event_time >= TIMESTAMP '2026-03-01T00:00:00Z' AND "
                + "event_time < TIMESTAMP '2026-03-04T00:00:00Z')");
        assertThat(write.lineage()).containsEntry("timeseries.source", "ts.m").containsEntry("timeseries.window", "../..")
                .containsEntry("timeseries.closed", "ts.m_1@2026-03-01T00:00:00Z/2026-03-02T00:00:00Z,"
                        + "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z")
                .containsEntry("timeseries.appended", "ts.m_1@2026-03-01T00:00:00Z/2026-03-02T00:00:00Z,"
                        + "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z")
                .containsEntry("timeseries.open", "ts.m_3@2026-03-03T00:00:00Z/2026-03-04T00:00:00Z")
                .containsEntry("timeseries.whole", "false");
    }

    @Test
    void aSliceIsClosedOnceItsEndPlusTheAcceptWindowIsReached() {
        // At 00:05 of day 3 slice 2 ended 5 minutes ago: within the accept window of 10 minutes.
        SliceSelection early = SliceSelection.incremental(List.of(S1, S2, S3), movement("b1", 3, 5, ALL),
                Map.of("events", Recorded.NEW_TABLE));
        SliceSelection later = SliceSelection.incremental(List.of(S1, S2, S3), movement("b1", 3, 10, ALL),
                Map.of("events", Recorded.NEW_TABLE));

        assertThat(early.writes().get("events").lineage().get("timeseries.closed")).doesNotContain("ts.m_2");
        assertThat(later.writes().get("events").lineage().get("timeseries.closed")).contains("ts.m_2");
    }

    @Test
    void theNextMovementSkipsTheClosedSlicesAndReplacesTheOpenAndNewOnes() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 2, 30, ALL), NEW);
        SliceSelection second = SliceSelection.incremental(List.of(S1, S2, S3, S4), movement("b2", 4, 30, ALL),
                recorded(first));

        assertThat(first.read()).containsExactly(S1, S2);
        assertThat(second.skipped()).containsExactly(S1);
        assertThat(second.read()).containsExactly(S2, S3, S4);
        assertThat(second.writes().get("events").replacingRowsWhere()).isEqualTo("(event_time >= TIMESTAMP "
                + "'2026-03-02T00:00:00Z' AND event_time < TIMESTAMP '2026-03-05T00:00:00Z')");
        assertThat(second.writes().get("events").lineage()).containsEntry("timeseries.closed",
                        "ts.m_1@2026-03-01T00:00:00Z/2026-03-02T00:00:00Z,ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z,"
                                + "ts.m_3@2026-03-03T00:00:00Z/2026-03-04T00:00:00Z")
                .containsEntry("timeseries.appended", "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z,"
                        + "ts.m_3@2026-03-03T00:00:00Z/2026-03-04T00:00:00Z");
    }

    @Test
    void aMovementOfTheSameBackupAgainDecidesAsTheFirstDid() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 2, 30, ALL), NEW);
        SliceSelection second = SliceSelection.incremental(List.of(S1, S2, S3), movement("b2", 4, 30, ALL),
                recorded(first));
        SliceSelection again = SliceSelection.incremental(List.of(S1, S2, S3), movement("b2", 4, 30, ALL),
                recorded(second));

        assertThat(again.read()).isEqualTo(second.read());
        assertThat(again.skipped()).isEqualTo(second.skipped());
        assertThat(again.writes()).isEqualTo(second.writes());
    }

    @Test
    void aTargetWhoseLineageIsOfAnotherWindowOrNotTheConnectorsHasEverySliceReadAndAllItsRowsReplaced() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 3, 30, ALL), NEW);
        TimeWindow window = new TimeWindow(D1.plus(Duration.ofHours(12)), null);
        Map<String, Recorded> recorded = new LinkedHashMap<>(recorded(first));
        recorded.put("event_items", SliceLineage.read(Map.of("connector", "timeseries")));

        SliceSelection windowed = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, window), recorded);
        SliceSelection again = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, window), recorded(windowed));

        assertThat(windowed.read()).containsExactly(S1, S2);
        assertThat(windowed.wholeTables()).containsExactly(
                Map.entry("events", "it holds window ../.., this movement's is 2026-03-01T12:00:00Z/.."),
                Map.entry("event_items", "its current snapshot was not written by an incremental time-series movement"));
        assertThat(windowed.writes().values()).extracting(TargetWrite::replacingRowsWhere).containsOnly("true");
        assertThat(again.writes()).as("the same backup again: the same decision").isEqualTo(windowed.writes());
        assertThat(again.wholeTables()).containsOnlyKeys("events", "event_items");
    }

    @Test
    void aTargetWhoseLineageIsOfAnotherAcceptWindowHasEverySliceReadAndAllItsRowsReplaced() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 3, 30, ALL), NEW);
        Map<String, String> older = new LinkedHashMap<>(readBack(first.writes().get("events")));
        older.remove("connector.timeseries.accept-window");

        SliceSelection longer = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, ALL, Duration.ofHours(1)),
                recorded(first));
        SliceSelection same = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, ALL), recorded(first));
        SliceSelection unrecorded = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, ALL),
                Map.of("events", SliceLineage.read(older)));

        assertThat(first.writes().get("events").lineage()).containsEntry("timeseries.accept-window", "PT10M");
        assertThat(longer.read()).containsExactly(S1, S2);
        assertThat(longer.wholeTables()).containsExactly(
                Map.entry("events", "it holds slices closed under accept window PT10M, this movement's is PT1H"));
        assertThat(longer.writes().get("events").replacingRowsWhere()).isEqualTo("true");
        assertThat(longer.writes().get("events").lineage()).containsEntry("timeseries.accept-window", "PT1H");
        assertThat(same.skipped()).containsExactly(S1, S2);
        assertThat(unrecorded.wholeTables()).containsExactly(
                Map.entry("events", "it holds slices closed under accept window (not recorded), this movement's is PT10M"));
    }

    @Test
    void aSliceOnlyOneTargetHoldsIsReadForBoth() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 3, 30, ALL), NEW);
        Map<String, Recorded> recorded = new LinkedHashMap<>(recorded(first));
        recorded.put("event_items", Recorded.NEW_TABLE);

        SliceSelection both = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, ALL), recorded);

        assertThat(both.read()).containsExactly(S1, S2);
        assertThat(both.wholeTables()).isEmpty();
        assertThat(both.writes().get("event_items").lineage().get("timeseries.appended")).contains("ts.m_1", "ts.m_2");
        assertThat(both.writes().get("events").lineage().get("timeseries.appended")).isEqualTo("-");
    }

    @Test
    void slicesTheTableNoLongerListsAreRetainedWithTheirRows() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 3, 30, ALL), NEW);

        SliceSelection afterRetention = SliceSelection.incremental(List.of(S2, S3), movement("b2", 4, 30, ALL),
                recorded(first));

        assertThat(afterRetention.retained()).containsExactly(SliceLineage.SliceRange.of(S1));
        assertThat(afterRetention.read()).containsExactly(S3);
        assertThat(afterRetention.writes().get("events").replacingRowsWhere()).doesNotContain("2026-03-01");
        assertThat(afterRetention.writes().get("events").lineage().get("timeseries.closed")).startsWith("ts.m_1@");
    }

    @Test
    void anOpenSliceTheSlicesTableDropsBeforeItClosesIsRetainedAndMarkedOpen() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 2, 30, ALL), NEW);

        // Slice 2 was read while open; the next backup no longer lists it.
        SliceSelection dropped = SliceSelection.incremental(List.of(S1, S3), movement("b2", 3, 30, ALL), recorded(first));
        SliceSelection later = SliceSelection.incremental(List.of(S1, S3, S4), movement("b3", 4, 30, ALL),
                recorded(dropped));

        assertThat(first.writes().get("events").lineage()).containsEntry("timeseries.open",
                "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z");
        assertThat(dropped.read()).containsExactly(S3);
        assertThat(dropped.retained()).containsExactly(SliceLineage.SliceRange.of(S2));
        assertThat(dropped.retainedOpen()).containsExactly(SliceLineage.SliceRange.of(S2));
        assertThat(dropped.writes().get("events").replacingRowsWhere()).doesNotContain("2026-03-02");
        assertThat(dropped.writes().get("events").lineage())
                .containsEntry("timeseries.open", "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z,"
                        + "ts.m_3@2026-03-03T00:00:00Z/2026-03-04T00:00:00Z")
                .containsEntry("timeseries.closed", "ts.m_1@2026-03-01T00:00:00Z/2026-03-02T00:00:00Z");
        // It stays known as open, movement after movement, and is never taken for a closed slice.
        assertThat(later.retainedOpen()).containsExactly(SliceLineage.SliceRange.of(S2));
        assertThat(later.writes().get("events").lineage().get("timeseries.closed")).doesNotContain("ts.m_2");
    }

    @Test
    void anOpenSliceReadAgainOnceClosedMovesFromOpenToClosed() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 2, 30, ALL), NEW);
        SliceSelection second = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 30, ALL), recorded(first));

        assertThat(second.read()).containsExactly(S2);
        assertThat(second.retained()).isEmpty();
        assertThat(second.writes().get("events").lineage()).containsEntry("timeseries.open", "-")
                .containsEntry("timeseries.appended", "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z");
    }

    @Test
    void aRetainedRangeASliceReadCoversIsDroppedFromTheLineageAsItsRowsAreReplaced() {
        Slice old = new Slice("ts.old_1", S1.start(), S1.end(), "CLOSED", 3600, 2);
        SliceSelection first = SliceSelection.incremental(List.of(old), movement("b1", 3, 30, ALL), NEW);

        SliceSelection resliced = SliceSelection.incremental(List.of(S1), movement("b2", 3, 40, ALL), recorded(first));

        assertThat(resliced.read()).containsExactly(S1);
        assertThat(resliced.retained()).isEmpty();
        assertThat(resliced.wholeTables()).isEmpty();
        assertThat(resliced.writes().get("events").lineage())
                .containsEntry("timeseries.closed", "ts.m_1@2026-03-01T00:00:00Z/2026-03-02T00:00:00Z");
    }

    @Test
    void aRetainedRangeASliceReadOverlapsOnlyInPartHasItsTargetReplacedWhole() {
        Slice old = new Slice("ts.old_1", S1.start().plus(Duration.ofHours(12)), S2.start().plus(Duration.ofHours(12)),
                "CLOSED", 3600, 2);
        SliceSelection first = SliceSelection.incremental(List.of(old), movement("b1", 3, 30, ALL), NEW);

        SliceSelection resliced = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, ALL), recorded(first));

        assertThat(resliced.read()).containsExactly(S1, S2);
        assertThat(resliced.retained()).isEmpty();
        assertThat(resliced.wholeTables()).containsExactly(Map.entry("events", "its retained slice ts.old_1 "
                + "[2026-03-01T12:00:00Z, 2026-03-02T12:00:00Z) overlaps slice " + S1.describe() + ", read, only in part"));
        assertThat(resliced.writes().get("events").replacingRowsWhere()).isEqualTo("true");
        assertThat(resliced.writes().get("events").lineage()).containsEntry("timeseries.whole", "true")
                .containsEntry("timeseries.closed", "ts.m_1@2026-03-01T00:00:00Z/2026-03-02T00:00:00Z,"
                        + "ts.m_2@2026-03-02T00:00:00Z/2026-03-03T00:00:00Z");
    }

    @Test
    void theWindowPrunesSlicesAndNothingReadReplacesNothing() {
        SliceSelection first = SliceSelection.incremental(List.of(S1, S2), movement("b1", 3, 30, ALL), NEW);
        SliceSelection second = SliceSelection.incremental(List.of(S1, S2), movement("b2", 3, 40, ALL),
                recorded(first));
        SliceSelection full = SliceSelection.full(List.of(S1, S2, S3), new TimeWindow(S2.start().plusSeconds(1), S3.start()));

        assertThat(second.read()).isEmpty();
        assertThat(second.skipped()).containsExactly(S1, S2);
        assertThat(second.writes().get("events").replacingRowsWhere()).isEqualTo("false");
        assertThat(full.read()).containsExactly(S2);
        assertThat(full.outsideWindow()).containsExactly(S1, S3);
        assertThat(full.writes()).isEmpty();
        assertThat(SliceSelection.condition(List.of(S1, S3))).isEqualTo(
                "(event_time >= TIMESTAMP '2026-03-01T00:00:00Z' AND event_time < TIMESTAMP '2026-03-02T00:00:00Z') OR "
                        + "(event_time >= TIMESTAMP '2026-03-03T00:00:00Z' AND event_time < TIMESTAMP '2026-03-04T00:00:00Z')");
    }
}
