package io.movedata.runtime.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;

import io.movedata.runtime.sstable.OpenedSSTables;
import io.movedata.runtime.sstable.ReadColumn;
import io.movedata.runtime.sstable.ReadScope;
import io.movedata.runtime.sstable.TableDefinition;
import io.movedata.runtime.sstable.TokenKey;
import io.movedata.runtime.sstable.TokenRangeScan;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.S3RequestCounters;
import io.movedata.runtime.store.S3Requests;

/**
 * Executor side of a read: fetches a split's SSTables into a task-local directory, streams the
 * merged rows, and deletes the files when closed.
 */
public final class SplitReader implements Iterator<InternalRow>, AutoCloseable {
    private final S3RequestCounters s3 = new S3RequestCounters();
    private final OpenedSSTables sstables;
    private final TokenRangeScan scan;

    /**
     * @param columns the columns to produce, a subset of the plan's
     * @param localDirectory parent directory for the task's fetched files
     */
    public SplitReader(ReadPlan plan, ReadSplit split, List<ReadColumn> columns, Path localDirectory) {
        ReadRequest request = plan.request();
        String where = plan.backup() + " table " + request.qualifiedTable() + " " + split.describe();
        TableDefinition table = plan.table();
        Path workDirectory = createWorkDirectory(localDirectory, split);
        ReadScope scope;
        if (split.partitionKeys() == null) {
            scope = ReadScope.ranges(List.of(split.range()));
        } else {
            List<ByteBuffer> keys = new ArrayList<>();
            for (byte[] key : split.partitionKeys()) {
                keys.add(ByteBuffer.wrap(key));
            }
            scope = ReadScope.keys(keys);
        }
        this.sstables = table.open(ObjectStores.shared(request.location()).countingInto(s3), split.sstables(), scope, workDirectory, where);
        try {
            this.scan = table.scan(sstables, columns, request.decimal(), scope, plan.nowInSeconds(), where);
        } catch (RuntimeException e) {
            sstables.close();
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        return scan.hasNext();
    }

    @Override
    public InternalRow next() {
        return scan.next();
    }

    /** The partition of the row {@link #next} returned last: co-partitioned tables' readers merge by it. */
    public TokenKey position() {
        return scan.position();
    }

    public long rowsRead() {
        return scan.rowsRead();
    }

    /** Bytes fetched from a remote store for this split. */
    public long bytesFetched() {
        return sstables.bytesFetched();
    }

    /** The S3 requests this split made so far (none when SSTables are read from a local directory). */
    public S3Requests s3Requests() {
        return s3.figures();
    }

    public long partitionsRead() {
        return scan.partitionsRead();
    }

    public long largestPartitionRows() {
        return scan.largestPartitionRows();
    }

    /** Tombstones and expired cells the merge purged so far ({@link TokenRangeScan#tombstonesPurged()}). */
    public long tombstonesPurged() {
        return scan.tombstonesPurged();
    }

    @Override
    public void close() {
        try {
            scan.close();
        } finally {
            sstables.close();
        }
    }

    private static Path createWorkDirectory(Path parent, ReadSplit split) {
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "movedata-split-" + split.index() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory under " + parent + " for " + split.describe(), e);
        }
    }
}
