package io.movedata.runtime.spark;

import java.util.LinkedHashMap;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.runtime.read.ReadPlan;

/**
 * Shipped to executors: each table's plan (without its splits) and Spark schema, the transform and
 * its outputs in the driver's order (the tags), where to fetch files, and the run's metrics (null
 * when none are collected).
 */
record CogroupReaderFactory(List<ReadPlan> plans, List<StructType> schemas, GroupTransform transform,
                            LinkedHashMap<String, StructType> outputs, String localDirectory, ReadMetrics metrics)
        implements PartitionReaderFactory {

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new CogroupReader(this, ((CogroupPartition) partition).splits());
    }
}
