package io.movedata.runtime.connector;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.CassandraPartition;
import io.movedata.api.ConnectorException;
import io.movedata.api.KeyRole;
import io.movedata.api.RowTransform;

/**
 * Applies a {@link RowTransform} to a frame read from a backup. A split streams its Cassandra
 * partitions one after the other, rows in clustering order, so consecutive rows with the same
 * partition key are one partition: grouping needs no shuffle and holds one row at a time.
 */
final class PartitionGrouping {
    private PartitionGrouping() {}

    /**
     * @throws ConnectorException when the frame has no partition key columns (it must come straight
     *         from the backup, with its key columns)
     */
    static Dataset<Row> apply(Dataset<Row> source, RowTransform transform, String table) {
        int[] keyColumns = keyColumns(source.schema(), table);
        MapPartitionsFunction<Row, Row> perSplit = rows -> new Grouped(rows, keyColumns, transform);
        return source.mapPartitions(perSplit, Encoders.row(transform.outputSchema()));
    }

    private static int[] keyColumns(StructType schema, String table) {
        List<StructField> keys = KeyRole.PARTITION_KEY.columns(schema);
        if (keys.isEmpty()) {
            throw new ConnectorException("Cannot group the rows of " + table + " by Cassandra partition: the frame has "
                    + "no partition key column (columns " + Arrays.toString(schema.fieldNames()) + ")");
        }
        return keys.stream().mapToInt(f -> schema.fieldIndex(f.name())).toArray();
    }

    /** The output of one split: the transform's output for each partition in turn. */
    static final class Grouped implements Iterator<Row> {
        private final Iterator<Row> source;
        private final int[] keyColumns;
        private final RowTransform transform;
        private Row lookahead;
        private Partition partition;
        private Iterator<Row> output = Collections.emptyIterator();

        Grouped(Iterator<Row> source, int[] keyColumns, RowTransform transform) {
            this.source = source;
            this.keyColumns = keyColumns;
            this.transform = transform;
        }

        @Override
        public boolean hasNext() {
            while (!output.hasNext()) {
                if (partition != null) {
                    partition.skipRest();
                }
                if (peek() == null) {
                    return false;
                }
                partition = new Partition(key(lookahead));
                output = transform.apply(partition);
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return output.next();
        }

        private Row peek() {
            if (lookahead == null && source.hasNext()) {
                lookahead = source.next();
            }
            return lookahead;
        }

        private Row key(Row row) {
            Object[] values = new Object[keyColumns.length];
            for (int i = 0; i < keyColumns.length; i++) {
                values[i] = row.get(keyColumns[i]);
            }
            return RowFactory.create(values);
        }

        private boolean sameKey(Row row, Row key) {
            for (int i = 0; i < keyColumns.length; i++) {
                Object value = row.get(keyColumns[i]);
                Object expected = key.get(i);
                boolean equal = value instanceof byte[] bytes && expected instanceof byte[] other
                        ? Arrays.equals(bytes, other) : java.util.Objects.equals(value, expected);
                if (!equal) {
                    return false;
                }
            }
            return true;
        }

        private final class Partition implements CassandraPartition {
            private final Row key;
            private final Iterator<Row> rows = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return peek() != null && sameKey(lookahead, key);
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row row = lookahead;
                    lookahead = null;
                    return row;
                }
            };

            Partition(Row key) {
                this.key = key;
            }

            @Override
            public Row key() {
                return key;
            }

            @Override
            public Iterator<Row> rows() {
                return rows;
            }

            void skipRest() {
                while (rows.hasNext()) {
                    rows.next();
                }
            }
        }
    }
}
