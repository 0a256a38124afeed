package io.movedata.runtime.spark;

import java.io.Serializable;
import java.util.List;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.store.S3Requests;

/**
 * What the read of one split did so far: the one count a task reports both as Spark custom metrics
 * ({@link ScanMetric}) and, once the split is read to its end, to a run's {@link ReadMetrics}.
 *
 * @param key table and split index
 * @param sstablesOpened SSTables the split's reader opened (every one of the split's replicas overlapping its range)
 * @param bytesRead the split's planned SSTable bytes
 * @param bytesFetched bytes fetched from the object store (0 when SSTables are read in place)
 * @param tombstonesPurged tombstones and expired cells the merge purged ({@link SplitReader#tombstonesPurged()})
 * @param s3 the split's S3 requests, retries and re-fetches
 */
record SplitStats(String key, long rows, long partitions, long largestPartitionRows, long sstablesOpened,
                  long bytesRead, long bytesFetched, long tombstonesPurged, S3Requests s3) implements Serializable {

    static SplitStats of(ReadPlan plan, ReadSplit split, SplitReader reader) {
        return new SplitStats(plan.request().qualifiedTable() + "#" + split.index(), reader.rowsRead(),
                reader.partitionsRead(), reader.largestPartitionRows(), split.sstables().size(), split.estimatedBytes(),
                reader.bytesFetched(), reader.tombstonesPurged(), reader.s3Requests());
    }

    /** The figures of splits read together (one per co-partitioned table), added up; the largest partition is the largest of theirs. */
    static SplitStats sum(List<SplitStats> splits) {
        return new SplitStats(String.join("+", splits.stream().map(SplitStats::key).toList()),
                splits.stream().mapToLong(SplitStats::rows).sum(), splits.stream().mapToLong(SplitStats::partitions).sum(),
                splits.stream().mapToLong(SplitStats::largestPartitionRows).max().orElse(0),
                splits.stream().mapToLong(SplitStats::sstablesOpened).sum(), splits.stream().mapToLong(SplitStats::bytesRead).sum(),
                splits.stream().mapToLong(SplitStats::bytesFetched).sum(),
                splits.stream().mapToLong(SplitStats::tombstonesPurged).sum(),
                splits.stream().map(SplitStats::s3).reduce(S3Requests.NONE, S3Requests::plus));
    }
}
