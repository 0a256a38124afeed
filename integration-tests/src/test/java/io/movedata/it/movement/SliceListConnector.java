package io.movedata.it.movement;

import static org.apache.spark.sql.functions.lit;

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
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * A connector whose sources come from the data, as a time-series connector's slices do: it looks up
 * a table listing slice tables ({@link ConnectorContext#lookup}) in {@code sources()}, reads only the
 * tables listed for its namespace, and writes their rows with the slice they came from, and the
 * slice list as it saw it.
 */
@AutoService(ConnectorFactory.class)
public final class SliceListConnector implements ConnectorFactory {
    static final String NAME = "slice-list";

    static final StructType EVENTS = new StructType()
            .add("slice", DataTypes.StringType)
            .add("series", DataTypes.StringType)
            .add("at", DataTypes.IntegerType)
            .add("value", DataTypes.StringType);

    static final StructType SLICES = new StructType()
            .add("namespace", DataTypes.StringType)
            .add("table_name", DataTypes.StringType)
            .add("status", DataTypes.StringType);

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
        return "The events of the slice tables a slices table lists for a namespace, and that list.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("slices").required().documentation("the slices table, keyspace.table"),
                OptionSpec.string("namespace").required().documentation("the namespace whose slices are read"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        String slicesTable = options.string("slices");
        String keyspace = slicesTable.substring(0, slicesTable.indexOf('.'));
        String namespace = options.string("namespace");
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return listed().stream().map(row -> SourceTable.of(keyspace + "." + row.getAs("table_name"))).toList();
            }

            private List<Row> listed() {
                return context.lookup(slicesTable).stream().filter(row -> namespace.equals(row.getAs("namespace"))).toList();
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                return List.of(TargetTable.of("events", EVENTS), TargetTable.of("slices", SLICES));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                Dataset<Row> events = context.spark().createDataFrame(List.of(), EVENTS);
                for (SourceTable slice : sources()) {
                    Dataset<Row> frame = sources.frame(slice.table());
                    events = events.unionAll(frame.select(lit(slice.tableName()).as("slice"), frame.col("series"),
                            frame.col("at"), frame.col("value")));
                }
                List<Row> seen = context.lookup(slicesTable).stream()
                        .map(row -> RowFactory.create(row.getAs("namespace"), row.getAs("table_name"), row.getAs("status")))
                        .toList();
                return Map.of("events", events, "slices", context.spark().createDataFrame(seen, SLICES));
            }
        };
    }
}
