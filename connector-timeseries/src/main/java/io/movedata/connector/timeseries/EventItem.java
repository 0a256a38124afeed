package io.movedata.connector.timeseries;

import java.time.Instant;

import io.movedata.connector.kv.Utf8;

/**
 * Names an item row of a slice table in messages and samples, on one line: {@code ks.table, series
 * 's1', event 2026-01-01T00:00:00Z 'e1', item 'k'} (text with control characters in hex, as the
 * key-value connector shows keys).
 */
final class EventItem {
    private EventItem() {}

    static String describe(String table, String series, long eventTimeMillis, String eventId, String itemKey) {
        return table + ", series '" + text(series) + "', event " + Instant.ofEpochMilli(eventTimeMillis) + " '" + text(eventId)
                + "', item '" + text(itemKey) + "'";
    }

    private static String text(String value) {
        return Utf8.keyText(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
