package io.movedata.runtime.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.KeyRole;
import io.movedata.api.MovedataException;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.sstable.TokenKey;

/**
 * Reads one split of co-partitioned tables: one {@link SplitReader} per table, merged by partition
 * position (token, then serialized key, as Cassandra orders partitions). Each partition key present
 * in any table becomes one {@link PartitionGroup}, whose per-table rows stream straight from that
 * table's reader (converted to {@link Row}s with Spark's row encoder), so the transform may read
 * the tables in any interleaving and nothing holds a partition. The transform's output rows are
 * converted back and tagged with their output.
 */
final class CogroupReader implements PartitionReader<InternalRow> {
    private final CogroupReaderFactory factory;
    private final List<ReadSplit> splits;
    private final List<Cursor> cursors = new ArrayList<>();
    private final Map<String, Integer> tableIndex = new HashMap<>();
    private final Map<String, Integer> outputIndex = new HashMap<>();
    private final List<ExpressionEncoder.Serializer<Row>> serializers = new ArrayList<>();
    private Group group;
    private Iterator<OutputRow> output = Collections.emptyIterator();
    private InternalRow current;
    private boolean counted;

    CogroupReader(CogroupReaderFactory factory, List<ReadSplit> splits) {
        this.factory = factory;
        this.splits = splits;
        // Before any reader opens, so that a failure here leaves nothing to close.
        for (Map.Entry<String, StructType> entry : factory.outputs().entrySet()) {
            outputIndex.put(entry.getKey(), serializers.size());
            serializers.add(ExpressionEncoder.apply(entry.getValue(), true).createSerializer());
        }
        try {
            for (int t = 0; t < splits.size(); t++) {
                ReadPlan plan = factory.plans().get(t);
                StructType schema = factory.schemas().get(t);
                cursors.add(new Cursor(new SplitReader(plan, splits.get(t), plan.columns(), Path.of(factory.localDirectory())),
                        schema));
                tableIndex.put(plan.request().qualifiedTable(), t);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean next() {
        try {
            return advance();
        } catch (MovedataException e) {
            throw e;
        } catch (RuntimeException e) {
            // The transform is the connector's code: say where it failed, so its authors can find the record.
            throw new ConnectorException(ErrorKind.INTERNAL, "The transform reading " + tables() + " failed in "
                    + splits.get(0).describe() + (group == null ? "" : " at partition key " + group.key()) + " with "
                    + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (a bug in the connector, not in the backup)", e);
        }
    }

    private boolean advance() {
        while (!output.hasNext()) {
            if (group != null) {
                group.skipRest();
            }
            Cursor first = null;
            for (Cursor cursor : cursors) {
                if (cursor.peek() && (first == null || cursor.position.compareTo(first.position) < 0)) {
                    first = cursor;
                }
            }
            if (first == null) {
                group = null;
                splitDone();
                return false;
            }
            group = new Group(first.position, first);
            output = factory.transform().apply(group);
        }
        current = tagged(output.next());
        return true;
    }

    @Override
    public InternalRow get() {
        return current;
    }

    /** Spark asks every so many rows and at the end; the figures are the split's totals so far, all tables summed. */
    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return ScanMetric.values(SplitStats.sum(stats()));
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Cursor cursor : cursors) {
            try {
                cursor.reader.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private InternalRow tagged(OutputRow row) {
        Integer index = outputIndex.get(row.output());
        if (index == null) {
            throw new ConnectorException(ErrorKind.INTERNAL, "The transform of " + tables() + " emitted a row to output '"
                    + row.output() + "', which its outputs() do not declare; declared: " + factory.outputs().keySet());
        }
        Object[] values = new Object[1 + serializers.size()];
        values[0] = index;
        // The serializer reuses its result row, as Spark's own readers do: the row returned is valid
        // until the next call, and operators that keep rows (a sort, a cache) copy them.
        values[1 + index] = serializers.get(index).apply(row.row());
        return new GenericInternalRow(values);
    }

    /** Each table's figures, once per split and only when read to its end, go to the run's metrics. */
    private void splitDone() {
        if (factory.metrics() != null && !counted) {
            counted = true;
            stats().forEach(factory.metrics()::splitDone);
        }
    }

    private List<SplitStats> stats() {
        List<SplitStats> stats = new ArrayList<>();
        for (int t = 0; t < cursors.size(); t++) {
            stats.add(SplitStats.of(factory.plans().get(t), splits.get(t), cursors.get(t).reader));
        }
        return stats;
    }

    private String tables() {
        return CogroupRead.tables(factory.plans());
    }

    /** One table's reader, one row ahead, with the position of that row's partition. */
    private static final class Cursor {
        private final SplitReader reader;
        private final ExpressionEncoder.Deserializer<Row> deserializer;
        private final int[] keyColumns;
        private InternalRow row;
        private Row converted;
        private TokenKey position;

        Cursor(SplitReader reader, StructType schema) {
            this.reader = reader;
            ExpressionEncoder<Row> encoder = ExpressionEncoder.apply(schema);
            this.deserializer = encoder.resolveAndBind(encoder.resolveAndBind$default$1(), encoder.resolveAndBind$default$2())
                    .createDeserializer();
            this.keyColumns = KeyRole.PARTITION_KEY.columns(schema).stream().map(StructField::name).mapToInt(schema::fieldIndex)
                    .toArray();
        }

        /** Whether there is a row ahead. */
        boolean peek() {
            if (row == null && reader.hasNext()) {
                row = reader.next();
                position = reader.position();
            }
            return row != null;
        }

        boolean at(TokenKey partition) {
            return peek() && position.equals(partition);
        }

        /** The row ahead, as a {@link Row}. */
        Row ahead() {
            if (converted == null) {
                converted = deserializer.apply(row);
            }
            return converted;
        }

        Row take() {
            Row taken = ahead();
            skip();
            return taken;
        }

        void skip() {
            row = null;
            converted = null;
        }

        /** The partition key columns of the row ahead. */
        Row key() {
            Row ahead = ahead();
            Object[] values = new Object[keyColumns.length];
            for (int i = 0; i < keyColumns.length; i++) {
                values[i] = ahead.get(keyColumns[i]);
            }
            return RowFactory.create(values);
        }
    }

    /** The rows of one partition key in every table, streamed from the tables' cursors. */
    private final class Group implements PartitionGroup {
        private final TokenKey partition;
        private final Map<Integer, Iterator<Row>> rows = new HashMap<>();
        private final Row key;

        /** @param first a cursor whose row ahead is of the partition */
        Group(TokenKey partition, Cursor first) {
            this.partition = partition;
            this.key = first.key();
        }

        @Override
        public Row key() {
            return key;
        }

        @Override
        public Iterator<Row> rows(String table) {
            Integer index = tableIndex.get(table);
            if (index == null) {
                throw new IllegalArgumentException("Table '" + table + "' is not one of the tables read together: " + tables());
            }
            return rows.computeIfAbsent(index, t -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return cursors.get(t).at(partition);
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return cursors.get(t).take();
                }
            });
        }

        void skipRest() {
            for (Cursor cursor : cursors) {
                while (cursor.at(partition)) {
                    cursor.skip();
                }
            }
        }
    }
}
