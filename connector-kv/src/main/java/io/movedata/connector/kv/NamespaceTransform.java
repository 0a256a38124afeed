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
 * Rebuilds a namespace's items from one record's rows of its items and chunks tables, streamed in
 * step: an item's value is inline or the concatenation of its chunks written with it, decoded with
 * its value_metadata; an item whose metadata expiry is at or before the reference time is gone.
 * Emits each item to {@code items} as it is rebuilt and, when asked, the record's items together
 * to {@code records} (the one place a record's items are held in memory).
 */
final class NamespaceTransform implements GroupTransform {
    private static final long serialVersionUID = 1L;

    private final String itemsTable;
    private final String chunksTable;
    private final SourceColumns items;
    private final SourceColumns chunks;
    private final Instant referenceTime;
    private final boolean records;
    private final CorruptItems corrupt;

    /**
     * @param itemsTable the items table, {@code keyspace.ns}, as the group names it
     * @param chunksTable the chunks table, as the group names it
     */
    NamespaceTransform(String itemsTable, String chunksTable, SourceColumns items, SourceColumns chunks,
                       Instant referenceTime, boolean records, CorruptItems corrupt) {
        this.itemsTable = itemsTable;
        this.chunksTable = chunksTable;
        this.items = items;
        this.chunks = chunks;
        this.referenceTime = referenceTime;
        this.records = records;
        this.corrupt = corrupt;
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
        Iterator<Row> itemRows = group.rows(itemsTable);
        ChunkStream chunkRows = new ChunkStream(group.rows(chunksTable), chunks);
        List<Row> recordItems = records ? new ArrayList<>() : null;
        return new Iterator<>() {
            private OutputRow pending;
            private boolean recordEmitted;

            @Override
            public boolean hasNext() {
                while (pending == null && itemRows.hasNext()) {
                    Object[] item = item(id, itemRows.next(), chunkRows);
                    if (item != null) {
                        pending = new OutputRow(KvOutputs.ITEMS, KvOutputs.itemsRow(id, item));
                        if (records) {
                            recordItems.add(RowFactory.create(item));
                        }
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

    /** The item's fields ({@link KvOutputs#ITEM}), or null when it expired or is corrupt and skipped. */
    private Object[] item(String id, Row row, ChunkStream chunkRows) {
        byte[] key = (byte[]) row.get(items.key());
        byte[] stored = row.isNullAt(items.value()) ? new byte[0] : (byte[]) row.get(items.value());
        long writeTime = KvOutputs.micros(row.get(items.writeTime()));
        if (row.isNullAt(items.detail())) {
            return KvOutputs.item(key, stored, null, writeTime);
        }
        try {
            ValueMetadata metadata = ValueMetadata.decode((byte[]) row.get(items.detail()));
            if (metadata.expiresAt() != null && !metadata.expiresAt().isAfter(referenceTime)) {
                return null;
            }
            byte[] value = metadata.decodeValue(metadata.isChunked() ? chunkRows.assemble(key, writeTime, metadata) : stored);
            return KvOutputs.item(key, value, metadata, writeTime);
        } catch (CorruptValueException e) {
            corrupt.found(id, key, e.getMessage());
            return null;
        }
    }
}
