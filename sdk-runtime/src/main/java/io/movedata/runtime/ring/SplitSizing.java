package io.movedata.runtime.ring;

import java.io.Serializable;
import java.util.Locale;

/**
 * How big a read's splits are: a size the user chose ({@code splitSizeMB}), or sized to the cores
 * Spark has, so that every core stays busy through the tail of the job.
 *
 * <p>Auto: {@code bytes read / (SPLITS_PER_CORE x cores)}, kept between {@link #MIN_AUTO_BYTES}
 * (below it a split's set-up, opening and fetching its SSTables' components, outweighs its reading)
 * and {@link #MAX_AUTO_BYTES} (the size of a fixed split before sizing was automatic). Several
 * splits per core let a core that finishes early take work from the others.
 *
 * @param fixedBytes the chosen bytes per split, or 0 for auto
 * @param cores the cores Spark runs tasks on, for auto (at least 1)
 */
public record SplitSizing(long fixedBytes, int cores) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long MIB = 1024L * 1024;
    public static final int SPLITS_PER_CORE = 4;
    public static final long MIN_AUTO_BYTES = 32 * MIB;
    public static final long MAX_AUTO_BYTES = 256 * MIB;

    public SplitSizing {
        if (fixedBytes < 0 || cores < 1) {
            throw new IllegalArgumentException("expected bytes >= 0 and cores >= 1, found " + fixedBytes + " and " + cores);
        }
    }

    public static SplitSizing fixed(long bytesPerSplit) {
        if (bytesPerSplit <= 0) {
            throw new IllegalArgumentException("bytes per split must be positive, found " + bytesPerSplit);
        }
        return new SplitSizing(bytesPerSplit, 1);
    }

    public static SplitSizing auto(int cores) {
        return new SplitSizing(0, cores);
    }

    public boolean isAuto() {
        return fixedBytes == 0;
    }

    /**
     * The target bytes per split, in {@link SplitPlanner}'s unit: its estimate counts every
     * replica's copy, while a read merges {@code merged} of a range's {@code replicas}, so auto
     * sizing counts the bytes a split reads and converts back.
     *
     * @param estimatedBytes the planner's estimate of the table(s), every replica's copy
     */
    public long targetBytes(long estimatedBytes, int merged, int replicas) {
        if (!isAuto()) {
            return fixedBytes;
        }
        if (merged < 1 || replicas < merged) {
            throw new IllegalArgumentException("expected 1 <= merged <= replicas, found " + merged + " of " + replicas);
        }
        long read = estimatedBytes / replicas * merged;
        long perSplit = Math.max(MIN_AUTO_BYTES, Math.min(MAX_AUTO_BYTES, read / ((long) SPLITS_PER_CORE * cores)));
        return perSplit / merged * replicas;
    }

    /** For the plan's log line and the report: "auto for 2 cores" or "fixed". */
    public String describe() {
        return isAuto() ? String.format(Locale.ROOT, "auto for %d cores", cores) : "fixed";
    }
}
