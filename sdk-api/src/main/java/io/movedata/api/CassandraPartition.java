package io.movedata.api;

import java.util.Iterator;

import org.apache.spark.sql.Row;

/**
 * One Cassandra partition as a {@link RowTransform} sees it: its key and its rows in clustering
 * order, streamed. The rows can be iterated once; rows the transform does not consume are skipped.
 */
public interface CassandraPartition {

    /** The partition key columns, in key order. */
    Row key();

    /** The partition's rows (all source columns, key columns included), in clustering order. */
    Iterator<Row> rows();
}
