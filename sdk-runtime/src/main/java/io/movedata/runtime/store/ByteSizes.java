package io.movedata.runtime.store;

import java.time.Duration;
import java.util.Locale;

/**
 * Byte counts and rates as every command and summary prints them: binary units, written out
 * ({@code 512 B}, {@code 1.5 KiB}, {@code 994.0 MiB}, {@code 12.3 MiB/s}).
 */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private ByteSizes() {}

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 994.0 MiB}: one decimal above bytes. */
    public static String text(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 12.3 MiB/s}: {@code bytes} over {@code elapsed}; {@code 0 B/s} before any time has passed. */
    public static String rate(long bytes, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return text(seconds <= 0 ? 0 : Math.round(bytes / seconds)) + "/s";
    }
}
