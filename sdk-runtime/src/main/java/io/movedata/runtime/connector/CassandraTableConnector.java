package io.movedata.runtime.connector;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import com.google.auto.service.AutoService;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * The built-in {@code cassandra-table} connector: one Cassandra table copied like for like into
 * one Iceberg table, with the column names and types of the read type table.
 */
@AutoService(ConnectorFactory.class)
public final class CassandraTableConnector implements ConnectorFactory {
    public static final String NAME = "cassandra-table";
    /** The name of the connector's only output, which a movement spec maps to an Iceberg table. */
    public static final String TARGET = "table";

    static final String TABLE = "table";
    static final String ROW_WRITETIME = "rowWritetime";
    static final String CELL_METADATA = "cellMetadata";
    static final String PARTITION_BY = "partitionBy";
    static final String SORT_BY = "sortBy";

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
        return "Copies one Cassandra table into one Iceberg table, column for column, as SELECT * returned it "
                + "at the backup's reference time.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(TABLE).documentation("the Cassandra table, keyspace.table; default: the movement's "
                        + "only source table"),
                OptionSpec.bool(ROW_WRITETIME).defaultValue("false")
                        .documentation("add column _row_writetime, a timestamp: when the row was last written (its newest cell's write time, to the microsecond)"),
                OptionSpec.list(CELL_METADATA).documentation("comma-separated columns to add _writetime_<c>, _ttl_<c> "
                        + "and _expiry_<c> columns for"),
                OptionSpec.list(PARTITION_BY).documentation("Iceberg partition transforms, comma-separated, e.g. "
                        + "'bucket(16, id)' or 'days(ts)'; default: unpartitioned"),
                OptionSpec.list(SORT_BY).documentation("the table's write order, comma-separated, e.g. 'id, ts DESC'"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        String table;
        if (options.has(TABLE)) {
            table = options.string(TABLE);
        } else if (context.sourceTables().size() == 1) {
            table = context.sourceTables().get(0);
        } else {
            throw new ConnectorException("Connector '" + NAME + "' copies one table: set option '" + TABLE
                    + "' or name exactly one source table, found " + context.sourceTables());
        }
        SourceTable source = new SourceTable(table, options.bool(ROW_WRITETIME), options.list(CELL_METADATA));
        List<String> partitionBy = options.list(PARTITION_BY);
        List<String> sortBy = options.list(SORT_BY);
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return List.of(source);
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                return List.of(TargetTable.of(TARGET, sourceSchemas.get(source.table()))
                        .partitionedBy(partitionBy).sortedBy(sortBy));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                return Map.of(TARGET, sources.frame(source.table()));
            }
        };
    }
}
