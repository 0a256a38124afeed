package io.movedata.it.movement;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.google.auto.service.AutoService;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.GroupTransform;
import io.movedata.api.OptionSpec;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.api.ReportedCount;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * The cogroup example of docs/connectors.md: two tables of customers (orders and notes, same
 * partition key) read together in one pass, written to two targets from that one read.
 */
@AutoService(ConnectorFactory.class)
public final class CustomerActivityConnector implements ConnectorFactory {
    static final String NAME = "customer-activity";

    static final StructType SUMMARY = new StructType()
            .add("customer", DataTypes.StringType)
            .add("orders", DataTypes.IntegerType)
            .add("notes", DataTypes.IntegerType);

    static final StructType NOTES = new StructType()
            .add("customer", DataTypes.StringType)
            .add("note_id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Per customer, from its orders and notes read together: a summary row, and its notes.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("orders").required().documentation("the orders table, keyspace.table"),
                OptionSpec.string("notes").required().documentation("the notes table, same keyspace and partition key"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        SourceTable orders = SourceTable.of(options.string("orders"));
        SourceTable notes = SourceTable.of(options.string("notes"));
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return List.of(orders, notes);
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                return List.of(TargetTable.of("summary", SUMMARY).sortedBy(List.of("customer")),
                        TargetTable.of("notes", NOTES).sortedBy(List.of("customer", "note_id")));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                ReportedCount prospects = context.count("prospects", "customers with notes and no order");
                return sources.cogroup(List.of(orders.table(), notes.table()),
                        new CustomerActivity(orders.table(), notes.table(), prospects));
            }
        };
    }

    /** One customer's orders and notes -> its summary row and its notes; outputs named after the targets. */
    record CustomerActivity(String orders, String notes, ReportedCount prospects) implements GroupTransform {
        @Override
        public Map<String, StructType> outputs() {
            Map<String, StructType> outputs = new LinkedHashMap<>();
            outputs.put("summary", SUMMARY);
            outputs.put("notes", NOTES);
            return outputs;
        }

        @Override
        public Iterator<OutputRow> apply(PartitionGroup group) {
            String customer = group.key().getString(0);
            int orderCount = 0;
            for (Iterator<Row> rows = group.rows(orders); rows.hasNext(); rows.next()) {
                orderCount++;
            }
            // One customer's notes, kept for brevity; a transform over partitions of any size
            // returns an iterator that reads the rows as it is asked for output.
            List<OutputRow> out = new ArrayList<>();
            for (Iterator<Row> rows = group.rows(notes); rows.hasNext(); ) {
                Row note = rows.next();
                out.add(new OutputRow("notes", RowFactory.create(customer, note.getAs("note_id"), note.getAs("text"))));
            }
            if (orderCount == 0) {
                prospects.add(customer + " (" + out.size() + " notes)");
            }
            out.add(new OutputRow("summary", RowFactory.create(customer, orderCount, out.size())));
            return out.iterator();
        }
    }
}
