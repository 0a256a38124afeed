package io.movedata.cli;

import java.time.Duration;
import java.util.Locale;

/** Counts and durations as people read them; byte counts are {@link io.movedata.runtime.store.ByteSizes}'. */
final class Units {
    private Units() {}

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}: minutes and seconds, hours when there are some. */
    static String clock(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
