package io.movedata.it.timeseries;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;

import io.movedata.connector.timeseries.fixture.ExpectedEvent;
import io.movedata.it.SharedSpark;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The time-series tests' exact comparison of moved tables with what the fixture writer says a
 * reader finds: one sorted line per event ({@code series|event millis|id|{key=hex, ...}|write
 * micros}) or per item ({@code series|event millis|id|key|hex|write micros}).
 */
public final class TsRows {
    private TsRows() {}

    public static List<String> events(String table) {
        List<String> lines = new ArrayList<>();
        for (Row row : SharedSpark.session().table(table)
                .selectExpr("time_series_id", "unix_millis(event_time)", "event_id", "items", "unix_micros(write_time)")
                .collectAsList()) {
            Map<String, String> items = new TreeMap<>();
            CollectionConverters.asJava(row.<scala.collection.Map<String, byte[]>>getAs(3))
                    .forEach((key, value) -> items.put(key, hex(value)));
            lines.add(String.join("|", row.getString(0), Long.toString(row.getLong(1)), row.getString(2), items.toString(),
                    Long.toString(row.getLong(4))));
        }
        lines.sort(null);
        return lines;
    }

    public static List<String> items(String table) {
        return SharedSpark.rows(SharedSpark.session().table(table).selectExpr("time_series_id", "unix_millis(event_time)",
                "event_id", "event_item_key", "lower(hex(event_item_value))", "unix_micros(write_time)"));
    }

    public static List<String> expectedEvents(List<ExpectedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ExpectedEvent event : events) {
            Map<String, String> items = new TreeMap<>();
            event.items().forEach((key, value) -> items.put(key, hex(value)));
            lines.add(String.join("|", event.series(), Long.toString(event.eventTime().toEpochMilli()), event.eventId(),
                    items.toString(), Long.toString(event.writeTime())));
        }
        lines.sort(null);
        return lines;
    }

    public static List<String> expectedItems(List<ExpectedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ExpectedEvent event : events) {
            event.items().forEach((key, value) -> lines.add(String.join("|", event.series(),
                    Long.toString(event.eventTime().toEpochMilli()), event.eventId(), key, hex(value),
                    Long.toString(event.itemWriteTimes().get(key)))));
        }
        lines.sort(null);
        return lines;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
