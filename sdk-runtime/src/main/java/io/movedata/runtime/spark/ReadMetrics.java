package io.movedata.runtime.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkContext;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.manifest.SSTableFiles;

/**
 * What the reads of one run did, collected on the driver: the plans (splits, SSTables, replicas
 * chosen) and, through a Spark accumulator executors add to as each split finishes, rows,
 * partitions, bytes read and fetched, and the largest partition. A run registers one under an id and passes
 * the id as the {@value ReadOptions#METRICS_ID} option of every read.
 */
public final class ReadMetrics implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, ReadMetrics> REGISTERED = new ConcurrentHashMap<>();

    private final SplitStatsAccumulator splits = new SplitStatsAccumulator();
    private final transient List<ReadPlan> plans = new ArrayList<>();

    private ReadMetrics(SparkContext context, String id) {
        context.register(splits, id + ".splits");
    }

    /** Creates and registers the metrics of a run on the driver. */
    public static ReadMetrics register(SparkContext context, String id) {
        ReadMetrics metrics = new ReadMetrics(context, id);
        REGISTERED.put(id, metrics);
        return metrics;
    }

    /** Forgets a run's metrics once it has reported them. */
    public static void unregister(String id) {
        REGISTERED.remove(id);
    }

    static ReadMetrics registered(String id) {
        ReadMetrics metrics = REGISTERED.get(id);
        if (metrics == null) {
            throw new IllegalArgumentException("Option '" + ReadOptions.METRICS_ID + "' names '" + id
                    + "', but no read metrics are registered under it in this driver");
        }
        return metrics;
    }

    synchronized void planned(ReadPlan plan) {
        if (!plans.contains(plan)) {
            plans.add(plan);
        }
    }

    /** Called on the executor when a split is read to its end. */
    void splitDone(ReadPlan plan, ReadSplit split, SplitReader reader) {
        splits.add(new SplitStatsAccumulator.SplitStats(plan.request().qualifiedTable() + "#" + split.index(),
                reader.rowsRead(), reader.partitionsRead(), reader.largestPartitionRows(), split.estimatedBytes(),
                reader.bytesFetched()));
    }

    /** The plans of the reads so far. */
    public synchronized List<ReadPlan> plans() {
        return List.copyOf(plans);
    }

    public synchronized int splitsTotal() {
        return plans.stream().mapToInt(p -> p.splits().size()).sum();
    }

    /** Distinct SSTables the plans read. */
    public synchronized int sstables() {
        Set<String> keys = new HashSet<>();
        for (ReadPlan plan : plans) {
            for (ReadSplit split : plan.splits()) {
                for (SSTableFiles files : split.sstables()) {
                    keys.add(files.node() + "/" + files.data().key());
                }
            }
        }
        return keys.size();
    }

    /** Splits read to their end (each counted once, however often Spark ran it). */
    public long splitsDone() {
        return splits.value().size();
    }

    public long rows() {
        return sum(SplitStatsAccumulator.SplitStats::rows);
    }

    public long partitions() {
        return sum(SplitStatsAccumulator.SplitStats::partitions);
    }

    /** Bytes fetched from the object store (0 when SSTables are read in place from a local directory). */
    public long bytesFetched() {
        return sum(SplitStatsAccumulator.SplitStats::bytesFetched);
    }

    /** SSTable bytes of the splits read so far (their planned share of each SSTable). */
    public long bytesRead() {
        return sum(SplitStatsAccumulator.SplitStats::bytesRead);
    }

    public long largestPartitionRows() {
        return splits.value().stream().mapToLong(SplitStatsAccumulator.SplitStats::largestPartitionRows).max().orElse(0);
    }

    private long sum(java.util.function.ToLongFunction<SplitStatsAccumulator.SplitStats> field) {
        return splits.value().stream().mapToLong(field).sum();
    }
}
