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
import java.util.function.ToLongFunction;

import org.apache.spark.sql.SparkSession;

import io.movedata.bench.KvBenchmark.Measurement;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.testkit.S3Endpoint;

/**
 * The time-series benchmark ({@code bin/benchmark timeseries}): one time-series namespace of
 * several slices, written by {@code TimeSeriesWriter}'s generator, moved in the same rounds two
 * ways: by the {@code timeseries} connector (every slice table read, events assembled per partition,
 * into an {@code events} table) and raw, by one {@code cassandra-table} movement per slice table
 * (each copied as it is). Both read the same rows of the same backup on an S3 endpoint, so rows/s of
 * the backup's rows compare their cost directly. See docs/performance.md, "Time-series movements".
 */
public final class TsBenchmark {
    static final String USAGE = """
            TsBenchmark: a time-series namespace moved by the timeseries connector against the raw cassandra-table
            movements of its slice tables, in the same rounds.
            Options (--name value or --name=value):
              --slices N       slices (tables) of one day each (default 4)
              --series N       time series the generator writes per slice (default 40)
              --events N       events per series and slice (default 400)
              --splitMB N      the movements' splitSizeMB (default 64)
              --warmups N      unmeasured rounds first (default 1; a round runs both scenarios once)
              --runs N         measured rounds (default 3; medians are reported)
              --dir PATH       where the dataset is generated and kept (default .movedata/bench-ts)
              --regenerate     delete and regenerate the dataset even if present
            """;
    private static final List<String> OPTIONS = List.of("slices", "series", "events", "splitmb", "warmups", "runs", "dir",
            "regenerate");

    private final TsBenchDataset dataset;
    private final TsBenchMovements movements;
    private final String raw;
    private final String timeSeries = "timeseries connector (events)";
    private final HeapMonitor heap = new HeapMonitor();
    private final Map<String, List<Measurement>> measured = new LinkedHashMap<>();

    private TsBenchmark(TsBenchDataset dataset, TsBenchMovements movements) {
        this.dataset = dataset;
        this.movements = movements;
        this.raw = "raw: cassandra-table x " + dataset.slices().size() + " (slice tables)";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, USAGE, Set.of("regenerate"));
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        int slices = number(options, "slices", 4, 1);
        int series = number(options, "series", 40, 1);
        int events = number(options, "events", 400, 1);
        int splitMB = number(options, "splitmb", 64, 1);
        int warmups = number(options, "warmups", 1, 0);
        int runs = number(options, "runs", 3, 1);
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-ts")).toAbsolutePath().normalize();
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, KvBenchmark.loadAverage());
        TsBenchDataset dataset = TsBenchDataset.prepare(directory, slices, series, events, options.containsKey("regenerate"));
        int status = 0;
        try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.s3Directory())) {
            TsBenchmark bench = new TsBenchmark(dataset, new TsBenchMovements(dataset, s3, directory, splitMB));
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
            measure(raw, label, warmup, spark -> movements.raw(spark, run));
            measure(timeSeries, label, warmup, spark -> movements.timeSeries(spark, run));
        }
        report(warmups, runs);
    }

    /**
     * One scenario's movements in a {@code local[2]} session of their own, measured from spec to
     * committed snapshots; their tables are dropped afterwards, outside the measurement.
     */
    private void measure(String scenario, String label, boolean warmup, Function<SparkSession, List<MovementReport>> movement) {
        SparkSession spark = ReadBenchmark.startSpark(2, "movedata-ts-benchmark");
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

    private static long sum(List<MovementReport> reports, ToLongFunction<MovementReport> value) {
        return reports.stream().mapToLong(value).sum();
    }

    private void report(int warmups, int runs) {
        System.out.printf(Locale.ROOT, "%n## Results (%s; max heap %d MiB)%n%n", dataset.describe(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| scenario | rows read | rows written | median run (s) | rows read/s (median) | rows read/s (slowest - fastest) "
                + "| MB read | MB fetched | peak heap sampled (MiB) | cores used by this JVM | cores used by others (max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scenario : List.of(raw, timeSeries)) {
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
            ratios[i] = measured.get(timeSeries).get(i).rowsPerSecond() / measured.get(raw).get(i).rowsPerSecond();
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "timeseries / raw, rows read/s: median of per-round ratios %.2f (%.2f - %.2f); target >= 0.8%n",
                ratios[runs / 2], ratios[0], ratios[runs - 1]);
        System.out.printf("%nLoad average at the end: %s%n", KvBenchmark.loadAverage());
    }

    private static int number(Map<String, String> options, String name, int fallback, int minimum) {
        int value = Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)).replace("_", ""));
        if (value < minimum) {
            throw new IllegalArgumentException("--" + name + " must be at least " + minimum + ", found " + value + "\n" + USAGE);
        }
        return value;
    }
}
