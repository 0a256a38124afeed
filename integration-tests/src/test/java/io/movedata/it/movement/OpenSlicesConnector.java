package io.movedata.it.movement;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import io.movedata.api.TargetWrite;
import io.movedata.api.TargetSnapshot;

/**
 * An incremental connector, as the time-series one is: readings fall in slices of ten {@code at}
 * values, listed with their status in a slices table it looks up. A slice closed and recorded in
 * its target's lineage ({@code connector.appended}, read through the current snapshot) was written
 * once and is skipped; the others are written, replacing the table's rows from the first of them
 * on ({@link TargetWrite}), and the closed ones are recorded. With {@code full} it writes every
 * slice as an ordinary target; {@code rows}, {@code condition} and {@code writes} set the rows it
 * writes, the condition of those it replaces and the targets it lists writes of, as a connector
 * with a bug might.
 */
@AutoService(ConnectorFactory.class)
public final class OpenSlicesConnector implements ConnectorFactory {
    static final String NAME = "open-slices";

    static final StructType READINGS = new StructType()
            .add("slice", DataTypes.IntegerType)
            .add("series", DataTypes.StringType)
            .add("at", DataTypes.IntegerType)
            .add("value", DataTypes.StringType);

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
        return "Readings by slice of ten, writing only the slices not yet closed and recorded in its table's lineage.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.bool("full").defaultValue("false").documentation("write every slice, replacing the whole table"),
                OptionSpec.string("rows").documentation("write the rows matching this condition"),
                OptionSpec.string("condition").documentation("replace the table's rows matching this condition"),
                OptionSpec.list("writes").defaultValue("readings").documentation("the targets it lists writes of"),
                OptionSpec.string("feedToken").secret().documentation("a token it (carelessly) records in its lineage's 'feed'"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        TreeSet<Integer> appended = new TreeSet<>();
        if (!options.bool("full")) {
            context.currentSnapshot("readings").map(TargetSnapshot::lineage).map(lineage -> lineage.get("connector.appended"))
                    .filter(list -> !list.isEmpty())
                    .ifPresent(list -> Arrays.stream(list.split(",")).map(Integer::valueOf).forEach(appended::add));
        }
        TreeSet<Integer> closed = new TreeSet<>();
        TreeSet<Integer> written = new TreeSet<>();
        for (Row slice : context.lookup("ts.slices")) {
            int id = slice.getAs("slice");
            if ("CLOSED".equals(slice.getAs("status"))) {
                closed.add(id);
            }
            if (!appended.contains(id)) {
                written.add(id);
            }
        }
        String range = written.isEmpty() ? "false" : "slice >= " + written.first();
        String rows = options.has("rows") ? options.string("rows") : range;
        String condition = options.has("condition") ? options.string("condition") : range;
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return List.of(SourceTable.of("ts.readings"));
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                return List.of(TargetTable.of("readings", READINGS).partitionedBy(List.of("slice")));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                Dataset<Row> readings = sources.frame("ts.readings");
                Dataset<Row> sliced = readings.select(col("at").divide(10).cast(DataTypes.IntegerType).as("slice"),
                        col("series"), col("at"), col("value"));
                return Map.of("readings", options.bool("full") ? sliced : sliced.where(expr(rows)));
            }

            @Override
            public List<TargetWrite> writes() {
                if (options.bool("full")) {
                    return List.of();
                }
                String closedList = closed.stream().map(String::valueOf).collect(Collectors.joining(","));
                if (options.has("feedToken")) { // careless: a secret in its lineage, which the runtime cuts out
                    Map<String, String> lineage = Map.of("appended", closedList,
                            "feed", "https://feed.example/v1?token=" + options.string("feedToken"));
                    return options.list("writes").stream()
                            .map(target -> TargetWrite.replacingRowsWhere(target, condition).withLineage(lineage)).toList();
                }
                return options.list("writes").stream().map(target -> TargetWrite.replacingRowsWhere(target, condition)
                        .withLineage(Map.of("appended", closedList))).toList();
            }
        };
    }
}
