package io.movedata.it.movement;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.google.auto.service.AutoService;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.NamedUdf;
import io.movedata.api.OptionSpec;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * A test-only connector, registered the way a team registers theirs: one record per customer,
 * rebuilt from the rows of its Cassandra partition in clustering order by a partition transform,
 * with a contributed UDF applied to the customer name.
 */
@AutoService(ConnectorFactory.class)
public final class OrderSummaryConnector implements ConnectorFactory {
    static final String NAME = "order-summary";

    static final StructType SUMMARY = new StructType()
            .add("customer", DataTypes.StringType)
            .add("orders", DataTypes.IntegerType)
            .add("items", DataTypes.StringType);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "7";
    }

    @Override
    public String description() {
        return "One row per customer: how many orders, and their items in clustering order.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("table").required().documentation("the orders table, keyspace.table"),
                OptionSpec.string("separator").defaultValue(" ").documentation("put between items"),
                OptionSpec.integer("maxItems").defaultValue("100").validator(OptionSpec.Validator.atLeast(1))
                        .documentation("items listed per customer at most"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        SourceTable orders = SourceTable.of(options.string("table"));
        String separator = options.string("separator");
        int maxItems = options.integer("maxItems");
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return List.of(orders);
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                return List.of(TargetTable.of("summary", SUMMARY.add("label", DataTypes.StringType)).sortedBy(List.of("customer")));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                Dataset<Row> summaries = sources.transform(orders.table(), new Summarize(separator, maxItems));
                return Map.of("summary", summaries.withColumn("label", callUDF("shout", col("customer"))));
            }

            @Override
            public List<NamedUdf> udfs() {
                return List.of(NamedUdf.of("shout", (UDF1<String, String>) s -> s.toUpperCase(Locale.ROOT) + "!",
                        DataTypes.StringType, "upper-cases and exclaims"));
            }
        };
    }

    /** Rows of one partition -> one summary row, reading the rows as they stream. */
    private record Summarize(String separator, int maxItems) implements RowTransform {
        @Override
        public StructType outputSchema() {
            return SUMMARY;
        }

        @Override
        public Iterator<Row> apply(io.movedata.api.CassandraPartition partition) {
            int count = 0;
            List<String> items = new ArrayList<>();
            for (Iterator<Row> rows = partition.rows(); rows.hasNext(); ) {
                Row row = rows.next();
                count++;
                if (items.size() < maxItems) {
                    items.add(row.getAs("order_id") + ":" + row.getAs("item"));
                }
            }
            return List.of(RowFactory.create(partition.key().getString(0), count, String.join(separator, items))).iterator();
        }
    }
}
