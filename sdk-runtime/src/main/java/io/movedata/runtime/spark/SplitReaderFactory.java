package io.movedata.runtime.spark;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.sstable.ReadColumn;

/**
 * Shipped to executors: the plan (without its splits), the columns to produce, where to fetch files,
 * and the run's metrics (null when none are collected).
 */
record SplitReaderFactory(ReadPlan plan, List<ReadColumn> columns, String localDirectory, ReadMetrics metrics)
        implements PartitionReaderFactory {

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        ReadSplit split = ((SplitPartition) partition).split();
        SplitReader reader = new SplitReader(plan, split, columns, Path.of(localDirectory));
        return new PartitionReader<>() {
            private InternalRow current;
            private boolean counted;

            @Override
            public boolean next() {
                if (!reader.hasNext()) {
                    if (metrics != null && !counted) {
                        counted = true;
                        metrics.splitDone(SplitStats.of(plan, split, reader));
                    }
                    return false;
                }
                current = reader.next();
                return true;
            }

            @Override
            public InternalRow get() {
                return current;
            }

            /** Spark asks every so many rows and at the end; the figures are the split's totals so far. */
            @Override
            public CustomTaskMetric[] currentMetricsValues() {
                return ScanMetric.values(SplitStats.of(plan, split, reader));
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }
}
