package io.movedata.runtime.util;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the durations users write: ISO-8601 ({@code PT30M}) or a number with a unit ({@code 30m}). */
public final class Durations {
    private Durations() {}

    /**
     * @throws IllegalArgumentException saying what was expected when {@code text} is neither form,
     *     or is negative
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (t.startsWith("p")) {
                duration = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.matches("\\d+[smhd]")) {
                long amount = Long.parseLong(t.substring(0, t.length() - 1));
                duration = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                throw new IllegalArgumentException("expected a duration such as PT30M, 90s, 30m, 6h or 1d, found '" + text + "'");
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a duration such as PT30M, 90s, 30m, 6h or 1d, found '" + text + "'", e);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("expected a duration of zero or more, found '" + text + "'");
        }
        return duration;
    }
}
