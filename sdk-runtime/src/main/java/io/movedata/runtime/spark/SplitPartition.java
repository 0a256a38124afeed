package io.movedata.runtime.spark;

import org.apache.spark.sql.connector.read.InputPartition;

import io.movedata.runtime.read.ReadSplit;

/** One split as a Spark input partition. */
record SplitPartition(ReadSplit split) implements InputPartition {}
