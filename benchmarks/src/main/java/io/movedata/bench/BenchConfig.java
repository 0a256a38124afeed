package io.movedata.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark settings: {@code --name value} or {@code --name=value} arguments, else system
 * properties {@code -Dbench.name=value}, else the defaults below.
 */
/**
 * @param splitMB the reads' and movements' splitSizeMB, or null for automatic sizing (the default)
 */
record BenchConfig(long rows, int partitions, Path directory, int bufferMiB, Integer splitMB, int warmups, int runs,
                   List<String> scenarios, boolean regenerate) {

    static final String USAGE = """
            ReadBenchmark: cassandra-backup read throughput against a plain cassandra-all scan, and a movement into
            Iceberg against the read.
            Options (--name value, --name=value, or -Dbench.name=value):
              --rows N         rows to generate (default 5000000)
              --partitions N   partitions they are spread over (default 1000)
              --dir PATH       where datasets are generated and kept (default .movedata/bench)
              --bufferMiB N    the fixture writer's buffer, which sets the SSTable count (default 320: ~4 SSTables at 5M rows)
              --splitMB N      the data source's splitSizeMB, or auto: sized to the session's cores (default auto)
              --warmups N      unmeasured warm-up rounds (default 2; a round runs every scenario once)
              --runs N         measured rounds (default 5; medians are reported)
              --scenarios LIST comma-separated of plain, spark1, spark2, move2 (default plain,spark1,spark2; none only
                               prepares the dataset); move2 moves the dataset into an Iceberg table with Spark local[2]
              --regenerate     delete and regenerate the dataset even if present
            """;

    static BenchConfig parse(String[] args) {
        Map<String, String> values = BenchArgs.parse(args, USAGE, Set.of("regenerate"));
        long rows = Long.parseLong(get(values, "rows", "5000000").replace("_", ""));
        int partitions = Integer.parseInt(get(values, "partitions", "1000"));
        Path dir = Path.of(get(values, "dir", ".movedata/bench")).toAbsolutePath().normalize();
        int buffer = Integer.parseInt(get(values, "bufferMiB", "320"));
        String splitText = get(values, "splitMB", "auto");
        Integer split = splitText.equals("auto") ? null : Integer.valueOf(splitText);
        int warmups = Integer.parseInt(get(values, "warmups", "2"));
        int runs = Integer.parseInt(get(values, "runs", "5"));
        List<String> scenarios = List.of(get(values, "scenarios", "plain,spark1,spark2").split(","))
                .stream().map(String::trim).filter(s -> !s.isEmpty() && !s.equals("none")).toList();
        for (String s : scenarios) {
            if (!List.of("plain", "spark1", "spark2", "move2").contains(s)) {
                throw new IllegalArgumentException("Unknown scenario '" + s + "'\n" + USAGE);
            }
        }
        boolean regenerate = Boolean.parseBoolean(get(values, "regenerate", "false"));
        if (rows <= 0 || partitions <= 0 || buffer <= 0 || (split != null && split <= 0) || runs <= 0 || warmups < 0) {
            throw new IllegalArgumentException("rows, partitions, bufferMiB, splitMB and runs must be positive, warmups not negative\n" + USAGE);
        }
        return new BenchConfig(rows, partitions, dir, buffer, split, warmups, runs, scenarios, regenerate);
    }

    private static String get(Map<String, String> values, String name, String fallback) {
        String value = values.get(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            value = System.getProperty("bench." + name);
        }
        return value == null ? fallback : value.trim();
    }

    /**
     * The movement scenario's Iceberg warehouse (a Hadoop catalog), beside the datasets; it holds
     * one table at a time and is emptied at the start of every benchmark.
     */
    Path warehouse() {
        return directory.resolve("warehouse");
    }

    /** The dataset's directory: one per set of generation parameters. */
    Path datasetDirectory() {
        return directory.resolve("rows" + rows + "-parts" + partitions + "-big-buf" + bufferMiB + "-v1");
    }
}
