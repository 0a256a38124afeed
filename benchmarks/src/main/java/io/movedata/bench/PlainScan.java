package io.movedata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.cassandra.db.Clustering;
import org.apache.cassandra.db.partitions.PartitionIterator;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterator;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterators;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.CellPath;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.db.rows.RowIterator;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.schema.TableMetadata;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.ring.TokenRange;
import io.movedata.runtime.sstable.BackupSchema;
import io.movedata.runtime.sstable.CassandraOffline;
import io.movedata.runtime.sstable.OpenedSSTables;
import io.movedata.runtime.sstable.ReadScope;
import io.movedata.runtime.store.ObjectStore;

/**
 * The floor: what cassandra-all alone does with the same SSTables, single-threaded and without
 * Spark. Every SSTable of every node is opened the way the runtime opens them, scanned whole,
 * merged ({@link UnfilteredPartitionIterators#merge}) and purged at the backup's reference time
 * ({@link UnfilteredPartitionIterators#filter}); every cell of every row is touched (its value and
 * path bytes are summed) so nothing is skipped lazily.
 */
final class PlainScan implements AutoCloseable {
    private final OpenedSSTables sstables;
    private final long nowInSec;

    /** Result of one scan: partitions, rows, and the bytes of keys, clusterings and cells touched. */
    record Result(long partitions, long rows, long touchedBytes, long checksum) {}

    PlainScan(ObjectStore store, ClusterBackup backup, String keyspace, String table, Path workDirectory) {
        CassandraOffline.initialize();
        String where = backup.describe();
        TableMetadata metadata = BackupSchema.table(backup.schemaCql(), keyspace, table, where);
        List<SSTableFiles> files = new ArrayList<>();
        for (NodeBackup node : backup.nodes().values()) {
            ManifestTable manifest = node.table(keyspace, table).orElse(null);
            if (manifest != null) {
                files.addAll(SSTableFiles.fromManifest(node.fqdn(), manifest, backup.describe(node.fqdn())));
            }
        }
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sstables = OpenedSSTables.open(store, metadata, files, ReadScope.ranges(List.of(TokenRange.fullRing())), workDirectory, where);
        this.nowInSec = backup.referenceTime().getEpochSecond();
    }

    int sstableCount() {
        return sstables.readers().size();
    }

    /** Accumulators of the running scan (fields, so touching a cell allocates nothing). */
    private long bytes;
    private long checksum;

    Result scan() {
        List<UnfilteredPartitionIterator> scanners = new ArrayList<>();
        for (SSTableReader reader : sstables.readers()) {
            scanners.add(reader.getScanner());
        }
        long partitions = 0;
        long rows = 0;
        bytes = 0;
        checksum = 0;
        try (PartitionIterator merged = UnfilteredPartitionIterators.filter(
                UnfilteredPartitionIterators.merge(scanners, UnfilteredPartitionIterators.MergeListener.NOOP), nowInSec)) {
            while (merged.hasNext()) {
                try (RowIterator partition = merged.next()) {
                    partitions++;
                    bytes += partition.partitionKey().getKey().remaining();
                    Row statics = partition.staticRow();
                    if (!statics.isEmpty()) {
                        touch(statics);
                    }
                    while (partition.hasNext()) {
                        Row row = partition.next();
                        rows++;
                        Clustering<?> clustering = row.clustering();
                        for (int i = 0; i < clustering.size(); i++) {
                            ByteBuffer value = clustering.bufferAt(i);
                            if (value != null) {
                                bytes += value.remaining();
                            }
                        }
                        touch(row);
                    }
                }
            }
        }
        return new Result(partitions, rows, bytes, checksum);
    }

    /** Every cell value and path of a row: their sizes, and one byte and the timestamp of each value. */
    private void touch(Row row) {
        for (ColumnData data : row) {
            if (data instanceof ComplexColumnData complex) {
                for (Cell<?> cell : complex) {
                    CellPath path = cell.path();
                    for (int i = 0; path != null && i < path.size(); i++) {
                        bytes += path.get(i).remaining();
                    }
                    cell(cell);
                }
            } else {
                cell((Cell<?>) data);
            }
        }
    }

    private void cell(Cell<?> cell) {
        ByteBuffer value = cell.buffer();
        int size = value.remaining();
        bytes += size;
        checksum += cell.timestamp() + (size == 0 ? 0 : value.get(value.position() + size - 1));
    }

    @Override
    public void close() {
        sstables.close();
    }
}
