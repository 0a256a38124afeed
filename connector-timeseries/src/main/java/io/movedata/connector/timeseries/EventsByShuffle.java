package io.movedata.connector.timeseries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Events assembled with one shuffle ({@code assembly: shuffle}): the item rows of every slice read,
 * grouped by {@code (time_series_id, event_time, event_id)} wherever they are stored, so an event
 * whose items lie in several buckets (or slices) is joined whole. An item key found twice in one
 * event (in two partitions) keeps its latest write. Holds one event's items at a time.
 */
final class EventsByShuffle {
    private static final StructType KEY = new StructType()
            .add(TsOutputs.EVENT_ITEMS_SCHEMA.fields()[0])
            .add(TsOutputs.EVENT_ITEMS_SCHEMA.fields()[1])
            .add(TsOutputs.EVENT_ITEMS_SCHEMA.fields()[2]);

    private EventsByShuffle() {}

    /**
     * @param items rows of {@link TsOutputs#EVENT_ITEMS_SCHEMA}, each item's own write time
     * @param output {@link TsOutputs#EVENTS} or {@link TsOutputs#EVENT_ITEMS}
     */
    static Dataset<Row> assemble(Dataset<Row> items, String output) {
        boolean events = output.equals(TsOutputs.EVENTS);
        boolean instants = TsOutputs.instants(items);
        return items.groupByKey((MapFunction<Row, Row>) row -> RowFactory.create(row.get(0), row.get(1), row.get(2)),
                        Encoders.row(KEY))
                .flatMapGroups((FlatMapGroupsFunction<Row, Row, Row>) (key, rows) -> event(key, rows, events, instants),
                        Encoders.row(TsOutputs.schema(output)));
    }

    /** @param instants whether the session encodes timestamps as Instants ({@link TsOutputs#instants}) */
    private static Iterator<Row> event(Row key, Iterator<Row> rows, boolean events, boolean instants) {
        Map<String, Row> latest = new TreeMap<>();
        while (rows.hasNext()) {
            Row item = rows.next();
            latest.merge(item.getString(3), item, EventsByShuffle::later);
        }
        String series = key.getString(0);
        long time = TsOutputs.millis(key.get(1));
        String id = key.getString(2);
        if (!events) {
            // Rows the session decoded, with its own kind of timestamps: the encoder takes them back as they are.
            return latest.values().iterator();
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        long writeTime = Long.MIN_VALUE;
        for (Row item : latest.values()) {
            values.put(item.getString(3), (byte[]) item.get(4));
            writeTime = Math.max(writeTime, TsOutputs.micros(item.get(5)));
        }
        List<Row> event = new ArrayList<>(1);
        event.add(instants ? TsOutputs.eventOfInstants(series, time, id, values, writeTime)
                : TsOutputs.event(series, time, id, values, writeTime));
        return event.iterator();
    }

    /** The later write of an item; of two at one time, the greater value (as Cassandra settles such a tie). */
    private static Row later(Row a, Row b) {
        int byTime = Long.compare(TsOutputs.micros(a.get(5)), TsOutputs.micros(b.get(5)));
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        return Arrays.compareUnsigned((byte[]) a.get(4), (byte[]) b.get(4)) >= 0 ? a : b;
    }
}
