package io.movedata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.movement.MovementReport;
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
              --people N       people the generator writes (default 5000; a tenth as many companies, twice as many posts)
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

    private final GraphBenchDataset dataset;
    private final GraphBenchMovements movements;
    private final HeapMonitor heap = new HeapMonitor();
    private final Map<String, List<ConnectorVersusRaw.Measurement>> measured = new LinkedHashMap<>();

    private GraphBenchmark(GraphBenchDataset dataset, GraphBenchMovements movements) {
        this.dataset = dataset;
        this.movements = movements;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, USAGE, Set.of("regenerate"));
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        int people = number(options, "people", 5000, 1);
        int splitMB = number(options, "splitmb", 64, 1);
        int warmups = number(options, "warmups", 1, 0);
        int runs = number(options, "runs", 3, 1);
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-graph")).toAbsolutePath().normalize();
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, ConnectorVersusRaw.loadAverage());
        GraphBenchDataset dataset = GraphBenchDataset.prepare(directory, people, options.containsKey("regenerate"));
        int status = 0;
        try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.s3Directory())) {
            GraphBenchmark bench = new GraphBenchmark(dataset, new GraphBenchMovements(dataset, s3, directory, splitMB));
            try {
                bench.run(warmups, runs);
            } finally {
                bench.heap.close();
            }
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark may leave non-daemon threads behind; the benchmark is over either way.
        System.exit(status);
    }

    private void run(int warmups, int runs) {
        System.out.printf("Dataset: %s%n", dataset.describe());
        for (int round = 0; round < warmups + runs; round++) {
            boolean warmup = round < warmups;
            String label = warmup ? "warm-up " + (round + 1) : "run " + (round - warmups + 1);
            System.out.printf("%nRound %d of %d (%s)%n", round + 1, warmups + runs, label);
            int run = round + 1;
            measure(RAW_NODES, label, warmup, spark -> movements.raw(spark, GraphBenchDataset.nodeTables(), run));
            measure(GRAPH_NODES, label, warmup, spark -> movements.graph(spark, false, run));
            measure(RAW_EDGES, label, warmup, spark -> movements.raw(spark, GraphBenchDataset.edgeTables(), run));
            measure(GRAPH, label, warmup, spark -> movements.graph(spark, true, run));
        }
        report(warmups, runs);
    }

    /**
     * One scenario's movements in a {@code local[2]} session of their own, measured from spec to
     * committed snapshots; their tables are dropped afterwards, outside the measurement.
     */
    private void measure(String scenario, String label, boolean warmup, Function<SparkSession, List<MovementReport>> movement) {
        SparkSession spark = ReadBenchmark.startSpark(2, "movedata-graph-benchmark");
        try {
            heap.reset();
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            List<MovementReport> reports = movement.apply(spark);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.Usage cpu = CpuMeter.between(before, CpuMeter.read());
            ConnectorVersusRaw.Measurement m = new ConnectorVersusRaw.Measurement(seconds, sum(reports, r -> r.read().rows()),
                    sum(reports, r -> r.tables().stream().mapToLong(MovementReport.TableReport::rowsWritten).sum()),
                    sum(reports, r -> r.read().bytesRead()), sum(reports, r -> r.read().bytesFetched()), heap.sampledPeakBytes(),
                    cpu.selfCores(), cpu.otherCores());
            System.out.printf(Locale.ROOT, "  %-50s %-10s %6.2f s %,10d rows read %,10.0f rows/s %,10d rows written  "
                            + "%,.1f MB read  heap %,d MiB  cores: this JVM %.2f, others %.2f%n",
                    scenario, label, seconds, m.rowsRead(), m.rowsPerSecond(), m.rowsWritten(), m.bytesRead() / 1e6,
                    m.peakHeap() >> 20, m.selfCores(), m.otherCores());
            if (!warmup) {
                measured.computeIfAbsent(scenario, k -> new ArrayList<>()).add(m);
            }
        } finally {
            spark.stop();
            movements.drop();
        }
    }

    private static long sum(List<MovementReport> reports, java.util.function.ToLongFunction<MovementReport> value) {
        return reports.stream().mapToLong(value).sum();
    }

    private void report(int warmups, int runs) {
        // The edges' cost in each round: what the edge mappings add to the graph movement.
        long edgeRows = dataset.rows(GraphBenchDataset.edgeTables());
        for (int i = 0; i < runs; i++) {
            ConnectorVersusRaw.Measurement whole = measured.get(GRAPH).get(i);
            ConnectorVersusRaw.Measurement nodes = measured.get(GRAPH_NODES).get(i);
            measured.computeIfAbsent(EDGES, k -> new ArrayList<>()).add(new ConnectorVersusRaw.Measurement(
                    whole.seconds() - nodes.seconds(), edgeRows, whole.rowsWritten() - nodes.rowsWritten(),
                    whole.bytesRead() - nodes.bytesRead(), whole.bytesFetched() - nodes.bytesFetched(), whole.peakHeap(),
                    whole.selfCores(), whole.otherCores()));
        }
        System.out.printf(Locale.ROOT, "%n## Results (%s; max heap %d MiB)%n%n", dataset.describe(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| scenario | rows read | rows written | median run (s) | rows read/s (median) | rows read/s (slowest - fastest) "
                + "| MB read | peak heap sampled (MiB) | cores used by this JVM | cores used by others (max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scenario : List.of(RAW_NODES, GRAPH_NODES, RAW_EDGES, EDGES, GRAPH)) {
            List<ConnectorVersusRaw.Measurement> runsOf = new ArrayList<>(measured.get(scenario));
            runsOf.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
            ConnectorVersusRaw.Measurement median = runsOf.get(runsOf.size() / 2);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,.0f | %,.0f - %,.0f | %.1f | %,d | %.2f | %.2f |%n",
                    scenario, median.rowsRead(), median.rowsWritten(), median.seconds(), median.rowsPerSecond(),
                    runsOf.get(runsOf.size() - 1).rowsPerSecond(), runsOf.get(0).rowsPerSecond(), median.bytesRead() / 1e6,
                    runsOf.stream().mapToLong(ConnectorVersusRaw.Measurement::peakHeap).max().orElse(0) >> 20,
                    median.selfCores(), runsOf.stream().mapToDouble(ConnectorVersusRaw.Measurement::otherCores).max().orElse(0));
        }
        System.out.printf("(medians of %d measured rounds after %d warm-up rounds; in each round every scenario runs once)%n%n",
                runs, warmups);
        ratio("node tables: graph / raw", GRAPH_NODES, RAW_NODES, runs, 0.8);
        ratio("edges: graph / raw", EDGES, RAW_EDGES, runs, 0.4);
        System.out.printf("%nLoad average at the end: %s%n", ConnectorVersusRaw.loadAverage());
    }

    private void ratio(String what, String graph, String raw, int runs, double target) {
        double[] ratios = new double[runs];
        for (int i = 0; i < runs; i++) {
            ratios[i] = measured.get(graph).get(i).rowsPerSecond() / measured.get(raw).get(i).rowsPerSecond();
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%s, rows read/s: median of per-round ratios %.2f (%.2f - %.2f); target >= %.1f%n",
                what, ratios[runs / 2], ratios[0], ratios[runs - 1], target);
    }

    private static int number(Map<String, String> options, String name, int fallback, int minimum) {
        int value = Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)).replace("_", ""));
        if (value < minimum) {
            throw new IllegalArgumentException("--" + name + " must be at least " + minimum + ", found " + value + "\n" + USAGE);
        }
        return value;
    }
}
