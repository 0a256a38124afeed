package io.movedata.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.movedata.testkit.S3Endpoint;

/**
 * The graph benchmark ({@code bin/benchmark graph}): a generated social graph moved in the same
 * rounds four ways: its node tables raw ({@code cassandra-table}, one movement per table) and by the
 * {@code graph} connector with the schema's node types only; its link and edge-properties tables raw;
 * and the whole graph by the {@code graph} connector. Node tables compare directly; the edges' cost
 * is what the edge mappings add to the graph movement (whole graph minus node types only, in the same
 * round), against the raw movement of the link and edge-properties tables. See docs/performance.md,
 * "Graph movements".
 */
public final class GraphBenchmark {
    static final String USAGE = """
            GraphBenchmark: a social graph moved by the graph connector against the raw cassandra-table movement of its
            tables, node tables and edges apart, in the same rounds.
            Options (--name value or --name=value):
              --people N       people the generator writes (default 100000; a tenth as many companies, twice as many posts)
              --splitMB N      the movements' splitSizeMB (default 64)
              --warmups N      unmeasured rounds first (default 1; a round runs every scenario once)
              --runs N         measured rounds (default 3; medians are reported)
              --dir PATH       where the dataset is generated and kept (default .movedata/bench-graph)
              --regenerate     delete and regenerate the dataset even if present
            """;
    private static final List<String> OPTIONS = List.of("people", "splitmb", "warmups", "runs", "dir", "regenerate");
    static final String RAW_NODES = "raw: cassandra-table x node tables";
    static final String GRAPH_NODES = "graph connector, node types only";
    static final String RAW_EDGES = "raw: cassandra-table x link and property tables";
    static final String GRAPH = "graph connector, whole graph";
    static final String EDGES = "edges: whole graph - node types only";

    private GraphBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, USAGE, Set.of("regenerate"));
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        int people = ConnectorVersusRaw.number(options, "people", 100_000, 1, USAGE);
        int splitMB = ConnectorVersusRaw.number(options, "splitmb", 64, 1, USAGE);
        int warmups = ConnectorVersusRaw.number(options, "warmups", 1, 0, USAGE);
        int runs = ConnectorVersusRaw.number(options, "runs", 3, 1, USAGE);
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-graph")).toAbsolutePath().normalize();
        ConnectorVersusRaw.printMachine();
        GraphBenchDataset dataset = GraphBenchDataset.prepare(directory, people, options.containsKey("regenerate"));
        int status = 0;
        try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.s3Directory());
             ConnectorVersusRaw rounds = new ConnectorVersusRaw("movedata-graph-benchmark")) {
            GraphBenchMovements movements = new GraphBenchMovements(dataset, s3, directory, splitMB);
            System.out.printf("Dataset: %s%n", dataset.describe());
            rounds.run(warmups, runs, List.of(
                    new ConnectorVersusRaw.Scenario(RAW_NODES, (spark, run) -> movements.raw(spark, GraphBenchDataset.nodeTables(), run)),
                    new ConnectorVersusRaw.Scenario(GRAPH_NODES, (spark, run) -> movements.graph(spark, false, run)),
                    new ConnectorVersusRaw.Scenario(RAW_EDGES, (spark, run) -> movements.raw(spark, GraphBenchDataset.edgeTables(), run)),
                    new ConnectorVersusRaw.Scenario(GRAPH, (spark, run) -> movements.graph(spark, true, run))), movements::drop);
            addEdges(rounds, dataset.rows(GraphBenchDataset.edgeTables()), runs);
            rounds.table(dataset.describe(), List.of(RAW_NODES, GRAPH_NODES, RAW_EDGES, EDGES, GRAPH), warmups, runs);
            rounds.ratio("node tables: graph / raw", GRAPH_NODES, RAW_NODES, runs, 0.8);
            rounds.ratio("edges: graph / raw", EDGES, RAW_EDGES, runs, 0.4);
            ConnectorVersusRaw.printLoadAverage();
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark may leave non-daemon threads behind; the benchmark is over either way.
        System.exit(status);
    }

    /** The edges' cost in each round: what the edge mappings add to the graph movement, reading the edge tables' rows. */
    private static void addEdges(ConnectorVersusRaw rounds, long edgeRows, int runs) {
        for (int i = 0; i < runs; i++) {
            ConnectorVersusRaw.Measurement whole = rounds.measured(GRAPH).get(i);
            ConnectorVersusRaw.Measurement nodes = rounds.measured(GRAPH_NODES).get(i);
            rounds.add(EDGES, new ConnectorVersusRaw.Measurement(whole.seconds() - nodes.seconds(), edgeRows,
                    whole.rowsWritten() - nodes.rowsWritten(), whole.bytesRead() - nodes.bytesRead(),
                    whole.bytesFetched() - nodes.bytesFetched(), whole.peakHeap(), whole.selfCores(), whole.otherCores()));
        }
    }
}
