package io.movedata.runtime.movement;

import io.movedata.runtime.backup.ManifestObject;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.sstable.SSTableFiles;
import io.movedata.runtime.store.StoreLocation;

/**
 * About how many bytes a split's read fetches from the object store, as the executors fetch them:
 * a local directory is read in place unless its objects are compressed; otherwise every component
 * is fetched whole, except a big-format Data.db stored as is, of which only the split's share is.
 */
final class FetchEstimate {
    private static final String BIG_FORMAT_SUFFIX = "-big";

    private FetchEstimate() {}

    static long bytes(ReadSplit split, StoreLocation location) {
        long dataBytes = split.sstables().stream().mapToLong(SSTableFiles::dataSize).sum();
        long bytes = 0;
        for (SSTableFiles sstable : split.sstables()) {
            boolean storedAsIs = sstable.components().values().stream().allMatch(ManifestObject::storedAsIs);
            if (!location.isS3() && storedAsIs) {
                continue;
            }
            for (var component : sstable.components().entrySet()) {
                boolean partial = component.getKey().equals(SSTableFiles.DATA) && storedAsIs
                        && sstable.name().endsWith(BIG_FORMAT_SUFFIX);
                long size = component.getValue().size();
                // The split's share of this Data.db: its estimated bytes, spread over its SSTables by size.
                bytes += partial && dataBytes > 0 ? (long) ((double) size / dataBytes * split.estimatedBytes()) : size;
            }
        }
        return bytes;
    }
}
