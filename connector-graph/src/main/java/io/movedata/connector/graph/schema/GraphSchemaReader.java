package io.movedata.connector.graph.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.movedata.api.SourceTable;
import io.movedata.connector.graph.schema.SchemaText.Entry;
import io.movedata.connector.graph.schema.SchemaText.Mapping;
import io.movedata.connector.graph.schema.SchemaText.Node;
import io.movedata.connector.graph.schema.SchemaText.Scalar;
import io.movedata.connector.graph.schema.SchemaText.Sequence;

/**
 * Checks the text of a graph schema ({@link SchemaText}) against the schema format and turns it
 * into a {@link GraphSchema}, collecting every problem with its line. Default namespaces are the
 * names of docs/connectors/graph.md, lower-cased as Cassandra folds an unquoted table name.
 */
final class GraphSchemaReader {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String IDENTIFIER_RULE = "letters, digits and _, not starting with a digit";
    private static final String CHUNKS = "_chunks";

    private final Node root;
    private final SchemaProblems problems = new SchemaProblems();
    /** Each table a namespace uses (its items and chunks tables), with the line and what declared it. */
    private final Map<String, String> tablesUsed = new HashMap<>();
    /** Each edge property name (folded), with its type, line and mapping, for the edges table's one column per name. */
    private final Map<String, EdgeProperty> edgeProperties = new HashMap<>();

    private record EdgeProperty(String name, PropertyType type, int line, String mapping) {}

    GraphSchemaReader(Node root) {
        this.root = root;
    }

    GraphSchema schema() {
        Map<String, Entry> top = mapping(root, "the schema");
        if (!known(top, root.line(), "the schema", List.of("keyspace", "nodeTypes", "edgeMappings"), List.of("keyspace", "nodeTypes"))) {
            problems.throwIfAny();
        }
        String keyspace = identifier(top.get("keyspace"), "keyspace", "the schema");
        List<NodeType> nodeTypes = nodeTypes(top.get("nodeTypes"), keyspace);
        List<EdgeMapping> edgeMappings = top.containsKey("edgeMappings")
                ? edgeMappings(top.get("edgeMappings"), keyspace, nodeTypes) : List.of();
        problems.throwIfAny();
        return new GraphSchema(keyspace, nodeTypes, edgeMappings);
    }

    private List<NodeType> nodeTypes(Entry entry, String keyspace) {
        List<NodeType> nodeTypes = new ArrayList<>();
        Map<String, Integer> declared = new HashMap<>();
        List<Node> items = sequence(entry, "nodeTypes", "the schema");
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            Map<String, Entry> fields = mapping(item, "node type " + (i + 1));
            String name = fields == null || !fields.containsKey("name") ? null : identifier(fields.get("name"), "name",
                    "node type " + (i + 1));
            String what = name == null ? "node type " + (i + 1) : "node type '" + name + "'";
            if (!known(fields, item.line(), what, List.of("name", "namespace", "properties"), List.of("name")) || name == null) {
                continue;
            }
            Integer first = declared.putIfAbsent(GraphSchema.folded(name), item.line());
            if (first != null) {
                problems.add(item.line(), what + " is declared twice (first on line " + first + ")"
                        + caseNote(name, nodeTypes.stream().map(NodeType::name).toList()));
                continue;
            }
            if (GraphSchema.folded(name).equals(GraphSchema.EDGES)) {
                problems.add(fields.get("name").line(), "a node type cannot be named '" + name + "': the edges table takes that name");
            }
            String namespace = namespace(fields.get("namespace"), keyspace, GraphSchema.folded(name), "the namespace of " + what,
                    item.line());
            Map<String, PropertyType> properties = properties(fields.get("properties"), what, GraphSchema.NODE_COLUMNS);
            nodeTypes.add(new NodeType(name, namespace, properties));
        }
        return nodeTypes;
    }

    private List<EdgeMapping> edgeMappings(Entry entry, String keyspace, List<NodeType> nodeTypes) {
        List<EdgeMapping> mappings = new ArrayList<>();
        Map<List<String>, Integer> declared = new HashMap<>();
        List<Node> items = sequence(entry, "edgeMappings", "the schema");
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String numbered = "edge mapping " + (i + 1);
            Map<String, Entry> fields = mapping(item, numbered);
            if (fields == null) {
                continue;
            }
            String from = fields.containsKey("fromNodeType") ? identifier(fields.get("fromNodeType"), "fromNodeType", numbered) : null;
            String edge = fields.containsKey("edgeType") ? identifier(fields.get("edgeType"), "edgeType", numbered) : null;
            String to = fields.containsKey("toNodeType") ? identifier(fields.get("toNodeType"), "toNodeType", numbered) : null;
            boolean named = from != null && edge != null && to != null;
            String mapping = named ? "edge mapping (" + from + ", " + edge + ", " + to + ")" : numbered;
            if (!known(fields, item.line(), mapping, List.of("fromNodeType", "edgeType", "toNodeType", "direction", "properties",
                    "namespaces"), List.of("fromNodeType", "edgeType", "toNodeType", "direction")) || !named) {
                continue;
            }
            Direction direction = choice(fields.get("direction"), Direction.class, "direction", mapping);
            nodeTypeDeclared(fields.get("fromNodeType"), from, mapping, nodeTypes);
            nodeTypeDeclared(fields.get("toNodeType"), to, mapping, nodeTypes);
            Integer first = declared.putIfAbsent(List.of(from, edge, to), item.line());
            if (first != null) {
                problems.add(item.line(), mapping + " is declared twice (first on line " + first + ")");
                continue;
            }
            if (direction == null) {
                continue;
            }
            Map<String, PropertyType> properties = properties(fields.get("properties"), mapping, GraphSchema.EDGE_COLUMNS);
            properties.forEach((name, type) -> sameTypeInEveryMapping(name, type, fields.get("properties"), mapping));
            Map<String, String> namespaces = edgeNamespaces(fields.get("namespaces"), keyspace, from, edge, to, mapping,
                    item.line());
            mappings.add(new EdgeMapping(from, edge, to, direction, properties, namespaces.get("forward"),
                    namespaces.get("reverse"), namespaces.get("properties")));
        }
        for (EdgeMapping mapping : mappings) {
            List<String> mirror = List.of(mapping.toNodeType(), mapping.edgeType(), mapping.fromNodeType());
            Integer mirrorLine = declared.get(mirror);
            if (mapping.direction() == Direction.BIDIRECTIONAL && !mapping.fromNodeType().equals(mapping.toNodeType())
                    && mirrorLine != null) {
                problems.add(mirrorLine, "edge mapping " + mapping.describe() + " is BIDIRECTIONAL, so edge mapping ("
                        + String.join(", ", mirror) + ") would hold the same edges; declare one of them");
            }
        }
        return mappings;
    }

    private void nodeTypeDeclared(Entry entry, String name, String what, List<NodeType> nodeTypes) {
        if (nodeTypes.stream().noneMatch(type -> type.name().equals(name))) {
            problems.add(entry.line(), what + " names node type '" + name + "', which the schema does not declare; declared: "
                    + (nodeTypes.isEmpty() ? "none" : nodeTypes.stream().map(NodeType::name).collect(Collectors.joining(", "))));
        }
    }

    /** The edges table has one column per property name: every mapping must give it one type. */
    private void sameTypeInEveryMapping(String name, PropertyType type, Entry properties, String mapping) {
        int line = ((Mapping) properties.value()).entries().get(name).line();
        EdgeProperty first = edgeProperties.putIfAbsent(GraphSchema.folded(name), new EdgeProperty(name, type, line, mapping));
        if (first == null) {
            return;
        }
        if (!first.name().equals(name)) {
            problems.add(line, "property '" + name + "' of " + mapping + " differs only in case from property '" + first.name()
                    + "' of " + first.mapping() + " (line " + first.line() + "); the edges table has one column per property name");
        } else if (first.type() != type) {
            problems.add(line, "property '" + name + "' of " + mapping + " is " + type + " but " + first.type() + " in "
                    + first.mapping() + " (line " + first.line() + "); the edges table has one column per property name");
        }
    }

    private Map<String, String> edgeNamespaces(Entry entry, String keyspace, String from, String edge, String to, String what,
                                               int line) {
        Map<String, Entry> given = entry == null ? Map.of() : mapping(entry.value(), "the namespaces of " + what);
        known(given, entry == null ? line : entry.line(), "the namespaces of " + what, List.of("forward", "reverse", "properties"),
                List.of());
        Map<String, String> namespaces = new LinkedHashMap<>();
        String base = GraphSchema.folded(from + "_" + edge + "_" + to);
        for (String kind : List.of("forward", "reverse", "properties")) {
            namespaces.put(kind, namespace(given == null ? null : given.get(kind), keyspace, base + "_" + kind,
                    "the " + kind + " namespace of " + what, line));
        }
        return namespaces;
    }

    /**
     * The namespace given, or {@code keyspace.defaultTable}; records its two tables, refusing a table
     * another namespace already uses.
     */
    private String namespace(Entry entry, String keyspace, String defaultTable, String what, int line) {
        String namespace;
        int at = line;
        if (entry == null) {
            namespace = keyspace + "." + defaultTable;
        } else {
            at = entry.line();
            namespace = scalar(entry, "namespace", what);
            if (namespace == null) {
                return null;
            }
            String problem = SourceTable.nameProblem(namespace);
            if (problem != null) {
                problems.add(at, what + ": " + problem);
                return null;
            }
        }
        for (String table : List.of(namespace, namespace + CHUNKS)) {
            String owner = tablesUsed.putIfAbsent(table, what + " (line " + at + ")");
            if (owner != null) {
                problems.add(at, what + " uses table " + table + ", which " + owner + " uses too; each namespace needs tables of its own");
            }
        }
        return namespace;
    }

    private Map<String, PropertyType> properties(Entry entry, String what, Set<String> reserved) {
        Map<String, PropertyType> properties = new LinkedHashMap<>();
        if (entry == null) {
            return properties;
        }
        if (!(entry.value() instanceof Mapping mapping)) {
            problems.add(entry.line(), "the properties of " + what + " must be a mapping of property names to types, found "
                    + kind(entry.value()));
            return properties;
        }
        Map<String, String> folded = new HashMap<>();
        mapping.entries().forEach((name, typeEntry) -> {
            String property = "property '" + name + "' of " + what;
            if (!IDENTIFIER.matcher(name).matches()) {
                problems.add(typeEntry.line(), property + " is not a name: expected " + IDENTIFIER_RULE);
                return;
            }
            if (reserved.contains(GraphSchema.folded(name))) {
                problems.add(typeEntry.line(), property + " takes the name of a column the table has anyway ("
                        + reserved.stream().sorted().collect(Collectors.joining(", ")) + ")");
                return;
            }
            String earlier = folded.putIfAbsent(GraphSchema.folded(name), name);
            if (earlier != null) {
                problems.add(typeEntry.line(), property + " differs only in case from property '" + earlier
                        + "'; table columns are compared without case");
                return;
            }
            PropertyType type = choice(typeEntry, PropertyType.class, "type", property);
            if (type != null) {
                properties.put(name, type);
            }
        });
        return properties;
    }

    /** The entries of a mapping, else null (the problem recorded). */
    private Map<String, Entry> mapping(Node node, String what) {
        if (node instanceof Mapping mapping) {
            return mapping.entries();
        }
        problems.add(node.line(), what + " must be a mapping, found " + kind(node));
        return null;
    }

    /**
     * Records each unknown and each missing required field of a mapping; whether it has every
     * required field (false for no mapping).
     */
    private boolean known(Map<String, Entry> fields, int line, String what, List<String> known, List<String> required) {
        if (fields == null) {
            return false;
        }
        fields.forEach((name, field) -> {
            if (!known.contains(name)) {
                problems.add(field.line(), "unknown field '" + name + "' in " + what + "; known fields: " + String.join(", ", known));
            }
        });
        boolean complete = true;
        for (String field : required) {
            if (!fields.containsKey(field)) {
                problems.add(line, what + " has no field '" + field + "'");
                complete = false;
            }
        }
        return complete;
    }

    private List<Node> sequence(Entry entry, String field, String what) {
        if (!(entry.value() instanceof Sequence sequence)) {
            problems.add(entry.line(), "field '" + field + "' of " + what + " must be a sequence, found " + kind(entry.value()));
            return List.of();
        }
        if (sequence.items().isEmpty() && field.equals("nodeTypes")) {
            problems.add(entry.line(), "field 'nodeTypes' of " + what + " declares no node type; expected at least one");
        }
        return sequence.items();
    }

    /** The field's text when it is a scalar, else null (the problem recorded). */
    private String scalar(Entry entry, String field, String what) {
        if (entry.value() instanceof Scalar scalar && scalar.text() != null) {
            return scalar.text();
        }
        problems.add(entry.line(), "field '" + field + "' of " + what + " must be a single value, found " + kind(entry.value()));
        return null;
    }

    private String identifier(Entry entry, String field, String what) {
        String text = entry == null ? null : scalar(entry, field, what);
        if (text != null && !IDENTIFIER.matcher(text).matches()) {
            problems.add(entry.line(), "field '" + field + "' of " + what + " is '" + text + "', not a name: expected "
                    + IDENTIFIER_RULE);
            return null;
        }
        return text;
    }

    private <E extends Enum<E>> E choice(Entry entry, Class<E> type, String field, String what) {
        String text = scalar(entry, field, what);
        if (text == null) {
            return null;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        problems.add(entry.line(), "unknown " + field + " '" + text + "' of " + what + "; known: "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        return null;
    }

    private static String caseNote(String name, List<String> earlier) {
        return earlier.contains(name) ? "" : " (names are compared without case, as table names are)";
    }

    private static String kind(Node node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a sequence";
        }
        String text = ((Scalar) node).text();
        return text == null ? "nothing (null)" : "'" + text + "'";
    }
}
