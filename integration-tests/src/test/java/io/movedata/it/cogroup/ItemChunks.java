package io.movedata.it.cogroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;

/**
 * A test transform over an items table {@code (id text, key blob, value text, PRIMARY KEY (id, key))}
 * and a chunks table {@code (id text, key blob, chunk int, value text, PRIMARY KEY (id, key, chunk))}
 * in the same clustering order: it reads them interleaved (an item, then that item's chunks, then
 * the next item), emitting one {@code items} row per item as it goes and, after the last, one
 * {@code records} row per id with the item keys in the order they came.
 *
 * @param descending whether both tables cluster their keys in descending order
 * @param records whether to emit the {@code records} output
 * @param corruptId an id the transform finds corrupt (failing the read), or null
 */
record ItemChunks(String items, String chunks, boolean descending, boolean records, String corruptId) implements GroupTransform {
    static final StructType ITEMS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("key", DataTypes.BinaryType, false)
            .add("value", DataTypes.StringType)
            .add("chunks", DataTypes.StringType, false);
    static final StructType RECORDS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("item_keys", DataTypes.StringType, false)
            .add("chunk_count", DataTypes.LongType, false);

    @Override
    public Map<String, StructType> outputs() {
        Map<String, StructType> outputs = new LinkedHashMap<>();
        outputs.put("items", ITEMS);
        if (records) {
            outputs.put("records", RECORDS);
        }
        return outputs;
    }

    @Override
    public Iterator<OutputRow> apply(PartitionGroup group) {
        String id = group.key().getString(0);
        if (id.equals(corruptId)) {
            throw new ConnectorException(ErrorKind.UNREADABLE_SOURCE, "Record " + id + " of " + items + " is corrupt");
        }
        Iterator<Row> itemRows = group.rows(items);
        Iterator<Row> chunkRows = group.rows(chunks);
        return new Iterator<>() {
            private Row chunk;
            private long chunkCount;
            private final List<String> itemKeys = new ArrayList<>();
            private boolean summarized;
            private OutputRow next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = advance();
                }
                return next != null;
            }

            @Override
            public OutputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                OutputRow row = next;
                next = null;
                return row;
            }

            private OutputRow advance() {
                if (itemRows.hasNext()) {
                    Row item = itemRows.next();
                    byte[] key = item.getAs("key");
                    itemKeys.add(HexFormat.of().formatHex(key));
                    while (peekChunk() && before(chunk.getAs("key"), key)) {
                        takeChunk(); // a chunk without an item
                    }
                    List<String> values = new ArrayList<>();
                    while (peekChunk() && Arrays.equals(chunk.getAs("key"), key)) {
                        values.add(takeChunk().getAs("value"));
                    }
                    return new OutputRow("items", RowFactory.create(id, key, item.getAs("value"), String.join(",", values)));
                }
                if (summarized) {
                    return null;
                }
                summarized = true;
                while (peekChunk()) {
                    takeChunk();
                }
                return records ? new OutputRow("records", RowFactory.create(id, String.join(",", itemKeys), chunkCount)) : null;
            }

            private boolean peekChunk() {
                if (chunk == null && chunkRows.hasNext()) {
                    chunk = chunkRows.next();
                }
                return chunk != null;
            }

            private Row takeChunk() {
                Row taken = chunk;
                chunk = null;
                chunkCount++;
                return taken;
            }
        };
    }

    private boolean before(byte[] a, byte[] b) {
        int order = Arrays.compareUnsigned(a, b);
        return descending ? order > 0 : order < 0;
    }
}
