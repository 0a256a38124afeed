package io.movedata.runtime.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.apache.spark.SparkContext;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.S3Requests;

/**
 * What the reads of one run did, collected on the driver: the plans (splits, SSTables, replicas
 * chosen) and, through a Spark accumulator executors add to as each split finishes, the split's
 * {@link SplitStats} (the figures its task also reports as Spark custom metrics): rows,
 * partitions, bytes read and fetched, tombstones purged, the largest partition, and S3 requests. A run creates
 * one and hands it to each of its reads in their {@link BackupRead}.
 */
public final class ReadMetrics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SplitStatsAccumulator splits = new SplitStatsAccumulator();
    private final transient List<ReadPlan> plans = new ArrayList<>();

    /** Creates the metrics of a run on the driver; {@code name} names its accumulator in Spark's UI. */
    public ReadMetrics(SparkContext context, String name) {
        context.register(splits, name + ".splits");
    }

    synchronized void planned(ReadPlan plan) {
        if (!plans.contains(plan)) {
            plans.add(plan);
        }
    }

    /** Called on the executor when a split is read to its end. */
    void splitDone(SplitStats stats) {
        splits.add(stats);
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

    /**
     * Split reads finished, each execution counted: equal to {@link #splitsDone} when every split
     * was read once, more when Spark read one again (a retried task, or a second write reading the
     * backup rather than a kept copy).
     */
    public long splitReads() {
        return splits.executions();
    }

    public long rows() {
        return sum(SplitStats::rows);
    }

    public long partitions() {
        return sum(SplitStats::partitions);
    }

    /** Bytes fetched from the object store (0 when SSTables are read in place from a local directory). */
    public long bytesFetched() {
        return sum(SplitStats::bytesFetched);
    }

    /** SSTable bytes of the splits read so far (their planned share of each SSTable). */
    public long bytesRead() {
        return sum(SplitStats::bytesRead);
    }

    /** Tombstones and expired cells the merge purged ({@link SplitStats#tombstonesPurged()}). */
    public long tombstonesPurged() {
        return sum(SplitStats::tombstonesPurged);
    }

    /** The splits' S3 requests, retries and re-fetches (each split's last execution, like the other figures). */
    public S3Requests s3() {
        return splits.value().stream().map(SplitStats::s3).reduce(S3Requests.NONE, S3Requests::plus);
    }

    public long largestPartitionRows() {
        return splits.value().stream().mapToLong(SplitStats::largestPartitionRows).max().orElse(0);
    }

    private long sum(ToLongFunction<SplitStats> field) {
        return splits.value().stream().mapToLong(field).sum();
    }
}
