package io.movedata.api;

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
}
