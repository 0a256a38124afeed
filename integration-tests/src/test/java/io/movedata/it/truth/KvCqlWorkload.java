package io.movedata.it.truth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.kv.ValueMetadata;

/**
 * Writes a key-value namespace (items and chunks) to a live node through CQL, as the namespace's
 * own writers do: an item and its chunks with one {@code USING TIMESTAMP}, the value compressed and
 * described by {@link ValueMetadata}, chunked when it is larger than {@link #CHUNK}. First one item
 * per case of the model (every codec, inline and chunked values of several MB, overwrites that
 * leave chunks of the older write behind, a torn write, item, range and record deletes, expiry by
 * metadata and by TTL), then seeded random operations over a few records. Replaying the same seed
 * issues the same statements.
 */
final class KvCqlWorkload {
    /** Bytes per chunk: small, so a value of a few MB has dozens of chunks. */
    static final int CHUNK = 64 * 1024;

    /** TTL of the items that must have expired before the backup. */
    static final int SHORT_TTL_SECONDS = 1;

    private static final List<String> WORDS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf");
    private static final ValueCodec[] CODECS = ValueCodec.values();

    private final CqlSession session;
    private final String table;
    private final Random random;
    private final Instant now = Instant.now();
    private final PreparedStatement insertItem;
    private final PreparedStatement insertChunk;
    private final PreparedStatement deleteItem;
    private final PreparedStatement deleteChunks;
    private final PreparedStatement deleteRange;
    private final PreparedStatement deleteRecord;
    private final Set<Long> used = new HashSet<>();
    private long clock = 1_700_000_000_000_000L;

    KvCqlWorkload(CqlSession session, String keyspace, String namespace, long seed) {
        this.session = session;
        this.table = keyspace + "." + namespace;
        this.random = new Random(seed);
        insertItem = session.prepare("INSERT INTO " + table + " (id, key, value, value_metadata) VALUES (?, ?, ?, ?) "
                + "USING TIMESTAMP ? AND TTL ?");
        insertChunk = session.prepare("INSERT INTO " + table + "_chunks (id, key, chunk, value) VALUES (?, ?, ?, ?) "
                + "USING TIMESTAMP ? AND TTL ?");
        deleteItem = session.prepare("DELETE FROM " + table + " USING TIMESTAMP ? WHERE id = ? AND key = ?");
        deleteChunks = session.prepare("DELETE FROM " + table + "_chunks USING TIMESTAMP ? WHERE id = ? AND key = ?");
        deleteRange = session.prepare("DELETE FROM " + table + " USING TIMESTAMP ? WHERE id = ? AND key >= ? AND key < ?");
        deleteRecord = session.prepare("DELETE FROM " + table + " USING TIMESTAMP ? WHERE id = ?");
    }

    /** The items and chunks tables, keys in {@code order} (ASC or DESC) in both. */
    static void createSchema(CqlSession session, String keyspace, String namespace, String order) {
        session.execute("CREATE TABLE " + keyspace + "." + namespace + " (id text, key blob, value blob, value_metadata blob, "
                + "PRIMARY KEY (id, key)) WITH CLUSTERING ORDER BY (key " + order + ")");
        session.execute("CREATE TABLE " + keyspace + "." + namespace + "_chunks (id text, key blob, chunk int, value blob, "
                + "PRIMARY KEY (id, key, chunk)) WITH CLUSTERING ORDER BY (key " + order + ", chunk ASC)");
    }

    /** One item per case of the model; {@code flush} is called between phases so the rows span SSTables. */
    void cases(Runnable flush) {
        byte[] json = "{\"colour\":\"teal\"}".getBytes(StandardCharsets.UTF_8);
        insertRaw("inline", text("plain"), text("no metadata at all"), null, tick(), 0);
        put("inline", text("json"), json, ValueCodec.NONE, "application/json", null, tick(), 0);
        for (ValueCodec codec : CODECS) {
            put("inline", text("text-" + codec), words(2_000), codec, "text/plain", null, tick(), 0);
            put("chunked", text("mb-" + codec), words(3 * 1024 * 1024), codec, "text/plain", null, tick(), 0);
        }
        put("inline", new byte[] {(byte) 0xff, 0x00}, json, ValueCodec.NONE, null, null, tick(), 0);
        put("chunked", text("random-4mb"), randomBytes(4 * 1024 * 1024), ValueCodec.NONE, "application/octet-stream", null, tick(), 0);
        flush.run();

        // Overwrites: the older write's chunks stay behind and must never be read into the newer value.
        long older = tick();
        put("overwritten", text("shrunk"), randomBytes(5 * CHUNK), ValueCodec.NONE, null, null, older, 0);
        put("overwritten", text("to-inline"), randomBytes(3 * CHUNK), ValueCodec.NONE, null, null, older, 0);
        put("overwritten", text("same-count"), randomBytes(3 * CHUNK - 7), ValueCodec.NONE, null, null, older, 0);
        flush.run();
        long newer = tick();
        put("overwritten", text("shrunk"), randomBytes(2 * CHUNK), ValueCodec.NONE, null, null, newer, 0);
        put("overwritten", text("to-inline"), words(300), ValueCodec.LZ4, null, null, newer, 0);
        put("overwritten", text("same-count"), randomBytes(3 * CHUNK - 7), ValueCodec.NONE, null, null, newer, 0);
        put("overwritten", text("late-older"), words(100), ValueCodec.NONE, null, null, newer, 0);
        put("overwritten", text("late-older"), randomBytes(4 * CHUNK), ValueCodec.NONE, null, null, older, 0);
        // A torn write: the item says three chunks, but chunk 1 is still the older write's.
        put("torn", text("torn"), randomBytes(3 * CHUNK), ValueCodec.NONE, null, null, older, 0);
        write("torn", text("torn"), randomBytes(3 * CHUNK), ValueCodec.NONE, null, null, newer, 0, 1);
        flush.run();

        // Deletes: an item (its chunks left behind), an item and its chunks, a range of keys, a whole record.
        put("deletes", text("tombstoned"), randomBytes(2 * CHUNK), ValueCodec.NONE, null, null, tick(), 0);
        put("deletes", text("tombstoned-all"), randomBytes(2 * CHUNK), ValueCodec.NONE, null, null, tick(), 0);
        put("deletes", text("resurrected"), words(50), ValueCodec.SNAPPY, null, null, tick(), 0);
        for (int i = 0; i < 10; i++) {
            put("deletes", text("range-" + i), words(20 + i), ValueCodec.ZSTD, null, null, tick(), 0);
            put("gone", text("item-" + i), randomBytes(i * CHUNK / 3), ValueCodec.NONE, null, null, tick(), 0);
        }
        flush.run();
        session.execute(deleteItem.bind(tick(), "deletes", ByteBuffer.wrap(text("tombstoned"))));
        long deleted = tick();
        session.execute(deleteItem.bind(deleted, "deletes", ByteBuffer.wrap(text("tombstoned-all"))));
        session.execute(deleteChunks.bind(deleted, "deletes", ByteBuffer.wrap(text("tombstoned-all"))));
        session.execute(deleteItem.bind(tick(), "deletes", ByteBuffer.wrap(text("resurrected"))));
        put("deletes", text("resurrected"), words(60), ValueCodec.SNAPPY, null, null, tick(), 0);
        put("deletes", text("written-before-its-delete"), words(10), ValueCodec.NONE, null, null, deleted - 10, 0);
        session.execute(deleteItem.bind(deleted, "deletes", ByteBuffer.wrap(text("written-before-its-delete"))));
        session.execute(deleteRange.bind(tick(), "deletes", ByteBuffer.wrap(text("range-3")), ByteBuffer.wrap(text("range-7"))));
        session.execute(deleteRecord.bind(tick(), "gone"));

        // Expiry: by the metadata (before and after the backup), and by Cassandra TTL.
        Instant past = now.minus(1, ChronoUnit.DAYS);
        Instant future = now.plus(30, ChronoUnit.DAYS);
        put("expiry", text("metadata-past"), words(40), ValueCodec.NONE, null, past, tick(), 0);
        put("expiry", text("metadata-past-chunked"), randomBytes(2 * CHUNK), ValueCodec.NONE, null, past, tick(), 0);
        put("expiry", text("metadata-future"), words(40), ValueCodec.ZSTD, "text/plain", future, tick(), 0);
        put("expiry", text("ttl-short"), words(40), ValueCodec.NONE, null, null, tick(), SHORT_TTL_SECONDS);
        put("expiry", text("ttl-short-chunked"), randomBytes(2 * CHUNK), ValueCodec.NONE, null, null, tick(), SHORT_TTL_SECONDS);
        put("expiry", text("ttl-long"), words(40), ValueCodec.LZ4, null, null, tick(), 86_400);
        flush.run();
    }

    /** Seeded random puts (inline and chunked, every codec), overwrites (some older than what they overwrite) and deletes. */
    void random(int records, int operations, Runnable flush) {
        for (int op = 1; op <= operations; op++) {
            String id = "random-" + random.nextInt(records);
            byte[] key = text("k" + random.nextInt(12));
            long timestamp = random.nextInt(6) == 0 ? older() : tick();
            int kind = random.nextInt(20);
            if (kind < 2) {
                session.execute(deleteItem.bind(timestamp, id, ByteBuffer.wrap(key)));
            } else if (kind < 3) {
                int from = random.nextInt(11);
                session.execute(deleteRange.bind(timestamp, id, ByteBuffer.wrap(text("k" + from)), ByteBuffer.wrap(text("k" + from + "~"))));
            } else {
                ValueCodec codec = CODECS[random.nextInt(CODECS.length)];
                byte[] value = random.nextBoolean() ? words(random.nextInt(4 * CHUNK)) : randomBytes(random.nextInt(3 * CHUNK));
                put(id, key, value, codec, random.nextBoolean() ? "text/plain" : null, null, timestamp, 0);
            }
            if (op % (operations / 3) == 0) {
                flush.run();
            }
        }
    }

    /** An item and, for a stored value larger than a chunk, its chunks, all with one timestamp. */
    private void put(String id, byte[] key, byte[] value, ValueCodec codec, String contentType, Instant expiresAt,
                     long timestamp, int ttl) {
        write(id, key, value, codec, contentType, expiresAt, timestamp, ttl, -1);
    }

    /** {@link #put}, but the chunk {@code lost} (when >= 0) is not written, as when a writer dies half way. */
    private void write(String id, byte[] key, byte[] value, ValueCodec codec, String contentType, Instant expiresAt,
                       long timestamp, int ttl, int lost) {
        byte[] stored = codec.compress(value);
        int chunks = stored.length > CHUNK ? (stored.length + CHUNK - 1) / CHUNK : 0;
        for (int i = 0; i < chunks; i++) {
            if (i != lost) {
                    insertChunkRow(id, key, i, Arrays.copyOfRange(stored, i * CHUNK, Math.min(stored.length, (i + 1) * CHUNK)),
                        timestamp, ttl);
            }
        }
        byte[] metadata = ValueMetadata.of(value, codec, stored, chunks, contentType, expiresAt).encode();
        insertRaw(id, key, chunks == 0 ? stored : null, metadata, timestamp, ttl);
    }

    private void insertRaw(String id, byte[] key, byte[] value, byte[] metadata, long timestamp, int ttl) {
        session.execute(insertItem.bind(id, ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value),
                metadata == null ? null : ByteBuffer.wrap(metadata), timestamp, ttl).setConsistencyLevel(ConsistencyLevel.ONE));
    }

    private void insertChunkRow(String id, byte[] key, int chunk, byte[] bytes, long timestamp, int ttl) {
        session.execute(insertChunk.bind(id, ByteBuffer.wrap(key), chunk, ByteBuffer.wrap(bytes), timestamp, ttl)
                .setConsistencyLevel(ConsistencyLevel.ONE));
    }

    private long tick() {
        clock += 100;
        used.add(clock);
        return clock;
    }

    /** A timestamp before the latest, used by no other write: Cassandra breaks equal timestamps by value, mixing writes. */
    private long older() {
        long timestamp;
        do {
            timestamp = clock - 1 - random.nextInt(1000);
        } while (!used.add(timestamp));
        return timestamp;
    }

    /** Text of random words: compresses a few times over, as JSON and logs do. */
    private byte[] words(int size) {
        StringBuilder text = new StringBuilder(size + 10);
        while (text.length() < size) {
            text.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextInt(1000)).append(' ');
        }
        return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
