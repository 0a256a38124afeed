package io.movedata.it.cogroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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

/** A test-only connector writing {@link ItemChunks}' outputs: items, and records when asked. */
@AutoService(ConnectorFactory.class)
public final class ItemChunksConnector implements ConnectorFactory {

    @Override
    public String name() {
        return "item-chunks";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Items with their chunks, read together; optionally one record per id.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("items").required().documentation("the items table, keyspace.table"),
                OptionSpec.string("chunks").required().documentation("the chunks table, keyspace.table"),
                OptionSpec.bool("descending").defaultValue("false").documentation("keys cluster in descending order"),
                OptionSpec.bool("records").defaultValue("false").documentation("write the records output too"),
                OptionSpec.string("corruptId").documentation("an id to find corrupt, failing the read"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        ItemChunks transform = new ItemChunks(options.string("items"), options.string("chunks"), options.bool("descending"),
                options.bool("records"), options.has("corruptId") ? options.string("corruptId") : null);
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return List.of(SourceTable.of(transform.items()), SourceTable.of(transform.chunks()));
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                List<TargetTable> targets = new ArrayList<>();
                transform.outputs().forEach((name, schema) -> targets.add(TargetTable.of(name, schema)));
                return targets;
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                return sources.cogroup(List.of(transform.items(), transform.chunks()), transform);
            }
        };
    }
}
