package io.movedata.connector.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The placement rule, on values worked out by hand. */
class PlacementTest {
    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void theTimeBucketIsTheEpochSecondDividedBySecondsPerBucket() {
        // 2026-01-01T00:00:00Z is epoch second 1,767,225,600 = 490,896 hours.
        assertThat(Placement.timeBucket(millis("2026-01-01T00:00:00Z"), 3600)).isEqualTo(490_896);
        assertThat(Placement.timeBucket(millis("2026-01-01T00:59:59.999Z"), 3600)).isEqualTo(490_896);
        assertThat(Placement.timeBucket(millis("2026-01-01T01:00:00Z"), 3600)).isEqualTo(490_897);
        assertThat(Placement.timeBucket(millis("2026-01-01T12:00:00Z"), 86_400)).isEqualTo(20_454);
        assertThat(Placement.timeBucket(-1, 60)).as("before the epoch, rounded down").isEqualTo(-1);
    }

    @Test
    void theEventBucketRotatesThroughEqualSubIntervalsOfTheTimeBucket() {
        // An hour in 4 event buckets: 15 minutes each.
        assertThat(Placement.eventBucket(millis("2026-01-01T00:00:00Z"), 3600, 4)).isZero();
        assertThat(Placement.eventBucket(millis("2026-01-01T00:14:59.999Z"), 3600, 4)).isZero();
        assertThat(Placement.eventBucket(millis("2026-01-01T00:15:00Z"), 3600, 4)).isEqualTo(1);
        assertThat(Placement.eventBucket(millis("2026-01-01T00:59:59Z"), 3600, 4)).isEqualTo(3);
        assertThat(Placement.eventBucket(millis("2026-01-01T01:00:00Z"), 3600, 4)).isZero();
        // 10 seconds in 3 buckets: seconds 0-3, 4-6, 7-9 (floor(s * 3 / 10)).
        assertThat(Placement.eventBucket(3_999, 10, 3)).isZero();
        assertThat(Placement.eventBucket(4_000, 10, 3)).isEqualTo(1);
        assertThat(Placement.eventBucket(6_999, 10, 3)).isEqualTo(1);
        assertThat(Placement.eventBucket(7_000, 10, 3)).isEqualTo(2);
        assertThat(Placement.eventBucket(millis("2026-01-01T10:00:00Z"), 86_400, 1)).as("one event bucket").isZero();
        assertThat(Placement.eventBucket(-1_000, 10, 3)).as("before the epoch: second 9 of its bucket").isEqualTo(2);
    }
}
