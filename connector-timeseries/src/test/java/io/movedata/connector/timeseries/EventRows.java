package io.movedata.connector.timeseries;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.movedata.connector.timeseries.fixture.ExpectedEvent;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Events and items as sorted lines, for exact comparisons of a connector's frames with what the
 * writer says a reader finds: {@code series|event time|id|{key=hex, ...}|write micros} and
 * {@code series|event time|id|key|hex|write micros}.
 */
final class EventRows {
    private EventRows() {}

    static List<String> events(Dataset<Row> events) {
        List<String> lines = new ArrayList<>();
        for (Row row : events.collectAsList()) {
            Map<String, String> items = new TreeMap<>();
            CollectionConverters.asJava(row.<scala.collection.Map<String, byte[]>>getAs("items"))
                    .forEach((key, value) -> items.put(key, hex(value)));
            lines.add(String.join("|", row.getString(0), TsOutputs.timestamp(TsOutputs.micros(row.get(1))).toInstant().toString(),
                    row.getString(2), items.toString(), Long.toString(TsOutputs.micros(row.get(4)))));
        }
        lines.sort(null);
        return lines;
    }

    static List<String> items(Dataset<Row> items) {
        List<String> lines = new ArrayList<>();
        for (Row row : items.collectAsList()) {
            lines.add(String.join("|", row.getString(0), TsOutputs.timestamp(TsOutputs.micros(row.get(1))).toInstant().toString(),
                    row.getString(2), row.getString(3), hex((byte[]) row.get(4)), Long.toString(TsOutputs.micros(row.get(5)))));
        }
        lines.sort(null);
        return lines;
    }

    static List<String> expectedEvents(List<ExpectedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ExpectedEvent event : events) {
            Map<String, String> items = new TreeMap<>();
            event.items().forEach((key, value) -> items.put(key, hex(value)));
            lines.add(String.join("|", event.series(), event.eventTime().toString(), event.eventId(), items.toString(),
                    Long.toString(event.writeTime())));
        }
        lines.sort(null);
        return lines;
    }

    static List<String> expectedItems(List<ExpectedEvent> events) {
        List<String> lines = new ArrayList<>();
        for (ExpectedEvent event : events) {
            event.items().forEach((key, value) -> lines.add(String.join("|", event.series(), event.eventTime().toString(),
                    event.eventId(), key, hex(value), Long.toString(event.itemWriteTimes().get(key)))));
        }
        lines.sort(null);
        return lines;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
