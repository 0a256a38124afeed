package io.movedata.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    static final String TIMESERIES = "timeseries connector (events)";

    private TsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, USAGE, Set.of("regenerate"));
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        int slices = ConnectorVersusRaw.number(options, "slices", 4, 1, USAGE);
        int series = ConnectorVersusRaw.number(options, "series", 40, 1, USAGE);
        int events = ConnectorVersusRaw.number(options, "events", 400, 1, USAGE);
        int splitMB = ConnectorVersusRaw.number(options, "splitmb", 64, 1, USAGE);
        int warmups = ConnectorVersusRaw.number(options, "warmups", 1, 0, USAGE);
        int runs = ConnectorVersusRaw.number(options, "runs", 3, 1, USAGE);
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-ts")).toAbsolutePath().normalize();
        ConnectorVersusRaw.printMachine();
        TsBenchDataset dataset = TsBenchDataset.prepare(directory, slices, series, events, options.containsKey("regenerate"));
        int status = 0;
        try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.s3Directory());
             ConnectorVersusRaw rounds = new ConnectorVersusRaw("movedata-ts-benchmark")) {
            TsBenchMovements movements = new TsBenchMovements(dataset, s3, directory, splitMB);
            System.out.printf("Dataset: %s%n", dataset.describe());
            String raw = "raw: cassandra-table x " + slices + " (slice tables)";
            rounds.run(warmups, runs, List.of(new ConnectorVersusRaw.Scenario(raw, movements::raw),
                    new ConnectorVersusRaw.Scenario(TIMESERIES, movements::timeSeries)), movements::drop);
            rounds.table(dataset.describe(), List.of(raw, TIMESERIES), warmups, runs);
            rounds.ratio("timeseries / raw", TIMESERIES, raw, runs, 0.8);
            ConnectorVersusRaw.printLoadAverage();
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark may leave non-daemon threads behind; the benchmark is over either way.
        System.exit(status);
    }
}
