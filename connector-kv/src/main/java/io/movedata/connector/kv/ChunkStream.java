package io.movedata.connector.kv;

import java.util.Arrays;
import java.util.Iterator;

import org.apache.spark.sql.Row;

/**
 * A record's chunk rows, read in step with its items: both tables cluster {@code key} in the same
 * order, so the chunks of each item come next, and rows before them belong to no live item.
 */
final class ChunkStream {
    private static final int FIRST_BUFFER = 1 << 20;

    private final Iterator<Row> rows;
    private final SourceColumns columns;
    private Row head;

    ChunkStream(Iterator<Row> rows, SourceColumns columns) {
        this.rows = rows;
        this.columns = columns;
        this.head = rows.hasNext() ? rows.next() : null;
    }

    /**
     * The stored bytes of an item's chunked value: its chunks {@code 0..chunkCount-1} written with
     * the item (same write time), concatenated. Chunk rows of the key from another write, or with an
     * index outside {@code 0..chunkCount-1}, are passed over.
     *
     * @throws CorruptValueException when a chunk is missing or the chunks do not hold the stored size
     */
    byte[] assemble(byte[] key, long writeTime, ValueMetadata metadata) {
        while (head != null && compare(key(head), key) < 0) {
            advance();
        }
        long storedSize = metadata.storedSize();
        if (storedSize > ValueMetadata.MAX_VALUE_SIZE) {
            throw new CorruptValueException("value_metadata's stored size " + storedSize + " is more than one value can hold ("
                    + ValueMetadata.MAX_VALUE_SIZE + " bytes)");
        }
        byte[] stored = new byte[(int) Math.min(storedSize, FIRST_BUFFER)];
        int filled = 0;
        int next = 0;
        String problem = null;
        for (; head != null && compare(key(head), key) == 0; advance()) {
            int index = head.getInt(columns.detail());
            // A negative index, sorted before chunk 0, or one past the count belongs to no value.
            if (problem != null || index < 0 || index >= metadata.chunkCount()
                    || KvOutputs.micros(head.get(columns.writeTime())) != writeTime) {
                continue;
            }
            if (index != next) {
                problem = missing(next, metadata, writeTime);
                continue;
            }
            byte[] chunk = head.isNullAt(columns.value()) ? new byte[0] : (byte[]) head.get(columns.value());
            if (filled + (long) chunk.length > storedSize) {
                problem = "the chunks hold more than the " + storedSize + " bytes value_metadata says are stored";
                continue;
            }
            if (filled + chunk.length > stored.length) {
                stored = Arrays.copyOf(stored, (int) Math.min(storedSize, Math.max(2L * stored.length, filled + chunk.length)));
            }
            System.arraycopy(chunk, 0, stored, filled, chunk.length);
            filled += chunk.length;
            next++;
        }
        if (problem == null && next < metadata.chunkCount()) {
            problem = missing(next, metadata, writeTime);
        }
        if (problem != null) {
            throw new CorruptValueException(problem);
        }
        if (filled != storedSize) {
            throw new CorruptValueException("the chunks hold " + filled + " bytes, value_metadata says " + storedSize);
        }
        return stored;
    }

    private static String missing(int chunk, ValueMetadata metadata, long writeTime) {
        return "chunk " + chunk + " of " + metadata.chunkCount() + " is missing (none written with the item, at timestamp "
                + writeTime + ")";
    }

    private byte[] key(Row row) {
        return (byte[]) row.get(columns.key());
    }

    /** The order of two keys in the tables' clustering order. */
    private int compare(byte[] a, byte[] b) {
        int ascending = Arrays.compareUnsigned(a, b);
        return columns.descending() ? -ascending : ascending;
    }

    private void advance() {
        head = rows.hasNext() ? rows.next() : null;
    }
}
