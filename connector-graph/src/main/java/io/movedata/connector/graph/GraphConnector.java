package io.movedata.connector.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import io.movedata.connector.graph.schema.EdgeMapping;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.connector.graph.schema.NodeType;
import io.movedata.connector.kv.CorruptItems;
import io.movedata.connector.kv.KvNamespace;

/**
 * The {@code graph} connector: a property graph stored in key-value namespaces (one per node type;
 * forward links, reverse links and edge properties per edge mapping), typed by a graph schema, moved
 * into one table per node type and an {@code edges} table, with an integrity report
 * (docs/connectors/graph.md). Node tables stream; the edges take one shuffle.
 */
@AutoService(ConnectorFactory.class)
public final class GraphConnector implements ConnectorFactory {
    public static final String NAME = "graph";

    static final String BUCKETS = "buckets";
    static final String ON_CORRUPT = "onCorrupt";

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
        return "Moves a property graph stored in key-value namespaces (nodes per type; forward links, reverse links and edge "
                + "properties per edge mapping), typed by a graph schema, into one table per node type and an edges table, "
                + "checking link symmetry, missing nodes and property types.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(GraphSchema.OPTION).required()
                        .documentation("the graph schema, YAML or JSON text: keyspace, nodeTypes (name, properties, namespace) "
                                + "and edgeMappings (fromNodeType, edgeType, toNodeType, direction, properties, namespaces)"),
                Integrity.option(),
                CorruptItems.option(ON_CORRUPT),
                OptionSpec.integer(BUCKETS).defaultValue("16").validator(OptionSpec.Validator.atLeast(1))
                        .documentation("the node tables are partitioned by bucket(buckets, id)"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        GraphSchema schema = GraphSchema.parse(options.string(GraphSchema.OPTION));
        Integrity integrity = Integrity.of(options.string(Integrity.OPTION), context);
        String onCorrupt = options.string(ON_CORRUPT);
        int buckets = options.integer(BUCKETS);
        Instant referenceTime = context.referenceTime();
        boolean hasEdges = !schema.edgeMappings().isEmpty();
        return new Connector() {
            /** Built by targets, which the runtime calls with the source schemas before output. */
            private final Map<String, NodeTransform> nodes = new LinkedHashMap<>();
            private final Map<String, EdgePartsTransform> parts = new LinkedHashMap<>();
            private final Map<String, List<String>> partsTables = new LinkedHashMap<>();

            @Override
            public List<SourceTable> sources() {
                Set<SourceTable> sources = new LinkedHashSet<>();
                schema.nodeTypes().forEach(type -> sources.addAll(KvNamespace.sources(type.namespace())));
                schema.edgeMappings().forEach(mapping -> mapping.namespaces()
                        .forEach(namespace -> sources.addAll(KvNamespace.sources(namespace))));
                return List.copyOf(sources);
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                List<TargetTable> targets = new ArrayList<>();
                for (NodeType type : schema.nodeTypes()) {
                    nodes.put(type.name(), new NodeTransform(type, namespace(type.namespace(), sourceSchemas), integrity, hasEdges));
                    targets.add(GraphTables.nodeTarget(type, integrity.keepsRaw(), buckets));
                }
                if (hasEdges) {
                    Map<String, List<EdgePartsTransform.Source>> byKeyspace = new LinkedHashMap<>();
                    for (int m = 0; m < schema.edgeMappings().size(); m++) {
                        EdgeMapping mapping = schema.edgeMappings().get(m);
                        // The namespaces come in the order of the parts' kinds: forward, reverse, properties.
                        for (int kind = 0; kind < mapping.namespaces().size(); kind++) {
                            KvNamespace namespace = namespace(mapping.namespaces().get(kind), sourceSchemas);
                            String keyspace = SourceTable.of(namespace.itemsTable()).keyspace();
                            byKeyspace.computeIfAbsent(keyspace, ks -> new ArrayList<>())
                                    .add(new EdgePartsTransform.Source(m, kind, namespace));
                            partsTables.computeIfAbsent(keyspace, ks -> new ArrayList<>()).addAll(namespace.tables());
                        }
                    }
                    byKeyspace.forEach((keyspace, sources) -> parts.put(keyspace, new EdgePartsTransform(sources, integrity)));
                    targets.add(GraphTables.edgesTarget(schema, integrity.keepsRaw()));
                }
                return targets;
            }

            private KvNamespace namespace(String table, Map<String, StructType> sourceSchemas) {
                return KvNamespace.of(table, sourceSchemas, referenceTime, CorruptItems.of(onCorrupt, table, context));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
                Map<String, Dataset<Row>> nodeIds = new LinkedHashMap<>();
                for (NodeType type : schema.nodeTypes()) {
                    NodeTransform transform = nodes.get(type.name());
                    Map<String, Dataset<Row>> read = sources.cogroup(transform.tables(), transform);
                    frames.put(type.name(), read.get(NodeTransform.NODES));
                    if (hasEdges) {
                        nodeIds.put(type.name(), read.get(NodeTransform.IDS));
                    }
                }
                if (hasEdges) {
                    List<Dataset<Row>> partFrames = new ArrayList<>();
                    parts.forEach((keyspace, transform) ->
                            partFrames.add(sources.cogroup(partsTables.get(keyspace), transform).get(EdgePartsTransform.PARTS)));
                    frames.put(GraphSchema.EDGES, EdgesFrame.of(schema, integrity, partFrames, nodeIds));
                }
                return frames;
            }
        };
    }
}
