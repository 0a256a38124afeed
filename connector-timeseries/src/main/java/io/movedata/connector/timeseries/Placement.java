package io.movedata.connector.timeseries;

/**
 * Where the model puts an event: the slice whose {@code [start_time, end_time)} holds its
 * {@code event_time}, and in that slice's table the partition {@code (time_series_id, time_bucket,
 * event_bucket)} both buckets of which follow from {@code event_time} alone (docs/connectors/timeseries.md,
 * "Placement"). With {@code s} the event time's epoch second (rounded down):
 * <pre>
 * time_bucket  = floorDiv(s, seconds_per_bucket)
 * event_bucket = floorDiv(floorMod(s, seconds_per_bucket) * event_buckets, seconds_per_bucket)
 * </pre>
 * Time buckets are aligned to the epoch; inside one, the event bucket rotates through
 * {@code 0 .. event_buckets-1} in equal sub-intervals of its seconds. Every item of an event has the
 * event's time, so all of them lie in one partition, next to each other in clustering order.
 */
public final class Placement {
    private Placement() {}

    /** The time bucket of an event at {@code epochMillis} in a slice of {@code secondsPerBucket}. */
    public static long timeBucket(long epochMillis, int secondsPerBucket) {
        return Math.floorDiv(Math.floorDiv(epochMillis, 1000L), secondsPerBucket);
    }

    /** The event bucket of an event at {@code epochMillis} in a slice of {@code secondsPerBucket} and {@code eventBuckets}. */
    public static int eventBucket(long epochMillis, int secondsPerBucket, int eventBuckets) {
        long second = Math.floorMod(Math.floorDiv(epochMillis, 1000L), (long) secondsPerBucket);
        return (int) Math.floorDiv(second * eventBuckets, secondsPerBucket);
    }
}
