package io.movedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The key-value benchmark ({@code bin/benchmark kv}): one key-value namespace, items and chunks
 * written by {@code KvNamespaceWriter}'s generator, moved in the same rounds two ways: by the
 * {@code key-value} connector (one co-partitioned read of both tables, values reassembled and
 * decoded, into an {@code items} table) and raw, by two {@code cassandra-table} movements (each
 * table copied as it is, as the old system did before its post-processing). Both read the same
 * rows of the same backup on an S3 endpoint, so rows/s of the backup's rows compare their cost
 * directly. See docs/performance.md, "Key-value movements".
 */
public final class KvBenchmark {
    static final String USAGE = """
            KvBenchmark: a key-value namespace moved by the key-value connector against the raw cassandra-table
            movement of its two tables, in the same rounds.
            Options (--name value or --name=value):
              --records N      records (ids) the generator writes (default 500)
              --splitMB N      the movements' splitSizeMB (default 64)
              --warmups N      unmeasured rounds first (default 1; a round runs both scenarios once)
              --runs N         measured rounds (default 3; medians are reported)
              --dir PATH       where the dataset is generated and kept (default .movedata/bench-kv)
              --regenerate     delete and regenerate the dataset even if present
            """;
    private static final List<String> OPTIONS = List.of("records", "splitmb", "warmups", "runs", "dir", "regenerate");
    static final String RAW = "raw: cassandra-table x 2 (items, chunks)";
    static final String KV = "key-value connector (items)";

    private final KvBenchDataset dataset;
    private final KvBenchMovements movements;
    private final HeapMonitor heap = new HeapMonitor();
    private final Map<String, List<Measurement>> measured = new LinkedHashMap<>();

    /**
     * One scenario's run: its time, the backup rows its movements read and the rows they wrote, the
     * reads' bytes, peak heap and CPU.
     */
    record Measurement(double seconds, long rowsRead, long rowsWritten, long bytesRead, long bytesFetched, long peakHeap,
                       double selfCores, double otherCores) {
        double rowsPerSecond() {
            return rowsRead / seconds;
        }
    }

    private KvBenchmark(KvBenchDataset dataset, KvBenchMovements movements) {
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
        int records = number(options, "records", 500, 1);
        int splitMB = number(options, "splitmb", 64, 1);
        int warmups = number(options, "warmups", 1, 0);
        int runs = number(options, "runs", 3, 1);
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-kv")).toAbsolutePath().normalize();
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        KvBenchDataset dataset = KvBenchDataset.prepare(directory, records, options.containsKey("regenerate"));
        int status = 0;
        try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.s3Directory())) {
            KvBenchmark bench = new KvBenchmark(dataset, new KvBenchMovements(dataset, s3, directory, splitMB));
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
        System.out.printf(Locale.ROOT, "Dataset: %s%n", dataset.describe());
        for (int round = 0; round < warmups + runs; round++) {
            boolean warmup = round < warmups;
            String label = warmup ? "warm-up " + (round + 1) : "run " + (round - warmups + 1);
            System.out.printf("%nRound %d of %d (%s)%n", round + 1, warmups + runs, label);
            int run = round + 1;
            measure(RAW, label, warmup, spark -> movements.raw(spark, run));
            measure(KV, label, warmup, spark -> movements.keyValue(spark, run));
        }
        report(warmups, runs);
    }

    /**
     * One scenario's movements in a {@code local[2]} session of their own, measured from spec to
     * committed snapshots; their tables are dropped afterwards, outside the measurement.
     */
    private void measure(String scenario, String label, boolean warmup, Function<SparkSession, List<MovementReport>> movement) {
        SparkSession spark = ReadBenchmark.startSpark(2, "movedata-kv-benchmark");
        try {
            heap.reset();
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            List<MovementReport> reports = movement.apply(spark);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.Usage cpu = CpuMeter.between(before, CpuMeter.read());
            Measurement m = new Measurement(seconds, sum(reports, r -> r.read().rows()),
                    sum(reports, r -> r.tables().stream().mapToLong(MovementReport.TableReport::rowsWritten).sum()),
                    sum(reports, r -> r.read().bytesRead()), sum(reports, r -> r.read().bytesFetched()), heap.sampledPeakBytes(),
                    cpu.selfCores(), cpu.otherCores());
            System.out.printf(Locale.ROOT, "  %-42s %-10s %6.2f s %,10d rows read %,10.0f rows/s %,10d rows written  "
                            + "%,.1f MB read, %,.1f MB fetched  heap %,d MiB  cores: this JVM %.2f, others %.2f%n",
                    scenario, label, seconds, m.rowsRead(), m.rowsPerSecond(), m.rowsWritten(), m.bytesRead() / 1e6,
                    m.bytesFetched() / 1e6, m.peakHeap() >> 20, m.selfCores(), m.otherCores());
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
        System.out.printf(Locale.ROOT, "%n## Results (%s; max heap %d MiB)%n%n", dataset.describe(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| scenario | rows read | rows written | median run (s) | rows read/s (median) | rows read/s (slowest - fastest) "
                + "| MB read | MB fetched | peak heap sampled (MiB) | cores used by this JVM | cores used by others (max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scenario : List.of(RAW, KV)) {
            List<Measurement> runsOf = new ArrayList<>(measured.get(scenario));
            runsOf.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
            Measurement median = runsOf.get(runsOf.size() / 2);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,.0f | %,.0f - %,.0f | %.1f | %.1f | %,d | %.2f | %.2f |%n",
                    scenario, median.rowsRead(), median.rowsWritten(), median.seconds(), median.rowsPerSecond(),
                    runsOf.get(runsOf.size() - 1).rowsPerSecond(), runsOf.get(0).rowsPerSecond(), median.bytesRead() / 1e6,
                    median.bytesFetched() / 1e6, runsOf.stream().mapToLong(Measurement::peakHeap).max().orElse(0) >> 20,
                    median.selfCores(), runsOf.stream().mapToDouble(Measurement::otherCores).max().orElse(0));
        }
        System.out.printf("(medians of %d measured rounds after %d warm-up rounds; in each round both scenarios run once)%n%n", runs, warmups);
        double[] ratios = new double[runs];
        for (int i = 0; i < runs; i++) {
            ratios[i] = measured.get(KV).get(i).rowsPerSecond() / measured.get(RAW).get(i).rowsPerSecond();
        }
        java.util.Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "key-value / raw, rows read/s: median of per-round ratios %.2f (%.2f - %.2f); target >= 0.8%n",
                ratios[runs / 2], ratios[0], ratios[runs - 1]);
        System.out.printf("%nLoad average at the end: %s%n", loadAverage());
    }

    private static int number(Map<String, String> options, String name, int fallback, int minimum) {
        int value = Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)).replace("_", ""));
        if (value < minimum) {
            throw new IllegalArgumentException("--" + name + " must be at least " + minimum + ", found " + value + "\n" + USAGE);
        }
        return value;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
