package io.movedata.runtime.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;

/**
 * The planned read of co-partitioned tables: one Spark partition per split of their common split
 * plan, holding each table's split of it.
 */
final class CogroupScan implements Scan, Batch {
    private final List<ReadPlan> plans;
    private final List<StructType> schemas;
    private final GroupTransform transform;
    private final LinkedHashMap<String, StructType> outputs;
    private final String localDirectory;
    private final ReadMetrics metrics;

    /**
     * @param plans the tables' plans, with the same splits
     * @param schemas each table's Spark schema, of all its plan's columns
     * @param outputs the transform's outputs, in the order of the tags
     */
    CogroupScan(List<ReadPlan> plans, List<StructType> schemas, GroupTransform transform,
                LinkedHashMap<String, StructType> outputs, String localDirectory, ReadMetrics metrics) {
        this.plans = plans;
        this.schemas = schemas;
        this.transform = transform;
        this.outputs = outputs;
        this.localDirectory = localDirectory;
        this.metrics = metrics;
    }

    @Override
    public StructType readSchema() {
        return CogroupRead.taggedSchema(outputs);
    }

    @Override
    public String description() {
        ReadPlan first = plans.get(0);
        return "cassandra-backup cogroup " + first.request().location() + " " + CogroupRead.tables(plans) + " "
                + first.request().consistency() + " outputs " + outputs.keySet();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return ScanMetric.supported();
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<InputPartition> partitions = new ArrayList<>();
        for (int i = 0; i < plans.get(0).splits().size(); i++) {
            List<ReadSplit> splits = new ArrayList<>();
            for (ReadPlan plan : plans) {
                splits.add(plan.splits().get(i));
            }
            partitions.add(new CogroupPartition(List.copyOf(splits)));
        }
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new CogroupReaderFactory(plans.stream().map(ReadPlan::withoutSplits).toList(), schemas, transform, outputs,
                localDirectory, metrics);
    }
}
