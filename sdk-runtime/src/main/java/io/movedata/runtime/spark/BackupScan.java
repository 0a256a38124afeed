package io.movedata.runtime.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.sstable.ReadColumn;

/** A planned read: one Spark partition per split; executors read, the driver only plans. */
final class BackupScan implements Scan, Batch {
    private final ReadRequest request;
    private final ScanContext context;
    private final StructType requiredSchema;
    private final List<List<Object>> keyValues;
    private ReadPlan plan;

    /** The node backups to read, when already resolved; null to resolve them when planning. */
    private final ClusterBackup backup;

    BackupScan(ReadRequest request, ScanContext context, StructType requiredSchema,
               List<List<Object>> keyValues, ClusterBackup backup) {
        this.backup = backup;
        this.request = request;
        this.context = context;
        this.requiredSchema = requiredSchema;
        this.keyValues = keyValues;
    }

    @Override
    public StructType readSchema() {
        return requiredSchema;
    }

    @Override
    public String description() {
        return "cassandra-backup " + request.location() + " " + request.qualifiedTable() + " " + request.consistency()
                + (keyValues == null ? "" : " partition keys " + keyValues);
    }

    @Override
    public Batch toBatch() {
        return this;
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
                    .orElseThrow(() -> new IllegalArgumentException("Column '" + field.name() + "' is not produced by "
                            + request.qualifiedTable())));
        }
        return new SplitReaderFactory(readPlan.withoutSplits(), columns, context.localDirectory(), context.metrics());
    }

    private synchronized ReadPlan plan() {
        if (plan == null) {
            plan = ReadPlanner.plan(request, keyValues, backup);
            ReadMetrics metrics = context.metrics();
            if (metrics != null) {
                metrics.planned(plan);
            }
        }
        return plan;
    }
}
