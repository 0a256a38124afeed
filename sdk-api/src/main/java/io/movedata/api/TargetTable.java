package io.movedata.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.spark.sql.types.StructType;

/**
 * An Iceberg table a connector writes: its schema, partition spec, sort order and properties.
 * The runtime creates the table when it is absent, and adds columns the schema gained since.
 *
 * @param name the connector's name for this output; the movement spec maps it to a table
 * @param schema the columns of the output frame
 * @param partitionBy Iceberg partition transforms in Spark SQL syntax, e.g. {@code id},
 *        {@code bucket(16, id)}, {@code days(ts)}, {@code truncate(4, name)}
 * @param sortBy the table's write order, e.g. {@code id}, {@code ts DESC}, {@code ts DESC NULLS LAST}
 * @param properties Iceberg table properties
 */
public record TargetTable(String name, StructType schema, List<String> partitionBy, List<String> sortBy,
                          Map<String, String> properties) {

    /**
     * @throws IllegalArgumentException when the name is not an identifier
     */
    public TargetTable {
        Objects.requireNonNull(schema, "schema");
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("A target name must be an identifier, found '" + name + "'");
        }
        partitionBy = List.copyOf(partitionBy);
        sortBy = List.copyOf(sortBy);
        properties = Map.copyOf(properties);
    }

    /** An unpartitioned, unsorted table with default properties. */
    public static TargetTable of(String name, StructType schema) {
        return new TargetTable(name, schema, List.of(), List.of(), Map.of());
    }

    public TargetTable partitionedBy(List<String> transforms) {
        return new TargetTable(name, schema, transforms, sortBy, properties);
    }

    public TargetTable sortedBy(List<String> order) {
        return new TargetTable(name, schema, partitionBy, order, properties);
    }

    public TargetTable withProperties(Map<String, String> tableProperties) {
        return new TargetTable(name, schema, partitionBy, sortBy, tableProperties);
    }
}
