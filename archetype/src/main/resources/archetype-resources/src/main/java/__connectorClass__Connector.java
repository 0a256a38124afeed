package ${package};

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorException;
import io.movedata.api.NamedUdf;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * One movement of the {@code ${connectorName}} connector: the orders table in, the {@value #TARGET}
 * table out. Runs on the driver and only builds the plan; the rows are made on the executors by
 * {@link RunningTotals}, one Cassandra partition at a time, and by the {@link ItemCode} UDF.
 */
final class ${connectorClass}Connector implements Connector {
    /** The target's name; a movement spec maps it to an Iceberg table. */
    static final String TARGET = "orders";

    static final StructType TARGET_SCHEMA = RunningTotals.SCHEMA.add("item_code", DataTypes.StringType);

    private final SourceTable orders;
    private final int minQuantity;

    ${connectorClass}Connector(SourceTable orders, int minQuantity) {
        this.orders = orders;
        this.minQuantity = minQuantity;
    }

    @Override
    public List<SourceTable> sources() {
        return List.of(orders);
    }

    /**
     * @throws ConnectorException when the source lacks a column the transform reads, naming it
     */
    @Override
    public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
        List<String> columns = List.of(sourceSchemas.get(orders.table()).fieldNames());
        for (String needed : RunningTotals.SOURCE_COLUMNS) {
            if (!columns.contains(needed)) {
                throw new ConnectorException("Table " + orders.table() + " has no column '" + needed
                        + "'; the ${connectorName} connector reads " + RunningTotals.SOURCE_COLUMNS + ", found " + columns);
            }
        }
        // A customer's rows are read in one task: each task sorts its own rows for the write, and the
        // write needs no shuffle (Iceberg's default for a partitioned table is to distribute by partition).
        return List.of(TargetTable.of(TARGET, TARGET_SCHEMA)
                .partitionedBy(List.of("bucket(8, customer)"))
                .sortedBy(List.of("customer", "order_id"))
                .withProperties(Map.of("write.distribution-mode", "none")));
    }

    @Override
    public Map<String, Dataset<Row>> output(SourceFrames sources) {
        Dataset<Row> totals = sources.transform(orders.table(), new RunningTotals(minQuantity));
        return Map.of(TARGET, totals.withColumn("item_code", callUDF(ItemCode.NAME, col("item"))));
    }

    @Override
    public List<NamedUdf> udfs() {
        return List.of(ItemCode.UDF);
    }
}
