package io.movedata.connector.timeseries;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One time slice of a namespace, as its slices table lists it: the events with
 * {@code start <= event_time < end} live in {@code table}, placed by {@link Placement} with the
 * slice's own bucket settings.
 *
 * @param table the slice's table, {@code keyspace.table}
 * @param start the first instant the slice holds
 * @param end the first instant after it
 * @param status the slices table's status, as written (informational: whether a slice is closed is
 *        decided by its end, see {@link #closedAt})
 * @param secondsPerBucket seconds of one time bucket, at least 1
 * @param eventBuckets event buckets per time bucket, at least 1
 */
public record Slice(String table, Instant start, Instant end, String status, int secondsPerBucket, int eventBuckets)
        implements Serializable {

    /**
     * @throws IllegalArgumentException when the slice is empty or a bucket setting is below 1
     */
    public Slice {
        Objects.requireNonNull(table, "table");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("its start_time " + start + " is not before its end_time " + end);
        }
        if (secondsPerBucket < 1 || eventBuckets < 1) {
            throw new IllegalArgumentException("seconds_per_bucket and event_buckets must be at least 1, found "
                    + secondsPerBucket + " and " + eventBuckets);
        }
    }

    /**
     * Whether no write can reach the slice any more at {@code referenceTime}: its end plus the
     * namespace's accept window (how long after an event's time a write of it is still accepted) is
     * at or before it.
     */
    public boolean closedAt(Instant referenceTime, Duration acceptWindow) {
        return !end.plus(acceptWindow).isAfter(referenceTime);
    }

    public boolean contains(long epochMillis) {
        return epochMillis >= start.toEpochMilli() && epochMillis < end.toEpochMilli();
    }

    /** How reports and lineage name it: {@code ks.table [start, end)}. */
    public String describe() {
        return table + " [" + start + ", " + end + ")";
    }
}
