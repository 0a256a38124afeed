package io.movedata.connector.graph.schema;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node type of the graph schema: the namespace its nodes are stored in ({@code id} the node id,
 * {@code key} a property name, {@code value} the property's value) and its typed properties.
 *
 * @param name the type's name, also the name of its target table
 * @param namespace the items table of its namespace, {@code keyspace.table}
 * @param properties each declared property's type, in the order declared
 */
public record NodeType(String name, String namespace, Map<String, PropertyType> properties) implements Serializable {
    public NodeType {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
