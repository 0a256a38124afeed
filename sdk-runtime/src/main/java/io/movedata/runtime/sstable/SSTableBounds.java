package io.movedata.runtime.sstable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.cassandra.db.SerializationHeader;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.metadata.MetadataComponent;
import org.apache.cassandra.io.sstable.metadata.MetadataType;
import org.apache.cassandra.io.sstable.metadata.StatsMetadata;
import org.apache.cassandra.io.util.File;

import io.movedata.runtime.manifest.CompressedObjects;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ObjectChecksums;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;

/**
 * Reads what the driver needs from an SSTable's small Statistics.db component: the first and last
 * partition tokens, so it can skip SSTables that cannot hold a split's tokens without fetching
 * their data, and the columns of its serialization header, so it can tell which columns were
 * dropped before the backup ({@link DroppedColumns}). Formats before {@code oa} (big) keep no key
 * range there; their SSTables are never skipped. Statistics.db is checked against the MD5 the
 * backup lists before anything in it is used: a wrong one would send the SSTable to wrong splits.
 */
public final class SSTableBounds {
    static final String STATISTICS = "Statistics.db";

    private SSTableBounds() {}

    /**
     * @param sstable the SSTable, with its token bounds when its format records them
     * @param columns the static and regular columns its serialization header names; empty when it
     *     has no Statistics.db
     */
    public record Statistics(SSTableFiles sstable, List<HeaderColumn> columns) {}

    /** {@code sstable}'s token bounds and header columns. */
    public static Statistics read(ObjectStore store, SSTableFiles sstable, String keyspace, String table,
                                  Path scratch, String where) {
        CassandraOffline.initialize();
        ManifestObject statistics = sstable.components().get(STATISTICS);
        if (statistics == null) {
            return new Statistics(sstable, List.of());
        }
        Path directory = scratch.resolve(sstable.node()).resolve(keyspace).resolve(sstable.tableDirectory());
        Path local = null;
        try {
            ContentDigest digest;
            Optional<Path> inPlace = statistics.storedAsIs() ? store.localFile(statistics.key()) : Optional.empty();
            if (inPlace.isPresent()) {
                local = inPlace.get();
                digest = ContentDigest.of(local);
            } else {
                local = directory.resolve(statistics.fileName());
                digest = new ContentDigest();
                if (statistics.storedAsIs()) {
                    store.download(statistics.key(), local, digest);
                } else {
                    CompressedObjects.fetch(store, statistics, local, digest);
                }
            }
            ObjectChecksums.md5Mismatch(store, sstable.node(), statistics, digest)
                    .ifPresent(problem -> SSTableIntegrity.fail(where, problem));
            Descriptor descriptor = Descriptor.fromFileWithComponent(new File(local), keyspace, table).left;
            Map<MetadataType, MetadataComponent> components = descriptor.getMetadataSerializer()
                    .deserialize(descriptor, EnumSet.of(MetadataType.STATS, MetadataType.HEADER));
            List<HeaderColumn> columns = columns((SerializationHeader.Component) components.get(MetadataType.HEADER));
            StatsMetadata stats = (StatsMetadata) components.get(MetadataType.STATS);
            if (!descriptor.version.hasKeyRange() || stats == null || stats.firstKey == null || stats.lastKey == null) {
                return new Statistics(sstable, columns);
            }
            long first = Murmur3Partitioner.instance.getToken(stats.firstKey).getLongValue();
            long last = Murmur3Partitioner.instance.getToken(stats.lastKey).getLongValue();
            return new Statistics(sstable.withTokenBounds(first, last), columns);
        } catch (IntegrityException e) {
            throw e;
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

    private static List<HeaderColumn> columns(SerializationHeader.Component header) {
        if (header == null) {
            return List.of();
        }
        List<HeaderColumn> columns = new ArrayList<>();
        header.getStaticColumns().forEach((name, type) ->
                columns.add(new HeaderColumn(UTF8Type.instance.getString(name), type.toString(), true)));
        header.getRegularColumns().forEach((name, type) ->
                columns.add(new HeaderColumn(UTF8Type.instance.getString(name), type.toString(), false)));
        return List.copyOf(columns);
    }
}
