package io.movedata.runtime.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.movedata.api.CassandraPartition;
import io.movedata.api.RowTransform;

class PartitionGroupingTest {
    private static final StructType OUT = new StructType().add("v", DataTypes.StringType);

    /** Rows (key, clustering) for partitions a, b, c; key is column 0. */
    private static Iterator<Row> source(AtomicLong pulled, Object[][] rows) {
        Iterator<Object[]> it = List.of(rows).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Row next() {
                pulled.incrementAndGet();
                return RowFactory.create(it.next());
            }
        };
    }

    private static List<String> drain(Iterator<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEachRemaining(r -> out.add(r.getString(0)));
        return out;
    }

    @Test
    void eachPartitionSeesItsKeyAndOnlyItsRowsInOrder() {
        RowTransform joinPerPartition = new RowTransform() {
            @Override
            public StructType outputSchema() {
                return OUT;
            }

            @Override
            public Iterator<Row> apply(CassandraPartition partition) {
                StringBuilder sb = new StringBuilder(partition.key().getString(0)).append(':');
                partition.rows().forEachRemaining(r -> sb.append(r.getInt(1)));
                return List.of(RowFactory.create(sb.toString())).iterator();
            }
        };
        Object[][] rows = {{"a", 1}, {"a", 2}, {"b", 1}, {"c", 3}, {"c", 2}, {"c", 1}};

        List<String> out = drain(new PartitionGrouping.Grouped(source(new AtomicLong(), rows), new int[] {0}, joinPerPartition));

        assertThat(out).containsExactly("a:12", "b:1", "c:321");
    }

    @Test
    void rowsATransformLeavesUnreadAreSkippedNotLeakedIntoTheNextPartition() {
        RowTransform firstRowOnly = new RowTransform() {
            @Override
            public StructType outputSchema() {
                return OUT;
            }

            @Override
            public Iterator<Row> apply(CassandraPartition partition) {
                Row first = partition.rows().next();
                return List.of(RowFactory.create(first.getString(0) + first.getInt(1))).iterator();
            }
        };
        Object[][] rows = {{"a", 1}, {"a", 2}, {"a", 3}, {"b", 7}, {"b", 8}};

        List<String> out = drain(new PartitionGrouping.Grouped(source(new AtomicLong(), rows), new int[] {0}, firstRowOnly));

        assertThat(out).containsExactly("a1", "b7");
    }

    @Test
    void perRowTransformStreamsWithoutReadingAheadInThePartition() {
        AtomicLong pulled = new AtomicLong();
        Object[][] rows = new Object[100_000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {"big", i};
        }
        RowTransform copy = RowTransform.perRow(OUT, (row, out) -> out.accept(RowFactory.create("r" + row.getInt(1))));

        Iterator<Row> output = new PartitionGrouping.Grouped(source(pulled, rows), new int[] {0}, copy);

        assertThat(output.next().getString(0)).isEqualTo("r0");
        assertThat(pulled.get()).as("source rows pulled to produce the first output row").isLessThanOrEqualTo(2);
        assertThat(output.next().getString(0)).isEqualTo("r1");
        assertThat(drain(output)).hasSize(rows.length - 2).endsWith("r99999");
    }

    @Test
    void binaryKeysCompareByContent() {
        RowTransform count = new RowTransform() {
            @Override
            public StructType outputSchema() {
                return OUT;
            }

            @Override
            public Iterator<Row> apply(CassandraPartition partition) {
                int n = 0;
                for (Iterator<Row> it = partition.rows(); it.hasNext(); it.next()) {
                    n++;
                }
                return List.of(RowFactory.create(((byte[]) partition.key().get(0))[0] + "x" + n)).iterator();
            }
        };
        Object[][] rows = {{new byte[] {1}, 1}, {new byte[] {1}, 2}, {new byte[] {2}, 1}};

        assertThat(drain(new PartitionGrouping.Grouped(source(new AtomicLong(), rows), new int[] {0}, count)))
                .containsExactly("1x2", "2x1");
    }
}
