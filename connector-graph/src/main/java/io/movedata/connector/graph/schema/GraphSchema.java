package io.movedata.connector.graph.schema;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A graph schema (docs/connectors/graph.md): the keyspace its namespaces default to, its node types
 * with their typed properties, and its edge mappings, read from YAML or JSON text and checked.
 *
 * @param keyspace the keyspace of the namespaces the schema does not name
 * @param nodeTypes the node types, in the order declared
 * @param edgeMappings the edge mappings, in the order declared
 */
public record GraphSchema(String keyspace, List<NodeType> nodeTypes, List<EdgeMapping> edgeMappings) implements Serializable {
    /** The connector option holding the schema's text. */
    public static final String OPTION = "schema";
    /** The columns of a node table besides its properties. */
    public static final Set<String> NODE_COLUMNS = Set.of("id", "last_write_time", "raw_properties");
    /** The columns of the edges table besides the edge properties. */
    public static final Set<String> EDGE_COLUMNS = Set.of("edge_type", "from_type", "from_id", "to_type", "to_id", "direction",
            "last_write_time", "raw_properties", "faults");
    /** The name of the edges table, which no node type may take. */
    public static final String EDGES = "edges";

    public GraphSchema {
        nodeTypes = List.copyOf(nodeTypes);
        edgeMappings = List.copyOf(edgeMappings);
    }

    /**
     * Reads and checks a schema.
     *
     * @throws io.movedata.api.ConnectorException (invalid input) naming every problem by its line:
     *         text that is not YAML or JSON, an unknown or missing field, an unknown type or direction,
     *         a name declared twice, a mapping naming an undeclared node type, conflicting property types
     *         or namespaces
     */
    public static GraphSchema parse(String text) {
        return new GraphSchemaReader(SchemaText.read(text)).schema();
    }

    /**
     * @throws IllegalArgumentException for a name the schema does not declare
     */
    public NodeType nodeType(String name) {
        return nodeTypes.stream().filter(type -> type.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node type '" + name + "' in the graph schema"));
    }

    /** Every edge property of every mapping, once, in the order first declared: the edges table's property columns. */
    public Map<String, PropertyType> edgeProperties() {
        Map<String, PropertyType> properties = new LinkedHashMap<>();
        edgeMappings.forEach(mapping -> mapping.properties().forEach(properties::putIfAbsent));
        return properties;
    }

    /** A name as Spark and Iceberg compare column and table names: without case. */
    static String folded(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
