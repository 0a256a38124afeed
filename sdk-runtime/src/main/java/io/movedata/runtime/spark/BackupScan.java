package io.movedata.runtime.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.sstable.ReadColumn;

/** A planned read: one Spark partition per split; executors read, the driver only plans. */
final class BackupScan implements Scan, Batch, SupportsReportStatistics {
    private final BackupRead read;
    private final StructType requiredSchema;
    private final List<List<Object>> keyValues;
    private ReadPlan plan;

    BackupScan(BackupRead read, StructType requiredSchema, List<List<Object>> keyValues) {
        this.read = read;
        this.requiredSchema = requiredSchema;
        this.keyValues = keyValues;
    }

    @Override
    public StructType readSchema() {
        return requiredSchema;
    }

    @Override
    public String description() {
        ReadRequest request = read.request();
        return "cassandra-backup " + request.location() + " " + request.qualifiedTable() + " " + request.consistency()
                + (keyValues == null ? "" : " partition keys " + keyValues);
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    /** The SSTable bytes the plan reads; the row count is unknown (the plan has no row estimates). */
    @Override
    public Statistics estimateStatistics() {
        long bytes = plan().totalBytes();
        return new Statistics() {
            @Override
            public OptionalLong sizeInBytes() {
                return OptionalLong.of(bytes);
            }

            @Override
            public OptionalLong numRows() {
                return OptionalLong.empty();
            }
        };
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return ScanMetric.supported();
    }

    @Override
    public InputPartition[] planInputPartitions() {
        ReadPlan readPlan = plan();
        List<InputPartition> partitions = new ArrayList<>();
        for (ReadSplit split : readPlan.splits()) {
            partitions.add(new SplitPartition(split));
        }
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        ReadPlan readPlan = plan();
        List<ReadColumn> columns = new ArrayList<>();
        for (StructField field : requiredSchema.fields()) {
            columns.add(readPlan.columns().stream().filter(c -> c.name().equals(field.name())).findFirst()
                    .orElseThrow(() -> new MovedataException(ErrorKind.INVALID_INPUT, "Column '" + field.name() + "' is not produced by "
                            + read.request().qualifiedTable())));
        }
        return new SplitReaderFactory(readPlan.withoutSplits(), columns, read.localDirectory(), read.metrics());
    }

    private synchronized ReadPlan plan() {
        if (plan == null) {
            plan = ReadPlanner.plan(read.request(), keyValues, read.backup());
            if (read.metrics() != null) {
                read.metrics().planned(plan);
            }
        }
        return plan;
    }
}
