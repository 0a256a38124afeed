package io.movedata.runtime.util;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants as reports and summaries print them: ISO-8601 in UTC to the millisecond
 * ({@code 2026-11-20T00:01:12.345Z}). The clock may tick in microseconds or nanoseconds, digits
 * nobody reads and that vary between otherwise equal reports.
 */
public final class Instants {
    private Instants() {}

    public static String text(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
