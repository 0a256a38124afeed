package io.movedata.connector.kv;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;

/**
 * Rebuilds a namespace's items from one record's rows of its items and chunks tables
 * ({@link KvNamespace#items}). Emits each item to {@code items} as it is rebuilt and, when asked,
 * the record's items together to {@code records} (the one place a record's items are held in memory).
 */
final class NamespaceTransform implements GroupTransform {
    private static final long serialVersionUID = 1L;

    private final KvNamespace namespace;
    private final boolean records;

    /**
     * @param itemsTable the items table, {@code keyspace.ns}, as the group names it
     * @param chunksTable the chunks table, as the group names it
     */
    NamespaceTransform(String itemsTable, String chunksTable, SourceColumns items, SourceColumns chunks,
                       Instant referenceTime, boolean records, CorruptItems corrupt) {
        this(new KvNamespace(itemsTable, chunksTable, items, chunks, referenceTime, corrupt), records);
    }

    NamespaceTransform(KvNamespace namespace, boolean records) {
        this.namespace = namespace;
        this.records = records;
    }

    @Override
    public Map<String, StructType> outputs() {
        Map<String, StructType> outputs = new LinkedHashMap<>();
        outputs.put(KvOutputs.ITEMS, KvOutputs.ITEMS_SCHEMA);
        if (records) {
            outputs.put(KvOutputs.RECORDS, KvOutputs.RECORDS_SCHEMA);
        }
        return outputs;
    }

    @Override
    public Iterator<OutputRow> apply(PartitionGroup group) {
        String id = group.key().getString(0);
        Iterator<KvNamespace.Item> items = namespace.items(group);
        List<Row> recordItems = records ? new ArrayList<>() : null;
        return new Iterator<>() {
            private OutputRow pending;
            private boolean recordEmitted;

            @Override
            public boolean hasNext() {
                if (pending == null && items.hasNext()) {
                    KvNamespace.Item live = items.next();
                    Object[] item = KvOutputs.item(live.key(), live.value(), live.metadata(), live.writeTimeMicros());
                    pending = new OutputRow(KvOutputs.ITEMS, KvOutputs.itemsRow(id, item));
                    if (records) {
                        recordItems.add(RowFactory.create(item));
                    }
                }
                if (pending == null && records && !recordEmitted) {
                    recordEmitted = true;
                    if (!recordItems.isEmpty()) {
                        pending = new OutputRow(KvOutputs.RECORDS, KvOutputs.recordsRow(id, recordItems));
                    }
                }
                return pending != null;
            }

            @Override
            public OutputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                OutputRow row = pending;
                pending = null;
                return row;
            }
        };
    }
}
