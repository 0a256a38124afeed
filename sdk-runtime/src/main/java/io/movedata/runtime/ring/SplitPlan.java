package io.movedata.runtime.ring;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of {@link SplitPlanner#plan}: the splits, which cover the token ring exactly once,
 * and the figures a job needs to size itself.
 *
 * @param splits               the splits in ring order
 * @param primaryRangeCount    non-empty primary ranges the splits were cut from
 * @param totalEstimatedBytes  sum of the splits' estimates
 * @param targetBytesPerSplit  the size splits were cut to
 * @param suggestedExecutors   how many executors keep every one busy; see
 *                             {@link SplitPlanner#suggestedExecutors(long, long, int)}
 */
public record SplitPlan(List<PlannedSplit> splits, int primaryRangeCount, long totalEstimatedBytes,
                        long targetBytesPerSplit, int suggestedExecutors) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SplitPlan {
        Objects.requireNonNull(splits, "splits");
        splits = List.copyOf(splits);
    }

    public int splitCount() {
        return splits.size();
    }

    /** One line for the job log, e.g. "48 splits from 16 primary ranges, ~5.6 GiB ...". */
    public String describe() {
        return String.format(Locale.ROOT,
                "%d splits from %d primary ranges, ~%s estimated (all replicas), target %s per split,"
                        + " suggested executors %d",
                splitCount(), primaryRangeCount, humanBytes(totalEstimatedBytes),
                humanBytes(targetBytesPerSplit), suggestedExecutors);
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
