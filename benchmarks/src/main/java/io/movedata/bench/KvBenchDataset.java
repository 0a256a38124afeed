package io.movedata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.connector.kv.ValueMetadata;
import io.movedata.connector.kv.KeyValueConnector;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * The key-value benchmark's namespace {@code kvbench.items} (and {@code kvbench.items_chunks}):
 * {@link KvNamespaceWriter#generate}'s realistic mix (records of 1 to 200 items, values from a few
 * bytes to several 64 KiB chunks under every codec, overwrites, deletes, expiries, stale chunks) on
 * one node, published as a Medusa backup into the directory of an on-disk S3 endpoint. Generated
 * once per record count and reused while its {@code dataset.properties} marker exists; the marker
 * keeps the row counts a correct movement must find, counted by a plain read when it was generated.
 *
 * @param directory the dataset's directory
 * @param records records generated
 * @param itemRows rows of the items table a read returns (deletes and TTLs applied)
 * @param chunkRows rows of the chunks table a read returns
 * @param liveItems items whose value_metadata expiry has not passed: the rows the key-value connector writes
 * @param dataBytes bytes of the backup's Data.db components
 */
record KvBenchDataset(Path directory, int records, long itemRows, long chunkRows, long liveItems, long dataBytes) {
    static final String BUCKET = "kvbench";
    static final String PREFIX = "cluster1";
    static final String BACKUP = "kv-bench";
    private static final String NAMESPACE = "kvbench.items";
    private static final long SEED = 20261207L;
    private static final String MARKER = "dataset.properties";

    static KvBenchDataset prepare(Path root, int records, boolean regenerate) throws IOException {
        Path directory = root.resolve("records" + records + "-v1");
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
            return new KvBenchDataset(directory, records, Long.parseLong(p.getProperty("itemRows")),
                    Long.parseLong(p.getProperty("chunkRows")), Long.parseLong(p.getProperty("liveItems")),
                    Long.parseLong(p.getProperty("dataBytes")));
        }
        LocalFiles.deleteTree(directory);
        Files.createDirectories(directory);
        long started = System.nanoTime();
        System.out.printf("Generating %,d records of namespace %s into %s...%n", records, NAMESPACE, directory);
        Instant expiredBefore = Instant.now();
        int written;
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE kvbench WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                        + KvNamespaceWriter.schema(NAMESPACE, KvNamespaceWriter.KeyOrder.ASC))
                .nodes(1)
                .directory(directory.resolve("cluster"))
                .build();
             S3Endpoint s3 = S3Endpoint.onDisk(directory.resolve("s3"))) {
            written = new KvNamespaceWriter(cluster, NAMESPACE).generate(SEED, records, expiredBefore).size();
            System.out.printf("  %,d item writes; flushing and writing the Medusa backup...%n", written);
            s3.createBucket(BUCKET);
            try (ObjectStore store = s3.openStore(BUCKET)) {
                cluster.backup(store, s3.location(BUCKET, PREFIX), BACKUP, BackupMode.FULL);
            }
        }
        LocalFiles.deleteTree(directory.resolve("cluster"));
        KvBenchDataset dataset;
        try (S3Endpoint s3 = S3Endpoint.onDisk(directory.resolve("s3"))) {
            dataset = counted(directory, records, expiredBefore, s3);
        }
        Properties p = new Properties();
        p.setProperty("itemRows", Long.toString(dataset.itemRows()));
        p.setProperty("chunkRows", Long.toString(dataset.chunkRows()));
        p.setProperty("liveItems", Long.toString(dataset.liveItems()));
        p.setProperty("dataBytes", Long.toString(dataset.dataBytes()));
        p.setProperty("generated", String.format(Locale.ROOT, "%s in %.0f s, %d item writes", Instant.now(),
                (System.nanoTime() - started) / 1e9, written));
        try (OutputStream out = Files.newOutputStream(marker)) {
            p.store(out, "movedata key-value benchmark dataset; delete this file (or use --regenerate) to regenerate");
        }
        System.out.printf("Generated: %s (%s)%n", dataset.describe(), p.getProperty("generated"));
        return dataset;
    }

    /**
     * The dataset's row counts, from a plain read of both tables. An item whose expiry was set before
     * {@code expiredBefore} expired an hour before it, so before the backup.
     */
    private static KvBenchDataset counted(Path directory, int records, Instant expiredBefore, S3Endpoint s3) throws IOException {
        SparkSession spark = ReadBenchmark.startSpark(2, "movedata-kv-benchmark-dataset");
        try {
            List<Row> metadata = read(spark, s3, NAMESPACE).select("value_metadata").collectAsList();
            long live = metadata.stream().filter(row -> {
                ValueMetadata m = row.isNullAt(0) ? null : ValueMetadata.decode((byte[]) row.get(0));
                return m == null || m.expiresAt() == null || m.expiresAt().isAfter(expiredBefore);
            }).count();
            long chunkRows = read(spark, s3, KeyValueConnector.chunksTable(NAMESPACE)).count();
            return new KvBenchDataset(directory, records, metadata.size(), chunkRows, live,
                    dataBytes(directory.resolve("s3").resolve(BUCKET)));
        } finally {
            spark.stop();
        }
    }

    private static Dataset<Row> read(SparkSession spark, S3Endpoint s3, String table) {
        return spark.read().format("cassandra-backup")
                .options(s3.options())
                .option(ReadOptions.BACKUP, s3.location(BUCKET, PREFIX).toString())
                .option(ReadOptions.NAME, BACKUP)
                .option(ReadOptions.TABLE, table)
                .option(ReadOptions.CONSISTENCY, "ONE")
                .load();
    }

    private static long dataBytes(Path backup) throws IOException {
        try (Stream<Path> files = Files.walk(backup)) {
            long sum = 0;
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-Data.db")).toList()) {
                sum += Files.size(file);
            }
            return sum;
        }
    }

    /** The directory of the on-disk S3 endpoint whose bucket holds the backup. */
    Path s3Directory() {
        return directory.resolve("s3");
    }

    String itemsTable() {
        return NAMESPACE;
    }

    String chunksTable() {
        return KeyValueConnector.chunksTable(NAMESPACE);
    }

    String describe() {
        return String.format(Locale.ROOT, "namespace %s, %,d records: %,d item rows, %,d chunk rows, %,d live items; "
                + "%.1f MB of Data.db", NAMESPACE, records, itemRows, chunkRows, liveItems, dataBytes / 1e6);
    }
}
