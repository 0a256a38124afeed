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
     * Big-format SSTables stored as is: of Data.db only the checksummed chunks holding the split's
     * partitions ({@link DataSections}), of Index.db only the sections locating them, found through
     * Summary.db ({@link IndexSections}), Filter.db not at all (an offline open never reads it), the
     * other components whole.
     */
    SECTIONS;

    /** How much of one component a split fetches. */
    public enum Part {
        WHOLE,
        /** The bytes of the split's tokens only. */
        SECTIONS,
        NONE
    }

    private static final String BIG_FORMAT_SUFFIX = "-big";
    private static final String FILTER = "Filter.db";

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
        return sstable.name().endsWith(BIG_FORMAT_SUFFIX) ? SECTIONS : WHOLE;
    }

    /** How much of {@code component} (e.g. {@code Data.db}) a split fetches. */
    public Part part(String component) {
        if (this == IN_PLACE) {
            return Part.NONE;
        }
        if (this == WHOLE) {
            return Part.WHOLE;
        }
        return switch (component) {
            case SSTableFiles.DATA, IndexSections.INDEX -> Part.SECTIONS;
            case FILTER -> Part.NONE;
            default -> Part.WHOLE;
        };
    }
}
