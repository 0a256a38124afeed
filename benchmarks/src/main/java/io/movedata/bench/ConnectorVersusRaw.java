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
 * The rounds of a connector benchmark: in each round the raw scenario (the connector's tables
 * copied by {@code cassandra-table}) and then the connector's, each in a {@code local[2]} session of
 * its own, measured from spec to committed snapshots; then a table of both and the median of the
 * per-round ratios of rows read per second. The benchmarks of docs/performance.md that compare a
 * connector with the raw movement of its tables ({@code bin/benchmark kv}, {@code timeseries}).
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

    private final String appName;
    private final String raw;
    private final String connector;
    private final HeapMonitor heap = new HeapMonitor();
    private final Map<String, List<Measurement>> measured = new LinkedHashMap<>();

    /**
     * @param raw the raw scenario's name, as the tables print it
     * @param connector the connector scenario's name
     */
    ConnectorVersusRaw(String appName, String raw, String connector) {
        this.appName = appName;
        this.raw = raw;
        this.connector = connector;
    }

    /** The machine, as the first line of every benchmark's output says it. */
    static void printMachine() {
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    }

    /**
     * Runs the rounds: each runs the raw scenario, then the connector's; {@code drop} runs after each
     * scenario, outside its measurement.
     *
     * @param rawMovements the raw scenario of round {@code n} (1-based)
     * @param connectorMovements the connector scenario of round {@code n}
     */
    void run(int warmups, int runs, RoundMovements rawMovements, RoundMovements connectorMovements, Runnable drop) {
        for (int round = 0; round < warmups + runs; round++) {
            boolean warmup = round < warmups;
            String label = warmup ? "warm-up " + (round + 1) : "run " + (round - warmups + 1);
            System.out.printf("%nRound %d of %d (%s)%n", round + 1, warmups + runs, label);
            int run = round + 1;
            measure(raw, label, warmup, spark -> rawMovements.apply(spark, run), drop);
            measure(connector, label, warmup, spark -> connectorMovements.apply(spark, run), drop);
        }
    }

    /** The movements of one scenario in one round. */
    @FunctionalInterface
    interface RoundMovements {
        List<MovementReport> apply(SparkSession spark, int run);
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
            System.out.printf(Locale.ROOT, "  %-42s %-10s %6.2f s %,10d rows read %,10.0f rows/s %,10d rows written  "
                            + "%,.1f MB read, %,.1f MB fetched  heap %,d MiB  cores: this JVM %.2f, others %.2f%n",
                    scenario, label, seconds, m.rowsRead(), m.rowsPerSecond(), m.rowsWritten(), m.bytesRead() / 1e6,
                    m.bytesFetched() / 1e6, m.peakHeap() >> 20, m.selfCores(), m.otherCores());
            if (!warmup) {
                measured.computeIfAbsent(scenario, k -> new ArrayList<>()).add(m);
            }
        } finally {
            spark.stop();
            drop.run();
        }
    }

    private static long sum(List<MovementReport> reports, ToLongFunction<MovementReport> value) {
        return reports.stream().mapToLong(value).sum();
    }

    /**
     * Prints both scenarios' medians and ranges, and the median of the per-round ratios.
     *
     * @param dataset the dataset, as the table's title says it
     * @param ratio how the ratio line names the connector, e.g. {@code key-value}
     */
    void report(String dataset, String ratio, int warmups, int runs) {
        System.out.printf(Locale.ROOT, "%n## Results (%s; max heap %d MiB)%n%n", dataset, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| scenario | rows read | rows written | median run (s) | rows read/s (median) | rows read/s (slowest - fastest) "
                + "| MB read | MB fetched | peak heap sampled (MiB) | cores used by this JVM | cores used by others (max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scenario : List.of(raw, connector)) {
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
            ratios[i] = measured.get(connector).get(i).rowsPerSecond() / measured.get(raw).get(i).rowsPerSecond();
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%s / raw, rows read/s: median of per-round ratios %.2f (%.2f - %.2f); target >= 0.8%n",
                ratio, ratios[runs / 2], ratios[0], ratios[runs - 1]);
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
