package io.movedata.runtime.sstable;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.SSTableFiles;

/**
 * Which bytes of an SSTable a split's read fetches from the object store: the one rule
 * {@link OpenedSSTables} reads by and a dry run estimates by.
 */
public enum SSTableFetch {
    /** Stored as is in a local directory: opened where it lies, nothing fetched. */
    IN_PLACE,
    /**
     * Every component fetched whole: compressed objects (Priam's SNAPPY, LZ4), whose bytes are not
     * the file's, and bti-format SSTables, whose tries need Data.db itself to resolve a key.
     */
    WHOLE,
    /**
     * Every component fetched whole except Data.db, of which only the checksummed chunks holding the
     * split's partitions are ({@link DataSections}): big-format SSTables stored as is, whose Index.db
     * alone locates partitions in Data.db.
     */
    DATA_IN_CHUNKS;

    private static final String BIG_FORMAT_SUFFIX = "-big";

    /**
     * How a split reads {@code sstable}.
     *
     * @param local whether the store is a local directory, whose files can be opened in place
     */
    public static SSTableFetch of(SSTableFiles sstable, boolean local) {
        if (!sstable.components().values().stream().allMatch(ManifestObject::storedAsIs)) {
            return WHOLE;
        }
        if (local) {
            return IN_PLACE;
        }
        return sstable.name().endsWith(BIG_FORMAT_SUFFIX) ? DATA_IN_CHUNKS : WHOLE;
    }

    /** Whether {@code component} (e.g. {@code Data.db}) is fetched whole. */
    public boolean fetchesWhole(String component) {
        return this == WHOLE || this == DATA_IN_CHUNKS && !component.equals(SSTableFiles.DATA);
    }
}
