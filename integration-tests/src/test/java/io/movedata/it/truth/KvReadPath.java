package io.movedata.it.truth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import org.xerial.snappy.Snappy;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.github.luben.zstd.Zstd;

import net.jpountz.lz4.LZ4Factory;

/**
 * A key-value namespace's own read path, computed from what a live node returns for
 * {@code SELECT *} (with the write times) of its items and chunks tables: the truth a
 * {@code key-value} movement is compared with. Written from the model (docs/connectors/key-value.md),
 * not from the connector's code: it decodes {@code value_metadata} itself and calls the
 * compression libraries directly.
 */
final class KvReadPath {
    /** An item as the namespace's readers see it; write time in microseconds, expiry in epoch millis or null. */
    record Item(String id, byte[] key, byte[] value, long valueSize, String contentType, long writeTime, Long expiresAt) {}

    /** @param items live items, by id then key as Cassandra orders them; @param corrupt {@code id/keyhex: why} */
    record Namespace(List<Item> items, List<String> corrupt) {}

    private record Chunk(long writeTime, byte[] bytes) {}

    private KvReadPath() {}

    /** Reads {@code keyspace.namespace} and its chunks table as of {@code referenceTime}. */
    static Namespace read(CqlSession session, String keyspace, String namespace, Instant referenceTime) {
        Map<String, TreeMap<Integer, Chunk>> chunks = new HashMap<>();
        for (Row row : select(session, "SELECT id, key, chunk, value, writetime(value) FROM " + keyspace + "." + namespace + "_chunks")) {
            chunks.computeIfAbsent(itemName(row.getString(0), bytes(row.getByteBuffer(1))), k -> new TreeMap<>())
                    .put(row.getInt(2), new Chunk(row.getLong(4), bytes(row.getByteBuffer(3))));
        }
        List<Item> items = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        for (Row row : select(session, "SELECT id, key, value, value_metadata, writetime(value), writetime(value_metadata) FROM "
                + keyspace + "." + namespace)) {
            String id = row.getString(0);
            byte[] key = bytes(row.getByteBuffer(1));
            byte[] stored = bytes(row.getByteBuffer(2));
            long writeTime = Math.max(row.isNull(4) ? Long.MIN_VALUE : row.getLong(4), row.isNull(5) ? Long.MIN_VALUE : row.getLong(5));
            if (row.isNull(3)) {
                items.add(new Item(id, key, stored, stored.length, null, writeTime, null));
                continue;
            }
            try {
                Item item = decode(id, key, stored, ByteBuffer.wrap(bytes(row.getByteBuffer(3))), writeTime,
                        chunks.getOrDefault(itemName(id, key), new TreeMap<>()), referenceTime);
                if (item != null) {
                    items.add(item);
                }
            } catch (RuntimeException e) {
                corrupt.add(itemName(id, key) + ": " + e.getMessage());
            }
        }
        return new Namespace(items, corrupt);
    }

    /** The item, null when it expired by its metadata; throws when it is corrupt. */
    private static Item decode(String id, byte[] key, byte[] inline, ByteBuffer metadata, long writeTime,
                               TreeMap<Integer, Chunk> chunks, Instant referenceTime) {
        check(metadata.get() == 1, "version");
        int codec = metadata.get();
        boolean expires = (metadata.get() & 1) != 0;
        int chunkCount = metadata.getInt();
        long storedSize = metadata.getLong();
        long valueSize = metadata.getLong();
        int crc = metadata.getInt();
        byte[] contentType = new byte[metadata.getShort() & 0xffff];
        metadata.get(contentType);
        Long expiresAt = expires ? metadata.getLong() : null;
        if (expiresAt != null && expiresAt <= referenceTime.toEpochMilli()) {
            return null;
        }
        byte[] stored = chunkCount == 0 ? inline : ofThisWrite(chunks, chunkCount, writeTime);
        check(stored.length == storedSize, "stored size");
        byte[] value = decompress(codec, stored, (int) valueSize);
        CRC32C crc32c = new CRC32C();
        crc32c.update(value);
        check(value.length == valueSize && (int) crc32c.getValue() == crc, "size or crc32c");
        return new Item(id, key, value, valueSize, contentType.length == 0 ? null : new String(contentType, StandardCharsets.UTF_8),
                writeTime, expiresAt);
    }

    /** Chunks 0..count-1 written with the item: a chunk row of another write time belongs to another write. */
    private static byte[] ofThisWrite(TreeMap<Integer, Chunk> chunks, int count, long writeTime) {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            Chunk chunk = chunks.get(i);
            check(chunk != null && chunk.writeTime() == writeTime, "chunk " + i + " of the item's write is missing");
            stored.writeBytes(chunk.bytes());
        }
        return stored.toByteArray();
    }

    private static byte[] decompress(int codec, byte[] stored, int valueSize) {
        try {
            return switch (codec) {
                case 0 -> stored;
                case 1 -> LZ4Factory.fastestInstance().safeDecompressor().decompress(stored, valueSize);
                case 2 -> Zstd.decompress(stored, valueSize);
                case 3 -> Snappy.uncompress(stored);
                default -> throw new IllegalStateException("codec " + codec);
            };
        } catch (java.io.IOException e) {
            throw new IllegalStateException("snappy: " + e.getMessage(), e);
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }

    private static List<Row> select(CqlSession session, String cql) {
        return session.execute(SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.ONE).setPageSize(500)).all();
    }

    private static String itemName(String id, byte[] key) {
        return id + "/" + HexFormat.of().formatHex(key);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
