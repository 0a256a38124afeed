package io.movedata.runtime.sstable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.db.PartitionPosition;
import org.apache.cassandra.dht.AbstractBounds;
import org.apache.cassandra.dht.Bounds;
import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.dht.Range;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.io.sstable.ISSTableScanner;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.utils.Pair;

import io.movedata.runtime.ring.TokenRange;

/**
 * What part of the ring a task reads: token ranges, or a few partition keys. It gives both the
 * scanners and the byte positions in Data.db the scanners will touch, so only those are fetched.
 */
public final class ReadScope {
    private final List<Range<Token>> ranges;
    private final List<DecoratedKey> keys;

    private ReadScope(List<Range<Token>> ranges, List<DecoratedKey> keys) {
        this.ranges = ranges;
        this.keys = keys;
    }

    /** Every partition of the token ranges (wrapping ranges allowed). */
    public static ReadScope ranges(List<TokenRange> tokenRanges) {
        List<Range<Token>> result = new ArrayList<>();
        for (TokenRange range : tokenRanges) {
            for (TokenRange piece : range.unwrap()) {
                result.add(new Range<>(new Murmur3Partitioner.LongToken(piece.start()), new Murmur3Partitioner.LongToken(piece.end())));
            }
        }
        return new ReadScope(Range.normalize(result), null);
    }

    /** Only these serialized partition keys. */
    public static ReadScope keys(List<ByteBuffer> partitionKeys) {
        List<DecoratedKey> decorated = new ArrayList<>();
        for (ByteBuffer key : partitionKeys) {
            DecoratedKey d = Murmur3Partitioner.instance.decorateKey(key);
            if (!decorated.contains(d)) {
                decorated.add(d);
            }
        }
        decorated.sort(Comparator.naturalOrder());
        return new ReadScope(null, decorated);
    }

    ISSTableScanner scanner(SSTableReader reader) {
        return keys == null ? reader.getScanner(ranges) : reader.getScanner(bounds());
    }

    /** The sections of Data.db (uncompressed positions) the scanner will read. */
    List<SSTableReader.PartitionPositionBounds> positions(SSTableReader reader) {
        return keys == null ? reader.getPositionsForRanges(ranges) : reader.getPositionsForBoundsIterator(bounds());
    }

    /**
     * Each part of the scope as the lowest and highest partition position a scan of it looks up, in
     * the scanners' own terms; a null highest position reads to the end of the SSTable (a range up to
     * the ring's end).
     */
    List<Pair<PartitionPosition, PartitionPosition>> extents() {
        List<Pair<PartitionPosition, PartitionPosition>> extents = new ArrayList<>();
        if (keys != null) {
            for (DecoratedKey key : keys) {
                extents.add(Pair.create(key, key));
            }
            return extents;
        }
        for (Range<Token> range : ranges) {
            extents.add(Pair.create(range.left.maxKeyBound(), range.right.isMinimum() ? null : range.right.maxKeyBound()));
        }
        return extents;
    }

    private java.util.Iterator<AbstractBounds<PartitionPosition>> bounds() {
        List<AbstractBounds<PartitionPosition>> bounds = new ArrayList<>();
        for (DecoratedKey key : keys) {
            bounds.add(new Bounds<>(key, key));
        }
        return bounds.iterator();
    }
}
