package io.movedata.cli;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * A connector with a bug: {@code targets()} looks up a source it never declared and dereferences
 * the null it gets. Factory and connector in one class, so that {@link ExitCodesIT} can put it on
 * the launcher's classpath as one class file and a service entry.
 */
public final class NullTargetsConnector implements ConnectorFactory, Connector {
    static final String NAME = "null-targets";

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
        return "A connector whose targets() throws NullPointerException.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        return this;
    }

    @Override
    public List<SourceTable> sources() {
        return List.of(SourceTable.of("ks.t"));
    }

    @Override
    public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
        StructType undeclared = sourceSchemas.get("ks.undeclared");
        return List.of(TargetTable.of("t", new StructType(undeclared.fields())));
    }

    @Override
    public Map<String, Dataset<Row>> output(SourceFrames sources) {
        return Map.of("t", sources.frame("ks.t"));
    }
}
