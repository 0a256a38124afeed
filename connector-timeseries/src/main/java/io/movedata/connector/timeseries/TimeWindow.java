package io.movedata.connector.timeseries;

import java.io.Serializable;
import java.time.Instant;

/**
 * The events a movement moves: {@code start <= event_time < end}, either bound open (null).
 *
 * @param start the first instant, or null for none
 * @param end the first instant after the window, or null for none
 */
record TimeWindow(Instant start, Instant end) implements Serializable {
    boolean overlaps(Slice slice) {
        return (end == null || slice.start().isBefore(end)) && (start == null || slice.end().isAfter(start));
    }

    boolean contains(long epochMillis) {
        return (start == null || epochMillis >= start.toEpochMilli()) && (end == null || epochMillis < end.toEpochMilli());
    }

    /** As lineage records it: an ISO-8601 interval, {@code ..} for an open bound ({@code ../..} for all time). */
    String text() {
        return (start == null ? ".." : start.toString()) + "/" + (end == null ? ".." : end.toString());
    }
}
