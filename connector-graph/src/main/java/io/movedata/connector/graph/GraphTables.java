package io.movedata.connector.graph;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.TargetTable;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.connector.graph.schema.NodeType;
import io.movedata.connector.graph.schema.PropertyType;

/**
 * The connector's target tables: one per node type and {@code edges}, their schemas, partitioning,
 * order and properties (docs/connectors/graph.md).
 */
final class GraphTables {
    static final String RAW_PROPERTIES = "raw_properties";
    static final String FAULTS = "faults";
    static final String LAST_WRITE_TIME = "last_write_time";

    /**
     * No shuffle before a write: each task sorts its own rows. For a node table the co-partitioned
     * read already groups each node's rows in one task; the edges are grouped by their one shuffle.
     * The key-value connector's Parquet settings, for the same reasons (its docs).
     */
    private static final Map<String, String> TABLE_PROPERTIES = Map.of(
            "write.distribution-mode", "none",
            "write.parquet.dict-size-bytes", String.valueOf(256 * 1024),
            "write.parquet.compression-level", "1");

    private GraphTables() {}

    /** A node type's table: {@code id}, its properties, {@code last_write_time} and, keeping raw, {@code raw_properties}. */
    static StructType nodeSchema(NodeType type, boolean keepRaw) {
        StructType schema = new StructType().add("id", DataTypes.StringType);
        return withEnd(withProperties(schema, type.properties()), keepRaw);
    }

    /**
     * The edges table: the edge's type, ends and direction, every mapping's properties, {@code
     * last_write_time} and, keeping raw, {@code raw_properties} and {@code faults}.
     */
    static StructType edgesSchema(GraphSchema schema, boolean keepRaw) {
        StructType edges = new StructType()
                .add("edge_type", DataTypes.StringType)
                .add("from_type", DataTypes.StringType)
                .add("from_id", DataTypes.StringType)
                .add("to_type", DataTypes.StringType)
                .add("to_id", DataTypes.StringType)
                .add("direction", DataTypes.StringType);
        edges = withEnd(withProperties(edges, schema.edgeProperties()), keepRaw);
        return keepRaw ? edges.add(FAULTS, DataTypes.createArrayType(DataTypes.StringType)) : edges;
    }

    static TargetTable nodeTarget(NodeType type, boolean keepRaw, int buckets) {
        return TargetTable.of(type.name(), nodeSchema(type, keepRaw))
                .partitionedBy(List.of("bucket(" + buckets + ", id)"))
                .sortedBy(List.of("id"))
                .withProperties(TABLE_PROPERTIES);
    }

    static TargetTable edgesTarget(GraphSchema schema, boolean keepRaw) {
        return TargetTable.of(GraphSchema.EDGES, edgesSchema(schema, keepRaw))
                .partitionedBy(List.of("edge_type"))
                .sortedBy(List.of("edge_type", "from_type", "from_id", "to_type", "to_id"))
                .withProperties(TABLE_PROPERTIES);
    }

    private static StructType withProperties(StructType schema, Map<String, PropertyType> properties) {
        for (Map.Entry<String, PropertyType> property : properties.entrySet()) {
            schema = schema.add(property.getKey(), property.getValue().sparkType());
        }
        return schema;
    }

    private static StructType withEnd(StructType schema, boolean keepRaw) {
        schema = schema.add(LAST_WRITE_TIME, DataTypes.TimestampType);
        return keepRaw ? schema.add(RAW_PROPERTIES, DataTypes.createMapType(DataTypes.StringType, DataTypes.BinaryType))
                : schema;
    }

    /** A Spark timestamp of a Cassandra write time, to the microsecond. */
    static Timestamp timestamp(long micros) {
        return Timestamp.from(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L)));
    }
}
