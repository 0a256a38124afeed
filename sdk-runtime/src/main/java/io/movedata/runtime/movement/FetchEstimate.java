package io.movedata.runtime.movement;

import java.math.BigInteger;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.sstable.SSTableFetch;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.StoreLocation;

/**
 * About how many bytes a split's read fetches from the object store, by the rule the executors
 * fetch by ({@link SSTableFetch}). A component fetched whole counts its size, one not fetched
 * (Filter.db) nothing; of a Data.db fetched in chunks or an Index.db fetched in sections, the split
 * counts the share of its bytes that the split's token range holds of the SSTable's first-to-last
 * token span.
 *
 * <p>What this guarantees: when the splits reading an SSTable together cover its tokens (consistency
 * ALL, or one replica per range) their shares add up to at most its Data.db's and Index.db's sizes,
 * while what they fetch covers all of them: the estimate is then at most what a run fetches, and less
 * by no more than what a split's boundaries cut: one CRC chunk, or one compressed chunk, at each end
 * of each split's range in each Data.db (for a range wrapping past the ring's end, also the bytes
 * between its two ends when fewer than {@code DataSections}' merge gap), and about two Summary.db
 * sample intervals of Index.db entries at each end (all of an Index.db whose Summary.db has fewer
 * than three samples or cannot be loaded). A read of chosen partition keys fetches less. A
 * compressed object (Priam) counts its file's size, more than the compressed bytes fetched.
 */
final class FetchEstimate {
    private FetchEstimate() {}

    static long bytes(ReadSplit split, StoreLocation location) {
        long bytes = 0;
        for (SSTableFiles sstable : split.sstables()) {
            SSTableFetch fetch = SSTableFetch.of(sstable, !location.isS3());
            if (fetch == SSTableFetch.IN_PLACE) {
                continue;
            }
            for (var component : sstable.components().entrySet()) {
                bytes += switch (fetch.part(component.getKey())) {
                    case WHOLE -> component.getValue().size();
                    case SECTIONS -> share(split, sstable, component.getValue());
                    case NONE -> 0;
                };
            }
        }
        return bytes;
    }

    /** The bytes of {@code component} in the split's tokens, spread evenly over the SSTable's span (Murmur3 spreads keys evenly). */
    private static long share(ReadSplit split, SSTableFiles sstable, ManifestObject component) {
        long first = sstable.hasTokenBounds() ? sstable.firstToken() : Long.MIN_VALUE + 1;
        long last = sstable.hasTokenBounds() ? sstable.lastToken() : Long.MAX_VALUE;
        BigInteger span = BigInteger.valueOf(last).subtract(BigInteger.valueOf(first)).add(BigInteger.ONE);
        return BigInteger.valueOf(component.size()).multiply(split.range().widthWithin(first, last)).divide(span).longValueExact();
    }
}
