package io.movedata.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        int records = ConnectorVersusRaw.number(options, "records", 500, 1, USAGE);
        int splitMB = ConnectorVersusRaw.number(options, "splitmb", 64, 1, USAGE);
        int warmups = ConnectorVersusRaw.number(options, "warmups", 1, 0, USAGE);
        int runs = ConnectorVersusRaw.number(options, "runs", 3, 1, USAGE);
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-kv")).toAbsolutePath().normalize();
        ConnectorVersusRaw.printMachine();
        KvBenchDataset dataset = KvBenchDataset.prepare(directory, records, options.containsKey("regenerate"));
        int status = 0;
        try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.s3Directory())) {
            new KvBenchmark(dataset, new KvBenchMovements(dataset, s3, directory, splitMB)).run(warmups, runs);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark may leave non-daemon threads behind; the benchmark is over either way.
        System.exit(status);
    }

    private void run(int warmups, int runs) {
        System.out.printf("Dataset: %s%n", dataset.describe());
        try (ConnectorVersusRaw rounds = new ConnectorVersusRaw("movedata-kv-benchmark")) {
            rounds.run(warmups, runs, List.of(new ConnectorVersusRaw.Scenario(RAW, movements::raw),
                    new ConnectorVersusRaw.Scenario(KV, movements::keyValue)), movements::drop);
            rounds.table(dataset.describe(), List.of(RAW, KV), warmups, runs);
            rounds.ratio("key-value / raw", KV, RAW, runs, 0.8);
            ConnectorVersusRaw.printLoadAverage();
        }
    }
}
