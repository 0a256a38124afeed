package io.movedata.api;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;

import org.apache.spark.sql.types.StructType;

/**
 * Executor-side work over co-partitioned tables, applied with {@link SourceFrames#cogroup}: for each
 * Cassandra partition key present in any of the tables it sees the key and each table's rows of that
 * partition ({@link PartitionGroup}), and emits rows to one or more outputs. Output is pulled
 * lazily: a transform that returns rows as it reads them never holds a partition, however large.
 *
 * <p>Instances are serialized to executors; keep them small and free of driver-only state.
 *
 * <p>Not yet stable ({@link Unstable}): {@link SourceFrames#cogroup}, this and the types it uses
 * serve one connector so far (key-value); the time-series and graph connectors, their next users, may
 * change their shape.
 */
@Unstable
public interface GroupTransform extends Serializable {

    /**
     * The outputs, by name, with the schema of their rows, in the order the map iterates. A
     * connector usually names them after its targets, and maps each frame
     * {@link SourceFrames#cogroup} returns to the target of the same name.
     */
    Map<String, StructType> outputs();

    /**
     * The output rows of one partition key. Called once per key, in token order within a split.
     *
     * @throws RuntimeException to fail the movement; say which partition and why (a
     *         {@link ConnectorException} is reported with its kind, anything else as internal)
     */
    Iterator<OutputRow> apply(PartitionGroup group);
}
