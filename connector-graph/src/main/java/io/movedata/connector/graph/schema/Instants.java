package io.movedata.connector.graph.schema;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The text of a {@link PropertyType#TIMESTAMP}, {@code yyyy-MM-ddTHH:mm:ss}, then {@code .} and 1 to
 * 6 digits or nothing, then {@code Z} or {@code +HH:MM} / {@code -HH:MM}, read field by field: a
 * graph holds many timestamps, and a {@code DateTimeFormatter} costs several times more.
 */
final class Instants {
    private static final int SECONDS_END = 19;
    private static final int MAX_FRACTION_DIGITS = 6;

    private Instants() {}

    /**
     * The instant, or null when the text is not of the form or names no real day or time. An
     * {@link Instant}, not a {@code java.sql.Timestamp}: Spark reads a Timestamp in the hybrid
     * Julian/Gregorian calendar, which moves a day before 1582-10-15 by days.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < SECONDS_END + 1 || !at(text, 4, '-') || !at(text, 7, '-') || !at(text, 10, 'T') || !at(text, 13, ':')
                || !at(text, 16, ':')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int end = SECONDS_END;
        int nanos = 0;
        if (text.charAt(end) == '.') {
            int start = ++end;
            while (end < length && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            int count = end - start;
            if (count < 1 || count > MAX_FRACTION_DIGITS) {
                return null;
            }
            nanos = digits(text, start, count);
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(text, end);
        if (offset == null || (year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            return time.toInstant(offset);
        } catch (DateTimeException e) {
            return null; // a month, day or time that does not exist
        }
    }

    /** The offset from {@code index} to the end: {@code Z} or a sign and {@code HH:MM}; null for anything else. */
    private static ZoneOffset offset(String text, int index) {
        int remaining = text.length() - index;
        if (remaining == 1 && text.charAt(index) == 'Z') {
            return ZoneOffset.UTC;
        }
        char sign = remaining == 6 ? text.charAt(index) : ' ';
        if (sign != '+' && sign != '-' || !at(text, index + 3, ':')) {
            return null;
        }
        int hours = digits(text, index + 1, 2);
        int minutes = digits(text, index + 4, 2);
        if (hours < 0 || minutes < 0) {
            return null;
        }
        try {
            return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean at(String text, int index, char expected) {
        return text.charAt(index) == expected;
    }

    /** The number the ASCII digits at {@code start} write, or -1 when one is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
