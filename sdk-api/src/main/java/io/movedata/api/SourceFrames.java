package io.movedata.api;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The source tables of a movement as Spark frames. Each frame holds the rows {@code SELECT *}
 * returned at the backup's reference time; within a Spark partition, the rows of a Cassandra
 * partition are contiguous and in clustering order.
 */
public interface SourceFrames {

    /**
     * The rows of one source table.
     *
     * @param table a table the connector declared in {@link Connector#sources()}
     * @throws ConnectorException when the connector did not declare the table
     */
    Dataset<Row> frame(String table);

    /**
     * Applies a transform to one source table on the executors, partition by partition, without a
     * shuffle and without holding a partition in memory.
     *
     * @param table a table the connector declared in {@link Connector#sources()}
     * @throws ConnectorException when the connector did not declare the table
     */
    Dataset<Row> transform(String table, RowTransform transform);

    /**
     * Reads tables of one keyspace that share their partition key (same columns, same types, same
     * order) together, and applies {@code transform} to each partition key with every table's rows
     * of it ({@link PartitionGroup}). One split plan covers the tables' combined bytes; each split
     * opens one scan per table and merges them by token and key, on the executors: no shuffle, and
     * no partition held in memory.
     *
     * <p>The frames returned, one per output of the transform, come from that one read: a movement
     * writing several of them reads and merges the backup once (the runtime keeps the transform's
     * rows on the executors' local disks between the writes).
     *
     * <p>Not yet stable ({@link Unstable}), as {@link GroupTransform} is.
     *
     * @param tables tables the connector declared in {@link Connector#sources()}, at least one
     * @return one frame per output, keyed by output name, in the order of {@link GroupTransform#outputs()}
     * @throws ConnectorException when a table was not declared, the tables are of different
     *         keyspaces, or their partition keys differ (naming both tables and their keys)
     */
    @Unstable
    Map<String, Dataset<Row>> cogroup(List<String> tables, GroupTransform transform);
}
