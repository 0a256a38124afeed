package io.movedata.connector.timeseries;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;

/**
 * The events of one partition of a slice table, streamed: its item rows come in clustering order
 * ({@code event_time, event_id, event_item_key}), so an event's items are adjacent, and each event
 * is emitted to {@code events} as soon as its last item has been read, with its items' values
 * decoded and its write time the latest of theirs. Each live item is also emitted to
 * {@code event_items} as it is read, when that output is asked for. Only one event's items are held.
 *
 * <p>Rows outside the window are left out; every other row is checked against {@link Placement}
 * ({@link MisplacedRows}).
 */
final class SliceEvents implements GroupTransform {
    private static final long serialVersionUID = 1L;

    private final Slice slice;
    private final SliceColumns columns;
    private final TimeWindow window;
    private final ItemValues values;
    private final MisplacedRows misplaced;
    private final boolean emitEvents;
    private final boolean emitItems;

    /**
     * @param emitEvents emit {@code events}
     * @param emitItems emit {@code event_items}
     */
    SliceEvents(Slice slice, SliceColumns columns, TimeWindow window, ItemValues values, MisplacedRows misplaced, boolean emitEvents,
                boolean emitItems) {
        this.slice = slice;
        this.columns = columns;
        this.window = window;
        this.values = values;
        this.misplaced = misplaced;
        this.emitEvents = emitEvents;
        this.emitItems = emitItems;
    }

    @Override
    public Map<String, StructType> outputs() {
        Map<String, StructType> outputs = new LinkedHashMap<>();
        if (emitEvents) {
            outputs.put(TsOutputs.EVENTS, TsOutputs.schema(TsOutputs.EVENTS));
        }
        if (emitItems) {
            outputs.put(TsOutputs.EVENT_ITEMS, TsOutputs.schema(TsOutputs.EVENT_ITEMS));
        }
        return outputs;
    }

    @Override
    public Iterator<OutputRow> apply(PartitionGroup group) {
        return new Events(group);
    }

    /** The partition's output, pulled: reads rows until it has output to give. */
    private final class Events implements Iterator<OutputRow> {
        private final String series;
        private final long timeBucket;
        private final int eventBucket;
        private final Iterator<Row> rows;
        private final ArrayDeque<OutputRow> pending = new ArrayDeque<>();
        /** The event being read: its time and id, its live items so far, their latest write time. */
        private long eventTime;
        private String eventId;
        private Map<String, byte[]> items;
        private long writeTime;

        Events(PartitionGroup group) {
            Row key = group.key();
            series = key.getString(0);
            timeBucket = key.getLong(1);
            eventBucket = key.getInt(2);
            rows = group.rows(slice.table());
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && rows.hasNext()) {
                read(rows.next());
            }
            if (pending.isEmpty()) {
                endEvent();
            }
            return !pending.isEmpty();
        }

        @Override
        public OutputRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void read(Row row) {
            long time = TsOutputs.millis(row.get(columns.eventTime()));
            if (!window.contains(time)) {
                return;
            }
            String id = row.getString(columns.eventId());
            String key = row.getString(columns.itemKey());
            Supplier<String> item = () -> EventItem.describe(slice.table(), series, time, id, key);
            misplaced.check(slice, time, timeBucket, eventBucket, item);
            if (items == null || time != eventTime || !id.equals(eventId)) {
                endEvent();
                eventTime = time;
                eventId = id;
                items = new LinkedHashMap<>();
                writeTime = Long.MIN_VALUE;
            }
            byte[] value = values.value(row, item);
            if (value == null) {
                return;
            }
            long itemWriteTime = TsOutputs.micros(row.get(columns.writeTime()));
            if (emitItems) {
                pending.add(new OutputRow(TsOutputs.EVENT_ITEMS, TsOutputs.item(series, time, id, key, value, itemWriteTime)));
            }
            if (emitEvents) {
                items.put(key, value);
            }
            writeTime = Math.max(writeTime, itemWriteTime);
        }

        /** Emits the event read so far, if it has a live item. */
        private void endEvent() {
            if (items != null && emitEvents && !items.isEmpty()) {
                pending.add(new OutputRow(TsOutputs.EVENTS, TsOutputs.event(series, eventTime, eventId, items, writeTime)));
            }
            items = null;
        }
    }
}
