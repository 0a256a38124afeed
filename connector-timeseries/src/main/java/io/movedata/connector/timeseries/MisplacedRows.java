package io.movedata.connector.timeseries;

import java.io.Serializable;
import java.util.function.Supplier;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.ReportedCount;

/**
 * What the connector does with an item row that is not where {@link Placement} puts its event (in
 * another slice's time range, or another time or event bucket): when events are assembled per
 * partition such a row could be part of an event split over partitions, so the movement fails
 * naming it; when they are assembled by a shuffle it is exact anyway, and the row is counted.
 */
final class MisplacedRows implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String COUNT = "misplacedRows";

    /** Null when failing. */
    private final ReportedCount counted;

    private MisplacedRows(ReportedCount counted) {
        this.counted = counted;
    }

    /** Per-partition assembly: a misplaced row fails the movement. */
    static MisplacedRows fail() {
        return new MisplacedRows(null);
    }

    /** Assembly by a shuffle: a misplaced row is counted. */
    static MisplacedRows count(ReportedCount count) {
        return new MisplacedRows(count);
    }

    /**
     * Checks an item row of partition {@code (timeBucket, eventBucket)} against the placement of its
     * event time in {@code slice}; {@code item} names it ({@link EventItem#describe}) when it is misplaced.
     *
     * @throws ConnectorException ({@link ErrorKind#UNREADABLE_SOURCE}) when the row is misplaced and failing
     */
    void check(Slice slice, long eventTimeMillis, long timeBucket, int eventBucket, Supplier<String> item) {
        String problem = problem(slice, eventTimeMillis, timeBucket, eventBucket);
        if (problem == null) {
            return;
        }
        if (counted == null) {
            throw new ConnectorException(ErrorKind.UNREADABLE_SOURCE, "Misplaced item row in " + item.get() + ": " + problem
                    + "; the item could belong to an event split over partitions, which per-partition assembly cannot join "
                    + "(connector option assembly=shuffle joins each event's items across partitions with one shuffle)");
        }
        counted.add(item.get() + ": " + problem);
    }

    private static String problem(Slice slice, long eventTimeMillis, long timeBucket, int eventBucket) {
        if (!slice.contains(eventTimeMillis)) {
            return "its event_time is outside the slice's [" + slice.start() + ", " + slice.end() + ")";
        }
        long expectedTimeBucket = Placement.timeBucket(eventTimeMillis, slice.secondsPerBucket());
        int expectedEventBucket = Placement.eventBucket(eventTimeMillis, slice.secondsPerBucket(), slice.eventBuckets());
        if (timeBucket == expectedTimeBucket && eventBucket == expectedEventBucket) {
            return null;
        }
        return "it is in time bucket " + timeBucket + ", event bucket " + eventBucket + "; its event_time places it in time "
                + "bucket " + expectedTimeBucket + ", event bucket " + expectedEventBucket + " (seconds_per_bucket "
                + slice.secondsPerBucket() + ", event_buckets " + slice.eventBuckets() + ")";
    }
}
