package io.movedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.movement.MovementReport;

/**
 * The rounds of a connector benchmark: in each round every scenario (the connector's tables copied
 * by {@code cassandra-table}, the connector's movement, ...) in turn, each in a {@code local[2]}
 * session of its own, measured from spec to committed snapshots; then a table of the scenarios and
 * the median of the per-round ratios of rows read per second of a connector scenario to its raw one.
 * The benchmarks of docs/performance.md that compare a connector with the raw movement of its tables
 * ({@code bin/benchmark kv}, {@code timeseries}, {@code graph}).
 */
final class ConnectorVersusRaw implements AutoCloseable {
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

    /** A scenario: its name, as the tables print it, and its movements of each round. */
    record Scenario(String name, RoundMovements movements) {}

    /** The movements of one scenario in one round. */
    @FunctionalInterface
    interface RoundMovements {
        List<MovementReport> apply(SparkSession spark, int run);
    }

    private final String appName;
    private final HeapMonitor heap = new HeapMonitor();
    private final Map<String, List<Measurement>> measured = new LinkedHashMap<>();

    ConnectorVersusRaw(String appName) {
        this.appName = appName;
    }

    /** The machine, as the first line of every benchmark's output says it. */
    static void printMachine() {
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    }

    /**
     * Runs the rounds: each runs every scenario once, in order; {@code drop} runs after each
     * scenario, outside its measurement.
     */
    void run(int warmups, int runs, List<Scenario> scenarios, Runnable drop) {
        for (int round = 0; round < warmups + runs; round++) {
            boolean warmup = round < warmups;
            String label = warmup ? "warm-up " + (round + 1) : "run " + (round - warmups + 1);
            System.out.printf("%nRound %d of %d (%s)%n", round + 1, warmups + runs, label);
            int run = round + 1;
            for (Scenario scenario : scenarios) {
                measure(scenario.name(), label, warmup, spark -> scenario.movements().apply(spark, run), drop);
            }
        }
    }

    private void measure(String scenario, String label, boolean warmup, Function<SparkSession, List<MovementReport>> movement,
                         Runnable drop) {
        SparkSession spark = ReadBenchmark.startSpark(2, appName);
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
            System.out.printf(Locale.ROOT, "  %-50s %-10s %6.2f s %,10d rows read %,10.0f rows/s %,10d rows written  "
                            + "%,.1f MB read, %,.1f MB fetched  heap %,d MiB  cores: this JVM %.2f, others %.2f%n",
                    scenario, label, seconds, m.rowsRead(), m.rowsPerSecond(), m.rowsWritten(), m.bytesRead() / 1e6,
                    m.bytesFetched() / 1e6, m.peakHeap() >> 20, m.selfCores(), m.otherCores());
            if (!warmup) {
                add(scenario, m);
            }
        } finally {
            spark.stop();
            drop.run();
        }
    }

    private static long sum(List<MovementReport> reports, ToLongFunction<MovementReport> value) {
        return reports.stream().mapToLong(value).sum();
    }

    /** The measured rounds of {@code scenario}, in order. */
    List<Measurement> measured(String scenario) {
        return measured.get(scenario);
    }

    /** Adds a measured round to {@code scenario}: one run, or one derived from others' (e.g. a difference). */
    void add(String scenario, Measurement measurement) {
        measured.computeIfAbsent(scenario, k -> new ArrayList<>()).add(measurement);
    }

    /**
     * Prints the scenarios' medians and ranges.
     *
     * @param dataset the dataset, as the table's title says it
     */
    void table(String dataset, List<String> scenarios, int warmups, int runs) {
        System.out.printf(Locale.ROOT, "%n## Results (%s; max heap %d MiB)%n%n", dataset, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| scenario | rows read | rows written | median run (s) | rows read/s (median) | rows read/s (slowest - fastest) "
                + "| MB read | MB fetched | peak heap sampled (MiB) | cores used by this JVM | cores used by others (max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scenario : scenarios) {
            List<Measurement> runsOf = new ArrayList<>(measured.get(scenario));
            runsOf.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
            Measurement median = runsOf.get(runsOf.size() / 2);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,.0f | %,.0f - %,.0f | %.1f | %.1f | %,d | %.2f | %.2f |%n",
                    scenario, median.rowsRead(), median.rowsWritten(), median.seconds(), median.rowsPerSecond(),
                    runsOf.get(runsOf.size() - 1).rowsPerSecond(), runsOf.get(0).rowsPerSecond(), median.bytesRead() / 1e6,
                    median.bytesFetched() / 1e6, runsOf.stream().mapToLong(Measurement::peakHeap).max().orElse(0) >> 20,
                    median.selfCores(), runsOf.stream().mapToDouble(Measurement::otherCores).max().orElse(0));
        }
        System.out.printf("(medians of %d measured rounds after %d warm-up rounds; in each round every scenario runs once)%n%n",
                runs, warmups);
    }

    /**
     * Prints the median and range of the per-round ratios of {@code connector}'s rows read per second
     * to {@code raw}'s.
     *
     * @param what how the line names the ratio, e.g. {@code key-value / raw}
     */
    void ratio(String what, String connector, String raw, int runs, double target) {
        double[] ratios = new double[runs];
        for (int i = 0; i < runs; i++) {
            ratios[i] = measured.get(connector).get(i).rowsPerSecond() / measured.get(raw).get(i).rowsPerSecond();
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%s, rows read/s: median of per-round ratios %.2f (%.2f - %.2f); target >= %.1f%n",
                what, ratios[runs / 2], ratios[0], ratios[runs - 1], target);
    }

    static void printLoadAverage() {
        System.out.printf("%nLoad average at the end: %s%n", loadAverage());
    }

    @Override
    public void close() {
        heap.close();
    }

    /** An option's whole number, at least {@code minimum}. */
    static int number(Map<String, String> options, String name, int fallback, int minimum, String usage) {
        int value = Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)).replace("_", ""));
        if (value < minimum) {
            throw new IllegalArgumentException("--" + name + " must be at least " + minimum + ", found " + value + "\n" + usage);
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
