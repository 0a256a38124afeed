package io.movedata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.runtime.store.LocalFiles;

/**
 * The benchmark's backup on local disk: generated once per set of parameters with
 * {@link FixtureCluster} (one node, single token, RF 1, format big) and reused while its
 * {@code dataset.properties} marker exists.
 *
 * @param root the Medusa backup location ({@code file://root})
 * @param dataBytes total bytes of the SSTables' Data.db components
 * @param sstables number of SSTables
 */
record BenchDataset(Path root, long rows, int partitions, long dataBytes, int sstables, String generated) {
    static final String BACKUP_NAME = "bench";
    private static final String MARKER = "dataset.properties";

    static BenchDataset prepare(BenchConfig config) throws IOException {
        Path dir = config.datasetDirectory();
        Path marker = dir.resolve(MARKER);
        if (config.regenerate()) {
            LocalFiles.deleteTree(dir);
        }
        if (Files.isRegularFile(marker)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            }
            BenchDataset existing = new BenchDataset(dir.resolve("backup"), Long.parseLong(p.getProperty("rows")),
                    Integer.parseInt(p.getProperty("partitions")), Long.parseLong(p.getProperty("dataBytes")),
                    Integer.parseInt(p.getProperty("sstables")), p.getProperty("generated"));
            System.out.printf("Reusing dataset %s (generated %s)%n", dir, existing.generated());
            return existing;
        }
        LocalFiles.deleteTree(dir);
        Files.createDirectories(dir);
        Path root = dir.resolve("backup");
        long started = System.nanoTime();
        System.out.printf("Generating %,d rows in %,d partitions into %s (writer buffer %d MiB)...%n",
                config.rows(), config.partitions(), dir, config.bufferMiB());
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema(BenchData.SCHEMA)
                .nodes(1)
                .format("big")
                .bufferSizeMiB(config.bufferMiB())
                .build()) {
            char[] scratch = new char[BenchData.MAX_TEXT];
            long last = started;
            long step = Math.max(1, Math.min(500_000, config.rows() / 10));
            for (long r = 0; r < config.rows(); r++) {
                BenchData.BenchRow row = BenchData.row(r, config.partitions(), scratch);
                // One statement for every row (so one writer and one SSTable sequence): UNSET leaves
                // the map out entirely on rows without one (no tombstone, no cell).
                cluster.execute(BenchData.INSERT_WITH_MAP, row.pk(), row.ck(), row.v(), row.i(), row.b(),
                        row.m() == null ? FixtureCluster.UNSET : row.m());
                if ((r + 1) % step == 0) {
                    long now = System.nanoTime();
                    System.out.printf("  %,d / %,d rows (%.0f rows/s)%n", r + 1, config.rows(), step / ((now - last) / 1e9));
                    last = now;
                }
            }
            System.out.println("  flushing and writing the Medusa backup...");
            cluster.backup(new FileObjectStore(root), StoreLocation.ofDirectory(root), BACKUP_NAME, BackupMode.FULL);
        }
        List<Path> data;
        try (Stream<Path> files = Files.walk(root)) {
            data = files.filter(p -> p.getFileName().toString().endsWith("-Data.db")).toList();
        }
        long dataBytes = 0;
        for (Path p : data) {
            dataBytes += Files.size(p);
        }
        String generated = String.format("%s in %.0f s", java.time.Instant.now(), (System.nanoTime() - started) / 1e9);
        Properties p = new Properties();
        p.setProperty("rows", Long.toString(config.rows()));
        p.setProperty("partitions", Integer.toString(config.partitions()));
        p.setProperty("dataBytes", Long.toString(dataBytes));
        p.setProperty("sstables", Integer.toString(data.size()));
        p.setProperty("generated", generated);
        try (OutputStream out = Files.newOutputStream(marker)) {
            p.store(out, "movedata read benchmark dataset; delete this file (or use --regenerate) to regenerate");
        }
        System.out.printf("Generated %d SSTables, %,d Data.db bytes, %s%n", data.size(), dataBytes, generated);
        return new BenchDataset(root, config.rows(), config.partitions(), dataBytes, data.size(), generated);
    }

    String uri() {
        return root.toUri().toString();
    }
}
