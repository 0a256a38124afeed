package io.movedata.runtime.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.util.AccumulatorV2;

/**
 * What each split did, keyed by table and split. Spark may run a split more than once (a retried or
 * speculative task, a second job over the same frame); keying by split counts each once, where a
 * sum would count every execution. The executions are counted too: more than the splits means
 * the backup was read more than once.
 */
final class SplitStatsAccumulator extends AccumulatorV2<SplitStats, List<SplitStats>> {
    private static final long serialVersionUID = 1L;

    private final Map<String, SplitStats> splits = new HashMap<>();
    private long executions;

    @Override
    public synchronized boolean isZero() {
        return splits.isEmpty();
    }

    @Override
    public synchronized AccumulatorV2<SplitStats, List<SplitStats>> copy() {
        SplitStatsAccumulator copy = new SplitStatsAccumulator();
        copy.splits.putAll(splits);
        copy.executions = executions;
        return copy;
    }

    @Override
    public synchronized void reset() {
        splits.clear();
        executions = 0;
    }

    @Override
    public synchronized void add(SplitStats stats) {
        splits.put(stats.key(), stats);
        executions++;
    }

    @Override
    public synchronized void merge(AccumulatorV2<SplitStats, List<SplitStats>> other) {
        for (SplitStats stats : other.value()) {
            splits.put(stats.key(), stats);
        }
        executions += ((SplitStatsAccumulator) other).executions();
    }

    /** Split reads to their end, every execution counted (only successful tasks' are merged). */
    synchronized long executions() {
        return executions;
    }

    @Override
    public synchronized List<SplitStats> value() {
        return List.copyOf(splits.values());
    }
}
