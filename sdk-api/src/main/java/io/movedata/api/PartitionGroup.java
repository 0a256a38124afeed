package io.movedata.api;

import java.util.Iterator;

import org.apache.spark.sql.Row;

/**
 * One Cassandra partition key across co-partitioned tables, as a {@link GroupTransform} sees it:
 * the key, and for each table its rows of that partition in clustering order, streamed. Each
 * table's rows come from their own scan, so they can be read in any interleaving (an item, then its
 * chunks, then the next item) without holding either in memory.
 *
 * <p>Not yet stable ({@link Unstable}), as {@link GroupTransform} is.
 */
@Unstable
public interface PartitionGroup {

    /** The partition key columns, in key order. */
    Row key();

    /**
     * The table's rows of this partition (all its source columns, key columns included), in
     * clustering order; empty when the table has no live row for the key. Iterable once; rows not
     * consumed are skipped when the transform moves on.
     *
     * @param table one of the tables given to {@link SourceFrames#cogroup}
     * @throws IllegalArgumentException for a table that is not one of them
     */
    Iterator<Row> rows(String table);
}
