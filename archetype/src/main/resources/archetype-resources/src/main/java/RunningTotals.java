package ${package};

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.CassandraPartition;
import io.movedata.api.RowTransform;

/**
 * A customer's orders, one Cassandra partition at a time in clustering order, each with the quantity
 * ordered up to and including it. Streams: the next order is read only when the next output row is
 * asked for, so a partition of any size is never held in memory.
 *
 * @param minQuantity orders of a smaller quantity are left out; an order without a quantity is kept
 *        and adds nothing
 */
record RunningTotals(int minQuantity) implements RowTransform {
    /** The source columns read. */
    static final List<String> SOURCE_COLUMNS = List.of("customer", "order_id", "item", "qty");

    static final StructType SCHEMA = new StructType()
            .add("customer", DataTypes.StringType)
            .add("order_id", DataTypes.IntegerType)
            .add("item", DataTypes.StringType)
            .add("qty", DataTypes.IntegerType)
            .add("running_qty", DataTypes.LongType);

    @Override
    public StructType outputSchema() {
        return SCHEMA;
    }

    @Override
    public Iterator<Row> apply(CassandraPartition partition) {
        Iterator<Row> orders = partition.rows();
        return new Iterator<>() {
            private long total;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && orders.hasNext()) {
                    Row order = orders.next();
                    Integer qty = order.getAs("qty");
                    if (qty == null || qty >= minQuantity) {
                        total += qty == null ? 0 : qty;
                        next = RowFactory.create(order.getAs("customer"), order.getAs("order_id"), order.getAs("item"), qty, total);
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }
}
