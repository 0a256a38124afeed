package io.movedata.runtime.sstable;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.utils.concurrent.Ref;

/**
 * Readers of SSTables that are read in place (a local store), kept open across the tasks of a JVM.
 * Splits of one table read the same SSTables one after the other; closing a reader makes
 * cassandra-all drop the file from the page cache and the next split would read it from disk
 * again. Tasks hold a {@link Ref} while they read; the least recently used readers beyond
 * {@link #CAPACITY} are released.
 */
final class SharedReaders {
    static final int CAPACITY = 128;

    private record Key(Path data, long size, long lastModified, TableMetadata metadata) {}

    private static final Map<Key, SSTableReader> OPEN = new LinkedHashMap<>(16, 0.75f, true);

    private SharedReaders() {}

    /** A reference to the shared reader of {@code data} opened with {@code metadata}; the caller releases it. */
    static synchronized Ref<SSTableReader> acquire(Path data, long size, long lastModified, TableMetadata metadata,
                                                   Supplier<SSTableReader> opener) {
        Key key = new Key(data, size, lastModified, metadata);
        SSTableReader reader = OPEN.get(key);
        if (reader != null) {
            Ref<SSTableReader> ref = reader.tryRef();
            if (ref != null) {
                return ref;
            }
            OPEN.remove(key);
        }
        reader = opener.get();
        Ref<SSTableReader> ref = reader.ref();
        OPEN.put(key, reader);
        for (Iterator<SSTableReader> eldest = OPEN.values().iterator(); OPEN.size() > CAPACITY; ) {
            eldest.next().selfRef().release();
            eldest.remove();
        }
        return ref;
    }
}
