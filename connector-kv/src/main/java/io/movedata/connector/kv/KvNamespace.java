package io.movedata.connector.kv;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ConnectorException;
import io.movedata.api.PartitionGroup;
import io.movedata.api.SourceTable;

/**
 * One key-value namespace, its items table {@code ks.ns} and chunks table {@code ks.ns_chunks}, as a
 * connector whose model is stored in namespaces reads it (docs/connectors/key-value.md): declare
 * {@link #sources}, read both tables in one {@link io.movedata.api.SourceFrames#cogroup} (alone or
 * with other tables of the keyspace keyed by {@code id text}), and take each record's live items
 * from {@link #items} inside the {@link io.movedata.api.GroupTransform}: values reassembled from
 * their chunks, decompressed and checked, items whose metadata expiry is at or before the reference
 * time left out, corrupt ones failed or skipped as {@link CorruptItems} says. The key-value
 * connector reads its namespace this way.
 *
 * <p>Built on the driver from the source schemas; serializable, so a transform carries it to the
 * executors.
 */
public final class KvNamespace implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String itemsTable;
    private final String chunksTable;
    private final SourceColumns items;
    private final SourceColumns chunks;
    private final Instant referenceTime;
    private final CorruptItems corrupt;

    KvNamespace(String itemsTable, String chunksTable, SourceColumns items, SourceColumns chunks, Instant referenceTime,
                CorruptItems corrupt) {
        this.itemsTable = itemsTable;
        this.chunksTable = chunksTable;
        this.items = items;
        this.chunks = chunks;
        this.referenceTime = referenceTime;
        this.corrupt = corrupt;
    }

    /** The namespace's two tables, each read with {@code _row_writetime}, for {@link io.movedata.api.Connector#sources()}. */
    public static List<SourceTable> sources(String namespace) {
        return List.of(SourceTable.of(namespace).withRowWritetime(),
                SourceTable.of(KeyValueConnector.chunksTable(namespace)).withRowWritetime());
    }

    /**
     * The namespace read from its tables, after checking them against the model (columns, types,
     * clustering, one key order for both tables).
     *
     * @param namespace the items table, {@code keyspace.ns}
     * @param sourceSchemas the source schemas the runtime gives {@link io.movedata.api.Connector#targets},
     *        holding both tables read as {@link #sources} says
     * @param referenceTime the movement's reference time: an item whose metadata expiry is at or before it is gone
     * @param corrupt what a corrupt item does
     * @throws ConnectorException naming the table and column when a table is not of the model, or when
     *         the two tables cluster {@code key} in different orders
     */
    public static KvNamespace of(String namespace, Map<String, StructType> sourceSchemas, Instant referenceTime,
                                 CorruptItems corrupt) {
        String chunksTable = KeyValueConnector.chunksTable(namespace);
        SourceColumns itemColumns = SourceColumns.items(namespace, sourceSchemas.get(namespace));
        SourceColumns chunkColumns = SourceColumns.chunks(chunksTable, sourceSchemas.get(chunksTable));
        if (itemColumns.descending() != chunkColumns.descending()) {
            throw new ConnectorException("Namespace " + namespace + ": its chunks table " + chunksTable
                    + " clusters key " + order(chunkColumns) + " but its items table clusters key "
                    + order(itemColumns) + "; the key-value connector reads both in step and needs one order");
        }
        return new KvNamespace(namespace, chunksTable, itemColumns, chunkColumns, referenceTime, corrupt);
    }

    private static String order(SourceColumns columns) {
        return columns.descending() ? "DESC" : "ASC";
    }

    /** The items table, {@code keyspace.ns}. */
    public String itemsTable() {
        return itemsTable;
    }

    /** The items table and the chunks table, as {@link io.movedata.api.SourceFrames#cogroup} takes them. */
    public List<String> tables() {
        return List.of(itemsTable, chunksTable);
    }

    /**
     * The live items of the group's record, in the namespace's key order, streamed: one value is
     * held at a time. Reads the group's rows of both tables, once.
     *
     * @throws ConnectorException ({@link io.movedata.api.ErrorKind#UNREADABLE_SOURCE}) at a corrupt item
     *         when the policy is to fail
     */
    public Iterator<Item> items(PartitionGroup group) {
        String id = group.key().getString(0);
        Iterator<Row> itemRows = group.rows(itemsTable);
        if (!itemRows.hasNext()) {
            // No item, so no live value: chunk rows alone belong to none. Read with other namespaces'
            // tables, most ids have rows in few of them.
            return Collections.emptyIterator();
        }
        ChunkStream chunkRows = new ChunkStream(group.rows(chunksTable), chunks);
        return new Iterator<>() {
            private Item pending;

            @Override
            public boolean hasNext() {
                while (pending == null && itemRows.hasNext()) {
                    pending = item(id, itemRows.next(), chunkRows);
                }
                return pending != null;
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Item item = pending;
                pending = null;
                return item;
            }
        };
    }

    /** The item of an items-table row, or null when it expired or is corrupt and skipped. */
    private Item item(String id, Row row, ChunkStream chunkRows) {
        byte[] key = (byte[]) row.get(items.key());
        byte[] stored = row.isNullAt(items.value()) ? new byte[0] : (byte[]) row.get(items.value());
        long writeTime = KvOutputs.micros(row.get(items.writeTime()));
        if (row.isNullAt(items.detail())) {
            return new Item(key, stored, null, writeTime);
        }
        try {
            ValueMetadata metadata = ValueMetadata.decode((byte[]) row.get(items.detail()));
            if (metadata.expiresAt() != null && !metadata.expiresAt().isAfter(referenceTime)) {
                return null;
            }
            byte[] value = metadata.decodeValue(metadata.isChunked() ? chunkRows.assemble(key, writeTime, metadata) : stored);
            return new Item(key, value, metadata, writeTime);
        } catch (CorruptValueException e) {
            corrupt.found(id, key, e.getMessage());
            return null;
        }
    }

    /**
     * A live item of a record.
     *
     * @param key the item key
     * @param value the decoded value (decompressed, chunks joined)
     * @param metadata the item's value_metadata, or null when it has none (an inline, uncompressed value)
     * @param writeTimeMicros the item row's write time, its Cassandra timestamp in microseconds
     */
    public record Item(byte[] key, byte[] value, ValueMetadata metadata, long writeTimeMicros) {}
}
