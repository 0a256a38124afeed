package io.movedata.runtime.sstable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.metadata.MetadataComponent;
import org.apache.cassandra.io.sstable.metadata.MetadataType;
import org.apache.cassandra.io.sstable.metadata.StatsMetadata;
import org.apache.cassandra.io.util.File;

import io.movedata.runtime.backup.CompressedObjects;
import io.movedata.runtime.backup.ManifestObject;
import io.movedata.runtime.store.ObjectStore;

/**
 * Reads the first and last partition tokens of an SSTable from its small Statistics.db component,
 * so the driver can skip SSTables that cannot hold a split's tokens without fetching their data.
 * Formats before {@code oa} (big) keep no key range there; their SSTables are never skipped.
 */
public final class SSTableBounds {
    private static final String STATISTICS = "Statistics.db";

    private SSTableBounds() {}

    /** {@code sstable} with its token bounds when its format records them; unchanged otherwise. */
    public static SSTableFiles withBounds(ObjectStore store, SSTableFiles sstable, String keyspace, String table,
                                          Path scratch, String where) {
        CassandraOffline.initialize();
        ManifestObject statistics = sstable.components().get(STATISTICS);
        if (statistics == null) {
            return sstable;
        }
        Path directory = scratch.resolve(sstable.node()).resolve(keyspace).resolve(sstable.tableDirectory());
        Path local = null;
        try {
            if (statistics.storedAsIs()) {
                local = store.localCopy(statistics.key(), directory.resolve(statistics.fileName()));
            } else {
                local = directory.resolve(statistics.fileName());
                CompressedObjects.fetch(store, statistics, local);
            }
            Descriptor descriptor = Descriptor.fromFileWithComponent(new File(local), keyspace, table).left;
            if (!descriptor.version.hasKeyRange()) {
                return sstable;
            }
            Map<MetadataType, MetadataComponent> components =
                    descriptor.getMetadataSerializer().deserialize(descriptor, EnumSet.of(MetadataType.STATS));
            StatsMetadata stats = (StatsMetadata) components.get(MetadataType.STATS);
            if (stats == null || stats.firstKey == null || stats.lastKey == null) {
                return sstable;
            }
            long first = Murmur3Partitioner.instance.getToken(stats.firstKey).getLongValue();
            long last = Murmur3Partitioner.instance.getToken(stats.lastKey).getLongValue();
            return sstable.withTokenBounds(first, last);
        } catch (IOException | RuntimeException e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot read " + statistics.key()
                    + ": " + e.getMessage(), e);
        } finally {
            if (local != null && local.startsWith(scratch)) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // scratch space is removed with its directory by the caller
                }
            }
        }
    }
}
