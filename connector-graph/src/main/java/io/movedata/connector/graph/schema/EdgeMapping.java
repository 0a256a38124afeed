package io.movedata.connector.graph.schema;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An edge mapping of the graph schema: edges of one type from nodes of one type to nodes of
 * another (or the same), and the three namespaces they are stored in: forward links ({@code id} the
 * source, {@code key} the target), reverse links ({@code id} the target, {@code key} the source) and
 * properties ({@code id} the pair's ids sorted and joined by {@link io.movedata.connector.graph.EdgePair}, {@code key} a property name).
 *
 * @param properties each declared edge property's type, in the order declared
 * @param forwardNamespace the forward links' items table, {@code keyspace.table}
 * @param reverseNamespace the reverse links' items table
 * @param propertiesNamespace the edge properties' items table
 */
public record EdgeMapping(String fromNodeType, String edgeType, String toNodeType, Direction direction,
                          Map<String, PropertyType> properties, String forwardNamespace, String reverseNamespace,
                          String propertiesNamespace) implements Serializable {
    public EdgeMapping {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * Whether the links A to B and B to A are one edge: a bidirectional mapping within one node
     * type. Between two node types a link's ends are told apart by the mapping itself (the source is
     * of {@link #fromNodeType}), so each link is one edge in the mapping's order.
     */
    public boolean mergesOrientations() {
        return direction == Direction.BIDIRECTIONAL && fromNodeType.equals(toNodeType);
    }

    /** The mapping as messages name it: {@code (person, follows, person)}. */
    public String describe() {
        return "(" + fromNodeType + ", " + edgeType + ", " + toNodeType + ")";
    }

    /** The three namespaces: forward links, reverse links, properties. */
    public List<String> namespaces() {
        return List.of(forwardNamespace, reverseNamespace, propertiesNamespace);
    }
}
