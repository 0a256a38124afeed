package io.movedata.runtime.spark;

import java.util.List;

import org.apache.spark.sql.connector.read.InputPartition;

import io.movedata.runtime.read.ReadSplit;

/** One split of co-partitioned tables as a Spark input partition: each table's split of the same token range and replicas. */
record CogroupPartition(List<ReadSplit> splits) implements InputPartition {}
