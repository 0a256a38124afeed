package io.movedata.api;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Executor-side work on a source table, applied with {@link SourceFrames#transform}. It sees one
 * Cassandra partition at a time with its rows in clustering order, so a model spread over rows
 * (items into records, chunks into values) is rebuilt without a shuffle. Output is pulled lazily:
 * a transform that returns rows as it reads them never holds the whole partition.
 *
 * <p>Instances are serialized to executors; keep them small and free of driver-only state.
 */
public interface RowTransform extends Serializable {

    /** The schema of every row {@link #apply} returns. */
    StructType outputSchema();

    /**
     * The output rows of one partition. Called once per partition, in token order within a split.
     *
     * @throws RuntimeException to fail the movement; say which partition and why
     */
    Iterator<Row> apply(CassandraPartition partition);

    /** A function from one source row to any number of output rows. */
    @FunctionalInterface
    interface PerRow extends Serializable {
        void apply(Row row, Consumer<Row> out);
    }

    /** A transform that maps each row on its own, ignoring partition boundaries. */
    static RowTransform perRow(StructType outputSchema, PerRow function) {
        return new RowTransform() {
            @Override
            public StructType outputSchema() {
                return outputSchema;
            }

            @Override
            public Iterator<Row> apply(CassandraPartition partition) {
                Iterator<Row> rows = partition.rows();
                ArrayDeque<Row> pending = new ArrayDeque<>();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        while (pending.isEmpty() && rows.hasNext()) {
                            function.apply(rows.next(), pending::add);
                        }
                        return !pending.isEmpty();
                    }

                    @Override
                    public Row next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return pending.poll();
                    }
                };
            }
        };
    }
}
