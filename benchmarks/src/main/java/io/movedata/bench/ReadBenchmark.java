package io.movedata.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.spark.NioLocalFileSystem;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.sstable.CassandraOffline;
import io.movedata.runtime.store.FileObjectStore;

/**
 * Read throughput of the {@code cassandra-backup} data source against the floor, a plain
 * single-threaded cassandra-all scan and merge of the same SSTables; and, on request
 * ({@code --scenarios ...,move2}), a whole movement of the same data into Iceberg against the read.
 * See docs/performance.md; run with {@code bin/benchmark [--rows N] [--partitions N] ...}
 * ({@code --help} lists options).
 *
 * <p>Scenarios run interleaved in rounds ({@code --warmups} unmeasured rounds, then {@code --runs}
 * measured ones); the table reports each scenario's first (cold) run, the median and spread of its
 * measured runs, and ratios both of medians and per round. Results are checked against the values the generator
 * knows, so a fast but wrong read cannot pass unnoticed.
 */
public final class ReadBenchmark {
    /** Targets of the issue. */
    static final double TARGET_SPARK1_VS_PLAIN = 0.7;
    static final double TARGET_SPARK2_VS_SPARK1 = 1.7;

    private final BenchConfig config;
    private final BenchDataset dataset;
    private final BenchData.Expected expected;
    private final HeapMonitor heap = new HeapMonitor();
    private final Map<String, List<Measurement>> warmups = new LinkedHashMap<>();
    private final Map<String, List<Measurement>> measured = new LinkedHashMap<>();
    private final List<MovementReport> measuredMovements = new ArrayList<>();
    /** Spark partitions of the read, by the session's cores, printed once each (auto sizing depends on the cores). */
    private final Map<Integer, Integer> splits = new TreeMap<>();

    record Measurement(String scenario, String run, long rows, double seconds, double rowsPerSecond, double mbPerSecond,
                       long sampledPeakHeap, long poolPeakHeap, double load, double selfCores, double otherCores) {}

    /** A scenario's first (cold) run, and the median and spread of its measured runs. */
    record Summary(String scenario, long rows, int runs, double warmupSeconds, double medianSeconds, double medianRowsPerSecond,
                   double minRowsPerSecond, double maxRowsPerSecond, double medianMbPerSecond, long sampledPeakHeap,
                   long poolPeakHeap, double selfCores, double otherCoresMax) {}

    private ReadBenchmark(BenchConfig config, BenchDataset dataset) {
        this.config = config;
        this.dataset = dataset;
        this.expected = BenchData.Expected.of(dataset.rows(), dataset.partitions());
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.parse(args);
        CassandraOffline.initialize();
        System.out.printf("Machine: %d cores, Java %s (%s), max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        BenchDataset dataset = BenchDataset.prepare(config);
        ReadBenchmark bench = new ReadBenchmark(config, dataset);
        int status = 0;
        try {
            if (config.scenarios().isEmpty()) {
                System.out.println("No scenario to run (--scenarios none): the dataset is ready.");
            } else {
                bench.run();
            }
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            bench.heap.close();
        }
        // Spark may leave non-daemon threads behind; the benchmark is over either way.
        System.exit(status);
    }

    private static final String PLAIN = "plain cassandra-all scan+merge (1 thread)";

    private static String countScenario(int cores) {
        return "Spark local[" + cores + "] count()";
    }

    private static String aggregateScenario(int cores) {
        return "Spark local[" + cores + "] aggregate, all columns";
    }

    private static final String MOVE = "movement local[2] into Iceberg";

    /**
     * Rounds, each running every scenario once in the same order (plain, local[1] count and
     * aggregate, local[2] count and aggregate, the local[2] movement; a fresh Spark session per
     * round and scenario group):
     * interleaving keeps slow drifts of this shared machine from favouring one scenario, and gives
     * a per-round ratio. The first {@code warmups} rounds are not measured.
     */
    private void run() throws Exception {
        System.out.printf("Dataset: %,d rows, %,d partitions, %d SSTables, %.1f MB of Data.db at %s%n",
                dataset.rows(), dataset.partitions(), dataset.sstables(), dataset.dataBytes() / 1e6, dataset.root());
        ReadRequest request = ReadOptions.parse(java.util.Map.of(ReadOptions.BACKUP, dataset.uri(), ReadOptions.NAME,
                BenchDataset.BACKUP_NAME, ReadOptions.TABLE, BenchData.QUALIFIED));
        ClusterBackup backup = ReadPlanner.backup(request);
        Path work = Files.createTempDirectory("movedata-bench-plain-");
        BenchMovement movement = config.scenarios().contains("move2") ? new BenchMovement(dataset, config, expected) : null;
        try (PlainScan plain = new PlainScan(new FileObjectStore(dataset.root()), backup, BenchData.KEYSPACE, BenchData.TABLE, work)) {
            System.out.printf("Plain scan: %d SSTables merged by one thread%n", plain.sstableCount());
            int rounds = config.warmups() + config.runs();
            for (int round = 0; round < rounds; round++) {
                boolean warmup = round < config.warmups();
                String label = warmup ? "warm-up " + (round + 1) : "run " + (round - config.warmups() + 1);
                System.out.printf("%nRound %d of %d (%s)%n", round + 1, rounds, label);
                if (config.scenarios().contains("plain")) {
                    measure(PLAIN, label, warmup, () -> {
                        PlainScan.Result r = plain.scan();
                        check("plain rows", expected.rows(), r.rows());
                        check("plain partitions", expected.distinctPk(), r.partitions());
                        return r.rows();
                    });
                }
                for (int cores : new int[] {1, 2}) {
                    if (config.scenarios().contains("spark" + cores)) {
                        runSpark(cores, label, warmup);
                    }
                }
                if (movement != null) {
                    runMovement(movement, round + 1, label, warmup);
                }
            }
        }
        report();
    }

    static SparkSession startSpark(int cores, String appName) {
        SparkSession spark = SparkSession.builder()
                .master("local[" + cores + "]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(cores))
                .config(NioLocalFileSystem.SPARK_SETTING, NioLocalFileSystem.class.getName())
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    private void runSpark(int cores, String label, boolean warmup) {
        SparkSession spark = startSpark(cores, "movedata-read-benchmark-" + cores);
        try {
            DataFrameReader reader = spark.read().format("cassandra-backup")
                    .option(ReadOptions.BACKUP, dataset.uri())
                    .option(ReadOptions.NAME, BenchDataset.BACKUP_NAME)
                    .option(ReadOptions.TABLE, BenchData.QUALIFIED)
                    .option(ReadOptions.CONSISTENCY, "ONE");
            if (config.splitMB() != null) {
                reader = reader.option(ReadOptions.SPLIT_SIZE_MB, Integer.toString(config.splitMB()));
            }
            Dataset<Row> df = reader.load();
            if (!splits.containsKey(cores)) {
                splits.put(cores, df.rdd().getNumPartitions());
                System.out.printf("  %d Spark partitions with %d cores (splitSizeMB %s)%n", splits.get(cores), cores,
                        config.splitMB() == null ? "auto" : config.splitMB());
            }
            measure(countScenario(cores), label, warmup, () -> {
                long n = df.count();
                check("count()", expected.rows(), n);
                return n;
            });
            // Every column is produced by the source and consumed. octet_length, not length: length()
            // counts UTF-8 characters byte by byte, which alone took ~30% of the query's CPU samples,
            // a cost of the query rather than of the read.
            measure(aggregateScenario(cores), label, warmup, () -> {
                Row r = df.agg(count(lit(1)), sum(octet_length(col("v"))), max(col("i")), sum(col("b")), countDistinct(col("pk")),
                        min(col("ck")), max(col("ck")), sum(expr("if(m is null, 0, size(m))"))).first();
                check("count(*)", expected.rows(), r.getLong(0));
                check("sum(octet_length(v))", expected.sumLength(), r.getLong(1));
                check("max(i)", expected.maxI(), r.getInt(2));
                check("sum(b)", expected.sumB(), r.getLong(3));
                check("count(distinct pk)", expected.distinctPk(), r.getLong(4));
                check("min(ck)", expected.minCk(), r.getInt(5));
                check("max(ck)", expected.maxCk(), r.getInt(6));
                check("sum(size(m))", expected.mapEntries(), ((Number) r.get(7)).longValue());
                return r.getLong(0);
            });
        } finally {
            spark.stop();
        }
    }

    /**
     * One movement in a session of its own, measured from spec to committed snapshot (resolving the
     * backup, planning, reading, writing Parquet, committing), as a user waits for it. Its table is
     * deleted afterwards, outside the measurement.
     */
    private void runMovement(BenchMovement movement, int run, String label, boolean warmup) {
        SparkSession spark = startSpark(2, "movedata-movement-benchmark");
        try {
            MovementReport[] report = new MovementReport[1];
            measure(MOVE, label, warmup, () -> {
                report[0] = movement.run(spark, run);
                return report[0].tables().get(0).rowsWritten();
            });
            System.out.printf("  %-42s %-10s %s%n", "", "", BenchMovement.describe(report[0]));
            if (!warmup) {
                measuredMovements.add(report[0]);
            }
        } finally {
            spark.stop();
            movement.drop(run);
        }
    }

    /** Runs one measurement and records it; warm-up runs are kept apart (the first is the cold run). */
    private void measure(String scenario, String label, boolean warmup, LongSupplier body) {
        double load = systemLoad();
        heap.reset();
        CpuMeter.Reading cpuBefore = CpuMeter.read();
        long start = System.nanoTime();
        long rows = body.getAsLong();
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Usage cpu = CpuMeter.between(cpuBefore, CpuMeter.read());
        Measurement m = new Measurement(scenario, label, rows, seconds, rows / seconds, dataset.dataBytes() / 1e6 / seconds,
                heap.sampledPeakBytes(), heap.poolPeakBytes(), load, cpu.selfCores(), cpu.otherCores());
        System.out.printf(Locale.ROOT, "  %-42s %-10s %,11d rows %6.2f s %,11.0f rows/s %6.1f MB/s  heap %,4d MiB (pools %,4d)"
                        + "  load %.2f  cores: this JVM %.2f, others %.2f%n",
                scenario, label, rows, seconds, m.rowsPerSecond(), m.mbPerSecond(), m.sampledPeakHeap() >> 20,
                m.poolPeakHeap() >> 20, load, m.selfCores(), m.otherCores());
        (warmup ? warmups : measured).computeIfAbsent(scenario, k -> new ArrayList<>()).add(m);
    }

    private Summary summarize(String scenario) {
        List<Measurement> runs = new ArrayList<>(measured.getOrDefault(scenario, List.of()));
        if (runs.isEmpty()) {
            return null;
        }
        List<Measurement> cold = warmups.getOrDefault(scenario, List.of());
        runs.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        Measurement median = runs.get(runs.size() / 2);
        return new Summary(scenario, median.rows(), runs.size(), cold.isEmpty() ? Double.NaN : cold.get(0).seconds(),
                median.seconds(), median.rowsPerSecond(), runs.get(runs.size() - 1).rowsPerSecond(), runs.get(0).rowsPerSecond(),
                median.mbPerSecond(), runs.stream().mapToLong(Measurement::sampledPeakHeap).max().orElse(0),
                runs.stream().mapToLong(Measurement::poolPeakHeap).max().orElse(0), median.selfCores(),
                runs.stream().mapToDouble(Measurement::otherCores).max().orElse(0));
    }

    /** Median over rounds of (rows/s of a) / (rows/s of b) measured in the same round. */
    private String pairedRatio(String a, String b) {
        List<Measurement> as = measured.get(a);
        List<Measurement> bs = measured.get(b);
        if (as == null || bs == null || as.size() != bs.size()) {
            return "n/a";
        }
        double[] ratios = new double[as.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = as.get(i).rowsPerSecond() / bs.get(i).rowsPerSecond();
        }
        Arrays.sort(ratios);
        return String.format(Locale.ROOT, "%.2f (%.2f - %.2f)", ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]);
    }

    private void report() {
        System.out.printf("%n## Results (%,d rows, %d partitions, %d SSTables, %.1f MB Data.db, max heap %d MiB)%n%n",
                dataset.rows(), dataset.partitions(), dataset.sstables(), dataset.dataBytes() / 1e6,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| scenario | rows | first (cold) run (s) | median run (s) | rows/s (median) | rows/s (slowest - fastest run) "
                + "| MB/s of Data.db (median) | peak heap sampled (MiB) | sum of heap pool peaks (MiB) | cores used by this JVM "
                + "| cores used by other processes (max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String scenario : List.of(PLAIN, countScenario(1), aggregateScenario(1), countScenario(2), aggregateScenario(2), MOVE)) {
            Summary m = summarize(scenario);
            if (m == null) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %,.0f | %,.0f - %,.0f | %.0f | %,d | %,d | %.2f | %.2f |%n",
                    m.scenario(), m.rows(), m.warmupSeconds(), m.medianSeconds(), m.medianRowsPerSecond(), m.minRowsPerSecond(),
                    m.maxRowsPerSecond(), m.medianMbPerSecond(), m.sampledPeakHeap() >> 20, m.poolPeakHeap() >> 20, m.selfCores(),
                    m.otherCoresMax());
        }
        System.out.printf("(median and spread of %d measured rounds after %d warm-up rounds; in each round every scenario runs once)%n",
                config.runs(), config.warmups());
        System.out.println();
        System.out.println("| ratio of rows/s | count(): ratio of medians | count(): median of per-round ratios (range) "
                + "| aggregate: ratio of medians | aggregate: median of per-round ratios (range) | target |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| Spark 1 core / plain | %s | %s | %s | %s | >= %.1f |%n",
                ratio(countScenario(1), PLAIN), pairedRatio(countScenario(1), PLAIN), ratio(aggregateScenario(1), PLAIN),
                pairedRatio(aggregateScenario(1), PLAIN),
                TARGET_SPARK1_VS_PLAIN);
        System.out.printf(Locale.ROOT, "| Spark 2 cores / Spark 1 core | %s | %s | %s | %s | >= %.1f |%n",
                ratio(countScenario(2), countScenario(1)), pairedRatio(countScenario(2), countScenario(1)), ratio(aggregateScenario(2), aggregateScenario(1)),
                pairedRatio(aggregateScenario(2), aggregateScenario(1)), TARGET_SPARK2_VS_SPARK1);
        if (!measuredMovements.isEmpty()) {
            System.out.printf(Locale.ROOT, "| movement 2 cores / Spark 2 cores read | %s | %s | %s | %s | none |%n",
                    ratio(MOVE, countScenario(2)), pairedRatio(MOVE, countScenario(2)), ratio(MOVE, aggregateScenario(2)),
                    pairedRatio(MOVE, aggregateScenario(2)));
            System.out.printf(Locale.ROOT, "%nMovement phases, median of %d measured runs: resolve %,d ms, plan %,d ms, write %,d ms;"
                            + " %,.1f MB of Parquet in %d data files%n", measuredMovements.size(), medianPhase("resolve"),
                    medianPhase("plan"), medianPhase("write"), measuredMovements.get(0).tables().get(0).bytesWritten() / 1e6,
                    measuredMovements.get(0).tables().get(0).dataFiles());
        }
        System.out.printf("%nLoad average at the end: %s%n", loadAverage());
    }

    private long medianPhase(String phase) {
        long[] millis = measuredMovements.stream().mapToLong(r -> r.phaseMillis().get(phase)).sorted().toArray();
        return millis[millis.length / 2];
    }

    private String ratio(String a, String b) {
        Summary sa = summarize(a);
        Summary sb = summarize(b);
        return sa == null || sb == null ? "n/a" : String.format(Locale.ROOT, "%.2f", sa.medianRowsPerSecond() / sb.medianRowsPerSecond());
    }

    private static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException("Wrong result: " + what + " = " + actual + ", expected " + expected);
        }
    }

    private static double systemLoad() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return Arrays.toString(new double[] {systemLoad()});
        }
    }
}
