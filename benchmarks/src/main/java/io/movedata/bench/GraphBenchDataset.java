package io.movedata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

import io.movedata.connector.graph.EdgePair;
import io.movedata.connector.graph.fixture.SocialGraphWriter;
import io.movedata.connector.graph.fixture.WrittenGraph;
import io.movedata.connector.graph.schema.EdgeMapping;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.connector.graph.schema.NodeType;
import io.movedata.connector.kv.KeyValueConnector;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * The graph benchmark's graph: {@link SocialGraphWriter}'s social graph (people, companies, posts;
 * follows, friends, works_at, likes, tags; properties of every type, compressed values, overwrites,
 * expiries, deletes) on one node, without faults, published as a Medusa backup into the directory of
 * an on-disk S3 endpoint. Generated once per size and reused while its {@code dataset.properties}
 * marker exists; the marker keeps the rows of each table (counted by a plain read when generated)
 * and the node and edge rows a correct movement writes.
 *
 * @param tableRows the rows a read of each table returns (deletes and TTLs applied), by table
 * @param nodes the nodes of each type a correct movement writes
 * @param edges the edges a correct movement writes
 */
record GraphBenchDataset(Path directory, int people, Map<String, Long> tableRows, Map<String, Long> nodes, long edges,
                         long dataBytes) {
    static final String BUCKET = "graphbench";
    static final String PREFIX = "cluster1";
    static final String BACKUP = "graph-bench";
    private static final long SEED = 20261208L;
    private static final String MARKER = "dataset.properties";

    static GraphBenchDataset prepare(Path root, int people, boolean regenerate) throws IOException {
        Path directory = root.resolve("people" + people + "-v1");
        Path marker = directory.resolve(MARKER);
        if (regenerate) {
            LocalFiles.deleteTree(directory);
        }
        if (Files.isRegularFile(marker)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            }
            System.out.printf("Reusing dataset %s (generated %s)%n", directory, p.getProperty("generated"));
            return read(directory, people, p);
        }
        LocalFiles.deleteTree(directory);
        Files.createDirectories(directory);
        long started = System.nanoTime();
        System.out.printf("Generating a social graph of %,d people into %s...%n", people, directory);
        Instant now = Instant.now();
        WrittenGraph written;
        try (FixtureCluster cluster = FixtureCluster.builder().schema(SocialGraphWriter.cql(1)).nodes(1)
                .directory(directory.resolve("cluster")).build();
             S3Endpoint s3 = S3Endpoint.onDisk(directory.resolve("s3"))) {
            SocialGraphWriter social = new SocialGraphWriter(cluster);
            social.generate(SEED, people, now);
            written = social.graph().written();
            System.out.println("  flushing and writing the Medusa backup...");
            s3.createBucket(BUCKET);
            try (ObjectStore store = s3.openStore(BUCKET)) {
                cluster.backup(store, s3.location(BUCKET, PREFIX), BACKUP, BackupMode.FULL);
            }
        }
        LocalFiles.deleteTree(directory.resolve("cluster"));
        Properties p = new Properties();
        try (S3Endpoint s3 = S3Endpoint.onDisk(directory.resolve("s3"))) {
            SparkSession spark = ReadBenchmark.startSpark(2, "movedata-graph-benchmark-dataset");
            try {
                for (String table : tables(schema())) {
                    p.setProperty("rows." + table, Long.toString(spark.read().format("cassandra-backup").options(s3.options())
                            .option(ReadOptions.BACKUP, s3.location(BUCKET, PREFIX).toString()).option(ReadOptions.NAME, BACKUP)
                            .option(ReadOptions.TABLE, table).option(ReadOptions.CONSISTENCY, "ONE").load().count()));
                }
            } finally {
                spark.stop();
            }
        }
        for (NodeType type : schema().nodeTypes()) {
            p.setProperty("nodes." + type.name(), Long.toString(written.ids(type.namespace()).stream()
                    .filter(id -> written.items(type.namespace(), id).stream().anyMatch(item -> item.liveAt(now))).count()));
        }
        p.setProperty("edges", Long.toString(edges(written)));
        p.setProperty("dataBytes", Long.toString(dataBytes(directory.resolve("s3").resolve(BUCKET))));
        p.setProperty("generated", String.format(Locale.ROOT, "%s in %.0f s", Instant.now(), (System.nanoTime() - started) / 1e9));
        try (OutputStream out = Files.newOutputStream(marker)) {
            p.store(out, "movedata graph benchmark dataset; delete this file (or use --regenerate) to regenerate");
        }
        GraphBenchDataset dataset = read(directory, people, p);
        System.out.printf("Generated: %s (%s)%n", dataset.describe(), p.getProperty("generated"));
        return dataset;
    }

    /**
     * The edges of a graph without faults: each forward link of a mapping is an edge, except that a
     * bidirectional mapping within one node type makes a pair's links one edge.
     */
    private static long edges(WrittenGraph written) {
        long edges = 0;
        for (EdgeMapping mapping : schema().edgeMappings()) {
            Set<Object> seen = new HashSet<>();
            for (WrittenGraph.Item link : written.items(mapping.forwardNamespace())) {
                String target = new String(link.key(), StandardCharsets.UTF_8);
                seen.add(mapping.mergesOrientations() ? EdgePair.of(link.id(), target) : List.of(link.id(), target));
            }
            edges += seen.size();
        }
        return edges;
    }

    private static GraphBenchDataset read(Path directory, int people, Properties p) {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables(schema()).forEach(table -> rows.put(table, Long.parseLong(p.getProperty("rows." + table))));
        Map<String, Long> nodes = new LinkedHashMap<>();
        schema().nodeTypes().forEach(type -> nodes.put(type.name(), Long.parseLong(p.getProperty("nodes." + type.name()))));
        return new GraphBenchDataset(directory, people, rows, nodes, Long.parseLong(p.getProperty("edges")),
                Long.parseLong(p.getProperty("dataBytes")));
    }

    static GraphSchema schema() {
        return SocialGraphWriter.schema();
    }

    /** The schema with its node types only: the movement of the node tables alone. */
    static String nodesOnlySchema() {
        return SocialGraphWriter.SCHEMA.substring(0, SocialGraphWriter.SCHEMA.indexOf("edgeMappings:"));
    }

    /** The items and chunks tables of the node namespaces. */
    static List<String> nodeTables() {
        return schema().nodeTypes().stream().flatMap(type -> namespaceTables(type.namespace())).toList();
    }

    /** The items and chunks tables of the link and edge-properties namespaces. */
    static List<String> edgeTables() {
        return schema().edgeMappings().stream().flatMap(m -> m.namespaces().stream()).flatMap(GraphBenchDataset::namespaceTables)
                .toList();
    }

    private static List<String> tables(GraphSchema schema) {
        return Stream.concat(nodeTables().stream(), edgeTables().stream()).toList();
    }

    private static Stream<String> namespaceTables(String namespace) {
        return Stream.of(namespace, KeyValueConnector.chunksTable(namespace));
    }

    long rows(List<String> tables) {
        return tables.stream().mapToLong(tableRows::get).sum();
    }

    long nodeRows() {
        return nodes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long dataBytes(Path backup) throws IOException {
        try (Stream<Path> files = Files.walk(backup)) {
            long sum = 0;
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-Data.db")).toList()) {
                sum += Files.size(file);
            }
            return sum;
        }
    }

    Path s3Directory() {
        return directory.resolve("s3");
    }

    String describe() {
        return String.format(Locale.ROOT, "social graph of %,d people: %,d rows in %d node tables (%,d nodes), %,d rows in %d "
                        + "link and edge-properties tables (%,d edges); %.1f MB of Data.db", people, rows(nodeTables()),
                nodeTables().size(), nodeRows(), rows(edgeTables()), edgeTables().size(), edges, dataBytes / 1e6);
    }
}
