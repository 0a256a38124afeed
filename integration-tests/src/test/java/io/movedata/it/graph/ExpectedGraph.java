package io.movedata.it.graph;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;

import io.movedata.connector.graph.EdgePair;
import io.movedata.connector.graph.fixture.WrittenGraph;
import io.movedata.connector.graph.schema.Direction;
import io.movedata.connector.graph.schema.EdgeMapping;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.connector.graph.schema.NodeType;
import io.movedata.connector.graph.schema.PropertyType;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows the graph connector must write, computed from what the fixture writer left in the
 * namespaces ({@link WrittenGraph}) with maps in memory, the way docs/connectors/graph.md states the
 * model, without the connector's streaming code: a node is an id with a live item; an edge is an
 * orientation of a pair with a link (both orientations one edge for a bidirectional mapping within
 * one node type); a value is of its type when Java's own parser for the type reads it (the values
 * the writer writes are what Java's {@code toString} gives, or deliberately not of the type).
 * The writer's properties-id encoding ({@link EdgePair}) is the one thing taken from the connector,
 * to find a pair's properties.
 *
 * @param keepRaw whether the policy is {@code keep-raw} (rows with faults kept, flagged) rather than {@code skip}
 */
record ExpectedGraph(GraphSchema schema, WrittenGraph written, Instant referenceTime, boolean keepRaw) {

    List<Row> nodes(NodeType type) {
        List<Row> rows = new ArrayList<>();
        for (String id : written.ids(type.namespace())) {
            List<WrittenGraph.Item> items = live(type.namespace(), id);
            if (items.isEmpty()) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, byte[]> raw = new LinkedHashMap<>();
            for (WrittenGraph.Item item : items) {
                if (item.key().length > 0) {
                    property(type.properties(), item.keyText(), item.value(), values, raw);
                }
            }
            List<Object> row = new ArrayList<>(List.of(id));
            type.properties().keySet().forEach(name -> row.add(values.get(name)));
            row.add(timestamp(items.stream().mapToLong(WrittenGraph.Item::timestamp).max().orElseThrow()));
            if (keepRaw) {
                row.add(raw.isEmpty() ? null : CollectionConverters.asScala(raw));
            }
            rows.add(RowFactory.create(row.toArray()));
        }
        return rows;
    }

    List<Row> edges() {
        List<Row> rows = new ArrayList<>();
        for (EdgeMapping mapping : schema.edgeMappings()) {
            Map<List<String>, Links> pairs = new TreeMap<>((a, b) -> Arrays.compare(a.toArray(String[]::new),
                    b.toArray(String[]::new), ExpectedGraph::compareIds));
            for (WrittenGraph.Item item : allLive(mapping.forwardNamespace())) {
                String target = utf8(item.key());
                if (target != null) {
                    pairs.computeIfAbsent(pair(item.id(), target), p -> new Links()).add(item.id(), true, item.timestamp());
                }
            }
            for (WrittenGraph.Item item : allLive(mapping.reverseNamespace())) {
                String source = utf8(item.key());
                if (source != null) {
                    pairs.computeIfAbsent(pair(source, item.id()), p -> new Links()).add(source, false, item.timestamp());
                }
            }
            pairs.forEach((pair, links) -> rows.addAll(edges(mapping, pair.get(0), pair.get(1), links)));
        }
        return rows;
    }

    /** The links of one pair: for each orientation, keyed by its source, whether the forward and reverse links exist. */
    private static final class Links {
        final Map<String, boolean[]> bySource = new TreeMap<>(ExpectedGraph::compareIds);
        final Map<String, Long> lastWrite = new TreeMap<>(ExpectedGraph::compareIds);

        void add(String source, boolean forward, long timestamp) {
            bySource.computeIfAbsent(source, s -> new boolean[2])[forward ? 0 : 1] = true;
            lastWrite.merge(source, timestamp, Math::max);
        }
    }

    private List<Row> edges(EdgeMapping mapping, String low, String high, Links links) {
        List<WrittenGraph.Item> properties = live(mapping.propertiesNamespace(), EdgePair.of(low, high).propertiesId());
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        properties.forEach(item -> property(mapping.properties(), item.keyText(), item.value(), values, raw));
        long propertiesWrite = properties.stream().mapToLong(WrittenGraph.Item::timestamp).max().orElse(Long.MIN_VALUE);
        List<Row> edges = new ArrayList<>();
        if (mapping.direction() == Direction.BIDIRECTIONAL && mapping.fromNodeType().equals(mapping.toNodeType())) {
            List<String> faults = new ArrayList<>();
            links.bySource.values().forEach(flags -> faults.addAll(linkFaults(flags)));
            long lastWrite = Math.max(propertiesWrite, links.lastWrite.values().stream().mapToLong(Long::longValue).max().orElseThrow());
            edge(mapping, low, high, values, raw, lastWrite, faults, edges);
        } else {
            links.bySource.forEach((source, flags) -> edge(mapping, source, source.equals(low) ? high : low, values, raw,
                    Math.max(propertiesWrite, links.lastWrite.get(source)), new ArrayList<>(linkFaults(flags)), edges));
        }
        return edges;
    }

    private static List<String> linkFaults(boolean[] forwardAndReverse) {
        return !forwardAndReverse[1] ? List.of("reverse_link_missing") : !forwardAndReverse[0] ? List.of("forward_link_missing")
                : List.of();
    }

    private void edge(EdgeMapping mapping, String from, String to, Map<String, Object> values, Map<String, byte[]> raw,
                      long lastWrite, List<String> faults, List<Row> edges) {
        if (!nodeExists(mapping.fromNodeType(), from)) {
            faults.add("from_node_missing");
        }
        if (!nodeExists(mapping.toNodeType(), to)) {
            faults.add("to_node_missing");
        }
        if (!faults.isEmpty() && !keepRaw) {
            return;
        }
        List<Object> row = new ArrayList<>(List.of(mapping.edgeType(), mapping.fromNodeType(), from, mapping.toNodeType(), to,
                mapping.direction().name()));
        schema.edgeProperties().keySet().forEach(name -> row.add(values.get(name)));
        row.add(timestamp(lastWrite));
        if (keepRaw) {
            row.add(raw.isEmpty() ? null : CollectionConverters.asScala(raw));
            row.add(faults.isEmpty() ? null : CollectionConverters.asScala(faults).toSeq());
        }
        edges.add(RowFactory.create(row.toArray()));
    }

    private boolean nodeExists(String type, String id) {
        return !live(schema.nodeType(type).namespace(), id).isEmpty();
    }

    /** A declared property of its type goes to {@code values}; any other is a fault, kept raw when the policy keeps it. */
    private void property(Map<String, PropertyType> declared, String name, byte[] value, Map<String, Object> values,
                          Map<String, byte[]> raw) {
        Object parsed = declared.containsKey(name) ? parse(declared.get(name), new String(value, StandardCharsets.UTF_8)) : null;
        if (parsed != null) {
            values.put(name, parsed);
        } else if (keepRaw) {
            raw.put(name, value);
        }
    }

    private static Object parse(PropertyType type, String text) {
        try {
            return switch (type) {
                case STRING -> text;
                case LONG -> Long.parseLong(text);
                case DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> text.equals("true") || text.equals("false") ? Boolean.parseBoolean(text) : null;
                // The Timestamp Spark reads back for the instant (hybrid calendar before 1582).
                case TIMESTAMP -> DateTimeUtils.toJavaTimestamp(DateTimeUtils.instantToMicros(Instant.parse(text)));
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<WrittenGraph.Item> live(String namespace, String id) {
        return written.items(namespace, id).stream().filter(item -> item.liveAt(referenceTime)).toList();
    }

    private List<WrittenGraph.Item> allLive(String namespace) {
        return written.items(namespace).stream().filter(item -> item.liveAt(referenceTime)).toList();
    }

    private static List<String> pair(String a, String b) {
        return compareIds(a, b) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    /** Ids in the order of their UTF-8 bytes. */
    private static int compareIds(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Timestamp timestamp(long micros) {
        return Timestamp.from(Instant.EPOCH.plusNanos(micros * 1_000L));
    }
}
