package io.movedata.runtime.sstable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.cassandra.db.partitions.PartitionIterator;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterator;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterators;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.db.rows.RowIterator;
import org.apache.cassandra.db.transform.Transformation;
import org.apache.cassandra.io.sstable.CorruptSSTableException;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.spark.sql.catalyst.InternalRow;

import io.movedata.runtime.manifest.SSTableFiles;

/**
 * Streams the rows {@code SELECT *} would return for some token ranges of a table, from the
 * SSTables of the chosen replicas: cassandra-all merges all of them (last write wins, tombstones
 * and deletions applied) and purges at the reference time, counting the tombstones it purges
 * ({@link PurgedTombstones}); rows then become Spark rows one at a time. Nothing holds a whole
 * partition.
 */
public final class TokenRangeScan implements Iterator<InternalRow>, AutoCloseable {
    private final TableMetadata metadata;
    private final OpenedSSTables sstables;
    private final RowAssembler assembler;
    private final String where;
    private final PurgedTombstones purged;
    private final PartitionIterator partitions;
    private long partitionsRead;
    private long rowsRead;
    private long rowsInPartition;
    private long largestPartitionRows;

    private RowIterator partition;
    private TokenKey partitionPosition;
    private boolean partitionHadRows;
    private InternalRow next;
    private TokenKey position;

    /**
     * @param scope the token ranges or partition keys to read
     * @param nowInSec the reference time R in seconds: cells that expired by then are gone
     * @param where names the backup and split in error messages
     */
    public TokenRangeScan(TableMetadata metadata, OpenedSSTables sstables, List<ReadColumn> columns,
                          SparkTypes.DecimalSpec decimal, ReadScope scope, long nowInSec, String where) {
        this.metadata = metadata;
        this.sstables = sstables;
        this.where = where;
        this.assembler = new RowAssembler(metadata, columns, decimal, nowInSec);
        List<UnfilteredPartitionIterator> scanners = new ArrayList<>();
        for (SSTableReader reader : sstables.readers()) {
            scanners.add(scope.scanner(reader));
        }
        this.purged = new PurgedTombstones(nowInSec);
        this.partitions = scanners.isEmpty() ? null
                : UnfilteredPartitionIterators.filter(Transformation.apply(
                        UnfilteredPartitionIterators.merge(scanners, UnfilteredPartitionIterators.MergeListener.NOOP), purged), nowInSec);
    }

    /** Partitions seen so far. */
    public long partitionsRead() {
        return partitionsRead;
    }

    /** Rows produced so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Rows of the largest partition seen so far. */
    public long largestPartitionRows() {
        return largestPartitionRows;
    }

    /** Tombstones and expired cells purged so far, as {@link PurgedTombstones} counts them. */
    public long tombstonesPurged() {
        return purged.count();
    }

    /** The partition of the row {@link #next} returned last. */
    public TokenKey position() {
        return position;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            next = advance();
        } catch (CorruptSSTableException e) {
            throw new SSTableReadException(where + ": corrupt SSTable file " + describe(e.path.toString()) + ": "
                    + rootMessage(e), e);
        } catch (RuntimeException e) {
            if (e instanceof SSTableReadException || e instanceof SchemaException) {
                throw e;
            }
            throw new SSTableReadException(where + ": cannot read " + describeAll() + ": " + rootMessage(e), e);
        }
        return next != null;
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InternalRow row = next;
        next = null;
        position = partitionPosition;
        rowsRead++;
        largestPartitionRows = Math.max(largestPartitionRows, ++rowsInPartition);
        return row;
    }

    /** The next row, of the partition at {@link #partitionPosition}; null at the end. */
    private InternalRow advance() {
        while (true) {
            if (partition != null) {
                if (partition.hasNext()) {
                    partitionHadRows = true;
                    Row row = partition.next();
                    return assembler.assemble(partition.partitionKey(), partition.staticRow(), row);
                }
                RowIterator finished = partition;
                partition = null;
                finished.close();
                // SELECT * returns a partition with static values but no rows as one row of nulls
                // for the clustering and regular columns.
                if (!partitionHadRows && !finished.staticRow().isEmpty()) {
                    return assembler.assemble(finished.partitionKey(), finished.staticRow(), null);
                }
            }
            if (partitions == null || !partitions.hasNext()) {
                return null;
            }
            partition = partitions.next();
            partitionPosition = new TokenKey(partition.partitionKey());
            partitionHadRows = false;
            partitionsRead++;
            rowsInPartition = 0;
        }
    }

    private String describe(String localPath) {
        for (SSTableFiles files : sstables.files()) {
            for (var object : files.components().values()) {
                if (localPath.endsWith(object.fileName()) && localPath.contains(files.node())) {
                    return object.key() + " of node '" + files.node() + "'";
                }
            }
        }
        return localPath;
    }

    private String describeAll() {
        List<String> names = new ArrayList<>();
        for (SSTableFiles files : sstables.files()) {
            names.add(files.node() + ":" + files.data().key());
        }
        return "SSTables " + names + " of " + metadata;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            sb.append(" <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (partition != null) {
            partition.close();
        }
        if (partitions != null) {
            partitions.close();
        }
    }
}
