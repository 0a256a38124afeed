package io.movedata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.apache.spark.sql.SparkSession;

import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * The time-series benchmark's namespace {@code tsbench.metrics}: {@code slices} slices of one day
 * (3,600 seconds per time bucket, 4 event buckets), filled by {@link TimeSeriesWriter#generate}'s
 * realistic mix (events of 1 to 6 items, values of a few bytes to a few KB under every codec,
 * overwrites, deletes of items, events, ranges and partitions, TTLs, expiries) on one node,
 * published as a Medusa backup into the directory of an on-disk S3 endpoint. Generated once per
 * size and reused while its {@code dataset.properties} marker exists; the marker keeps the row
 * counts a correct movement must find: the item rows a plain read of the slice tables returns, and
 * the events the writer says a reader finds.
 *
 * @param directory the dataset's directory
 * @param slices the slice tables, {@code tsbench.metrics_1 ..}
 * @param itemRows rows of the slice tables a read returns (deletes and TTLs applied)
 * @param events events with a live item: the rows the connector's {@code events} target gets
 * @param dataBytes bytes of the backup's Data.db components
 */
record TsBenchDataset(Path directory, List<String> slices, long itemRows, long events, long dataBytes) {
    static final String BUCKET = "tsbench";
    static final String PREFIX = "cluster1";
    static final String BACKUP = "ts-bench";
    static final String KEYSPACE = "tsbench";
    static final String NAMESPACE = "metrics";
    private static final long SEED = 20261208L;
    private static final String MARKER = "dataset.properties";
    private static final Instant FIRST_DAY = Instant.parse("2026-01-01T00:00:00Z");

    static TsBenchDataset prepare(Path root, int slices, int series, int events, boolean regenerate)
            throws IOException, InterruptedException {
        Path directory = root.resolve("slices" + slices + "-series" + series + "-events" + events + "-v1");
        List<String> tables = new ArrayList<>();
        for (int s = 1; s <= slices; s++) {
            tables.add(NAMESPACE + "_" + s);
        }
        Path marker = directory.resolve(MARKER);
        if (regenerate) {
            LocalFiles.deleteTree(directory);
        }
        if (Files.isRegularFile(marker)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            }
            System.out.printf("Reusing dataset %s (generated %s)%n", directory, p.getProperty("generated"));
            return new TsBenchDataset(directory, qualified(tables), Long.parseLong(p.getProperty("itemRows")),
                    Long.parseLong(p.getProperty("events")), Long.parseLong(p.getProperty("dataBytes")));
        }
        LocalFiles.deleteTree(directory);
        Files.createDirectories(directory);
        long started = System.nanoTime();
        System.out.printf("Generating %d slices of %d series x %d events into %s...%n", slices, series, events, directory);
        Instant now = Instant.now();
        long expectedEvents;
        int written;
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                        + TimeSeriesWriter.schema(KEYSPACE, NAMESPACE, tables))
                .nodes(1)
                .directory(directory.resolve("cluster"))
                .build();
             S3Endpoint s3 = S3Endpoint.onDisk(directory.resolve("s3"))) {
            TimeSeriesWriter writer = new TimeSeriesWriter(cluster, KEYSPACE, NAMESPACE);
            for (int s = 0; s < slices; s++) {
                writer.slice(tables.get(s), FIRST_DAY.plus(Duration.ofDays(s)), FIRST_DAY.plus(Duration.ofDays(s + 1)))
                        .status("CLOSED").write();
            }
            written = writer.generate(SEED, series, events, now, 1).size();
            // The short TTLs (1 s) run out before the backup; the writer's verdict holds for an hour.
            expectedEvents = writer.expectedEvents(now.plus(Duration.ofMinutes(30)), null, null).size();
            System.out.printf("  %,d item writes; flushing and writing the Medusa backup...%n", written);
            Thread.sleep(2_000);
            s3.createBucket(BUCKET);
            try (ObjectStore store = s3.openStore(BUCKET)) {
                cluster.backup(store, s3.location(BUCKET, PREFIX), BACKUP, BackupMode.FULL);
            }
        }
        LocalFiles.deleteTree(directory.resolve("cluster"));
        long itemRows;
        try (S3Endpoint s3 = S3Endpoint.onDisk(directory.resolve("s3"))) {
            itemRows = itemRows(s3, qualified(tables));
        }
        TsBenchDataset dataset = new TsBenchDataset(directory, qualified(tables), itemRows, expectedEvents,
                BenchWarehouse.dataBytes(directory.resolve("s3").resolve(BUCKET)));
        Properties p = new Properties();
        p.setProperty("itemRows", Long.toString(itemRows));
        p.setProperty("events", Long.toString(expectedEvents));
        p.setProperty("dataBytes", Long.toString(dataset.dataBytes()));
        p.setProperty("generated", String.format(Locale.ROOT, "%s in %.0f s, %d item writes", Instant.now(),
                (System.nanoTime() - started) / 1e9, written));
        try (OutputStream out = Files.newOutputStream(marker)) {
            p.store(out, "movedata time-series benchmark dataset; delete this file (or use --regenerate) to regenerate");
        }
        System.out.printf("Generated: %s (%s)%n", dataset.describe(), p.getProperty("generated"));
        return dataset;
    }

    private static List<String> qualified(List<String> tables) {
        return tables.stream().map(table -> KEYSPACE + "." + table).toList();
    }

    /** The rows a plain read of the slice tables returns. */
    private static long itemRows(S3Endpoint s3, List<String> tables) {
        SparkSession spark = ReadBenchmark.startSpark(2, "movedata-ts-benchmark-dataset");
        try {
            long rows = 0;
            for (String table : tables) {
                rows += spark.read().format("cassandra-backup")
                        .options(s3.options())
                        .option(ReadOptions.BACKUP, s3.location(BUCKET, PREFIX).toString())
                        .option(ReadOptions.NAME, BACKUP)
                        .option(ReadOptions.TABLE, table)
                        .option(ReadOptions.CONSISTENCY, "ONE")
                        .load().count();
            }
            return rows;
        } finally {
            spark.stop();
        }
    }

    /** The directory of the on-disk S3 endpoint whose bucket holds the backup. */
    Path s3Directory() {
        return directory.resolve("s3");
    }

    String describe() {
        return String.format(Locale.ROOT, "namespace %s.%s, %d slices: %,d item rows, %,d events; %.1f MB of Data.db",
                KEYSPACE, NAMESPACE, slices.size(), itemRows, events, dataBytes / 1e6);
    }
}
