package io.movedata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * The S3 fetch benchmark ({@code bin/benchmark s3}): what a read fetches from S3 against what it
 * needs. The benchmark table is generated once per format ({@code oa}: big, {@code da}: bti) and
 * published as a Medusa backup to an on-disk S3 endpoint; then every split of a read with the
 * default options is read in turn, in this JVM, by the executors' own {@link SplitReader}, and the
 * bytes the splits fetched are divided by the bytes of the SSTables they read (all components) and
 * by those of their Data.db only. See docs/performance.md, "Fetching from S3".
 */
public final class S3FetchBenchmark {
    static final String USAGE = """
            S3FetchBenchmark: bytes a read with the default options fetches from an S3 endpoint, against the SSTable
            bytes of the replicas it reads, per SSTable format.
            Options (--name value or --name=value):
              --rows N         rows to generate (default 5000000)
              --partitions N   partitions they are spread over (default 5000000: one row each, the narrow shape)
              --formats LIST   comma-separated of big, bti (default big,bti: written as oa and da)
              --splitMB N      the read's splitSizeMB (default: the data source's default)
              --bufferMiB N    the fixture writer's buffer, which sets the SSTable count (default 320)
              --dir PATH       where datasets are generated and kept (default .movedata/bench-s3)
              --regenerate     delete and regenerate the datasets even if present
            """;
    private static final List<String> OPTIONS = List.of("rows", "partitions", "formats", "splitmb", "buffermib", "dir", "regenerate");
    private static final String BUCKET = "fetch";
    private static final String BACKUP = "bench";
    private static final String MARKER = "dataset.properties";

    private S3FetchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, USAGE, Set.of("regenerate"));
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        int rows = ConnectorVersusRaw.number(options, "rows", 5_000_000, 1, USAGE);
        int partitions = ConnectorVersusRaw.number(options, "partitions", 5_000_000, 1, USAGE);
        int buffer = ConnectorVersusRaw.number(options, "buffermib", 320, 1, USAGE);
        String splitMB = options.get("splitmb");
        Path directory = Path.of(options.getOrDefault("dir", ".movedata/bench-s3")).toAbsolutePath().normalize();
        ConnectorVersusRaw.printMachine();
        Map<String, String> results = new LinkedHashMap<>();
        for (String format : options.getOrDefault("formats", "big,bti").split(",")) {
            Path dataset = directory.resolve("rows" + rows + "-parts" + partitions + "-" + format + "-buf" + buffer + "-v1");
            prepare(dataset, rows, partitions, format, buffer, options.containsKey("regenerate"));
            try (S3Endpoint s3 = S3Endpoint.onDisk(dataset.resolve("s3"))) {
                results.put(format, measure(s3, splitMB, directory.resolve("work")));
            }
        }
        System.out.printf(Locale.ROOT, "%nrows %,d, partitions %,d, splitSizeMB %s, one split at a time in one thread%n",
                rows, partitions, splitMB == null ? "default" : splitMB);
        results.forEach((format, line) -> System.out.println(format + ": " + line));
        System.exit(0);
    }

    /** Generates the dataset of one format unless its marker says it is there already. */
    private static void prepare(Path dataset, int rows, int partitions, String format, int buffer, boolean regenerate)
            throws IOException {
        Path marker = dataset.resolve(MARKER);
        if (!regenerate && Files.isRegularFile(marker)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            }
            System.out.printf("Reusing dataset %s (generated %s)%n", dataset, p.getProperty("generated"));
            return;
        }
        LocalFiles.deleteTree(dataset);
        Files.createDirectories(dataset);
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "Generating %,d rows in %,d partitions, format %s, into %s...%n", rows, partitions, format, dataset);
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema(BenchData.SCHEMA)
                .nodes(1)
                .format(format)
                .bufferSizeMiB(buffer)
                .directory(dataset.resolve("cluster"))
                .build();
             S3Endpoint s3 = S3Endpoint.onDisk(dataset.resolve("s3"))) {
            char[] scratch = new char[BenchData.MAX_TEXT];
            for (long r = 0; r < rows; r++) {
                BenchData.BenchRow row = BenchData.row(r, partitions, scratch);
                cluster.execute(BenchData.INSERT_WITH_MAP, row.pk(), row.ck(), row.v(), row.i(), row.b(),
                        row.m() == null ? FixtureCluster.UNSET : row.m());
            }
            s3.createBucket(BUCKET);
            try (ObjectStore store = s3.openStore(BUCKET)) {
                cluster.backup(store, s3.location(BUCKET, ""), BACKUP, BackupMode.FULL);
            }
        }
        LocalFiles.deleteTree(dataset.resolve("cluster"));
        Properties p = new Properties();
        p.setProperty("generated", String.format(Locale.ROOT, "%s in %.0f s", java.time.Instant.now(), (System.nanoTime() - started) / 1e9));
        try (OutputStream out = Files.newOutputStream(marker)) {
            p.store(out, "movedata S3 fetch benchmark dataset; delete this file (or use --regenerate) to regenerate");
        }
    }

    /** Reads every split of the default read and returns the figures as one line. */
    private static String measure(S3Endpoint s3, String splitMB, Path work) {
        Map<String, String> raw = new HashMap<>(s3.options());
        raw.put("backup", s3.location(BUCKET, "").toString());
        raw.put("table", BenchData.QUALIFIED);
        if (splitMB != null) {
            raw.put(ReadOptions.SPLIT_SIZE_MB, splitMB);
        }
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(raw), null);
        Map<String, SSTableFiles> read = new HashMap<>();
        long fetched = 0;
        long rows = 0;
        long started = System.nanoTime();
        for (ReadSplit split : plan.splits()) {
            split.sstables().forEach(sstable -> read.put(sstable.node() + "/" + sstable.data().key(), sstable));
            try (SplitReader reader = new SplitReader(plan.withoutSplits(), split, plan.columns(), work)) {
                while (reader.hasNext()) {
                    reader.next();
                    rows++;
                }
                fetched += reader.bytesFetched();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long sstableBytes = 0;
        long dataBytes = 0;
        for (SSTableFiles sstable : read.values()) {
            sstableBytes += sstable.components().values().stream().mapToLong(ManifestObject::size).sum();
            dataBytes += sstable.dataSize();
        }
        return String.format(Locale.ROOT, "%d splits over %d SSTables; fetched %,d bytes = %.3fx the SSTable bytes (%,d, all "
                        + "components) = %.3fx the Data.db bytes (%,d); %,d rows in %.1f s = %,.0f rows/s",
                plan.splits().size(), read.size(), fetched, (double) fetched / sstableBytes, sstableBytes,
                (double) fetched / dataBytes, dataBytes, rows, seconds, rows / seconds);
    }
}
