package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.CqlSession;

import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * Damaged copies of a backup taken from a real Cassandra node by {@code movedata backup}: one with
 * an SSTable's Statistics.db swapped for another SSTable's of the same size, one with a flipped byte
 * in a Data.db. {@code bin/movedata backups verify --checksums} finds each, and a movement of each
 * fails naming node, object and checksums, leaving its table as it was.
 */
class BackupIntegrityIT {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("integrity");

    @RegisterExtension
    static final Launcher MOVEDATA = new Launcher();

    private static Path work;
    private static CassandraCluster cluster;
    private static StoreLocation intact;
    private static StoreLocation swapped;
    private static StoreLocation flipped;
    /** Per swapped Statistics.db, the message naming the MD5 of what it holds now and what the manifest lists. */
    private static final List<String> SWAPPED = new ArrayList<>();
    private static String flippedKey;
    private static String flippedFound;
    private static String flippedListed;

    @BeforeAll
    static void backUpARealNodeAndDamageTwoCopies() throws Exception {
        work = MOVEDATA.work();
        cluster = CassandraCluster.builder().nodes(1).directory(work.resolve("node")).autoCompaction(false).start();
        CassandraNode node = cluster.node(1);
        CqlSession session = cluster.session();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE ks.events (k int, c int, v text, PRIMARY KEY (k, c))");
        // Batches of one shape, one SSTable each: their Statistics.db come out the same size.
        for (int batch = 0; batch < 3; batch++) {
            for (int k = batch * 100; k < batch * 100 + 100; k++) {
                for (int c = 0; c < 10; c++) {
                    session.execute("INSERT INTO ks.events (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 1000",
                            k, c, String.format("value-%06d", k * 10 + c));
                }
            }
            node.flush("ks", "events");
        }
        intact = backup(node, "intact");
        swapped = backup(node, "swapped");
        flipped = backup(node, "flipped");
        try (ObjectStore store = S3.openStore("integrity")) {
            swapStatistics(store);
            flipData(store);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static StoreLocation backup(CassandraNode node, String prefix) {
        StoreLocation location = S3.location("integrity", prefix);
        List<String> args = new ArrayList<>(List.of("backup", location.toString(), "--name", "snap",
                "--jmx", "127.0.0.1:" + node.jmxPort(), "--cql", node.address() + ":" + node.nativePort()));
        args.addAll(s3Options());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return location;
    }

    /** Two Statistics.db of ks.events with the same size trade places; the manifest is left as it was. */
    private static void swapStatistics(ObjectStore store) {
        Map<Long, List<StoredObject>> bySize = new TreeMap<>();
        for (StoredObject object : tableObjects(store, swapped, "-Statistics.db")) {
            bySize.computeIfAbsent(object.size(), size -> new ArrayList<>()).add(object);
        }
        List<StoredObject> pair = bySize.values().stream().filter(objects -> objects.size() >= 2).findFirst()
                .orElseThrow(() -> new AssertionError("no two Statistics.db of one size: " + bySize.keySet()));
        byte[] first = store.readAll(pair.get(0).key());
        byte[] second = store.readAll(pair.get(1).key());
        store.put(pair.get(0).key(), second);
        store.put(pair.get(1).key(), first);
        SWAPPED.add("object " + pair.get(0).key() + ": MD5 is " + md5(second) + " but the manifest lists " + md5(first));
        SWAPPED.add("object " + pair.get(1).key() + ": MD5 is " + md5(first) + " but the manifest lists " + md5(second));
    }

    private static void flipData(ObjectStore store) {
        flippedKey = tableObjects(store, flipped, "-Data.db").get(0).key();
        byte[] bytes = store.readAll(flippedKey);
        flippedListed = md5(bytes);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        store.put(flippedKey, bytes);
        flippedFound = md5(bytes);
    }

    private static List<StoredObject> tableObjects(ObjectStore store, StoreLocation location, String suffix) {
        return store.list(location.keyPrefix()).stream()
                .filter(o -> o.key().contains("/ks/events-") && o.key().endsWith(suffix)).toList();
    }

    @Test
    void verifyWithChecksumsFindsTheSwappedStatisticsWhereTheListingCheckCannot() throws Exception {
        ChildProcess listing = movedata("backups", "verify", swapped.toString());
        ChildProcess checksums = movedata("backups", "verify", swapped.toString(), "--checksums");

        assertThat(listing.exitCode()).as(listing.toString()).isZero();
        assertThat(listing.out()).contains("check: listing (sizes and presence)").contains("result: ok:");
        assertThat(checksums.exitCode()).as(checksums.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(checksums.out())
                .containsPattern("check: checksums \\(every object read: \\d+ objects, ")
                .contains("checksums: 2 of ")
                .contains(SWAPPED.get(0), SWAPPED.get(1))
                .containsPattern("result: FAILED: 2 of \\d+ objects differ from their checksums");
        assertThat(checksums.err()).isEmpty();
    }

    @Test
    void verifyWithChecksumsFindsTheFlippedDataByte() throws Exception {
        ChildProcess run = movedata("backups", "verify", flipped.toString(), "--checksums");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(run.out()).containsPattern("node '[^']+' object " + flippedKey + ": MD5 is " + flippedFound
                + " but the manifest lists " + flippedListed);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void movementsOfTheDamagedCopiesFailAndLeaveTheTableAsItWas() throws Exception {
        ChildProcess first = movedata("run", spec(intact).toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        List<String> tableFiles = tableFiles();

        ChildProcess swappedRun = movedata("run", spec(swapped).toString());
        ChildProcess flippedRun = movedata("run", spec(flipped).toString());

        assertThat(swappedRun.exitCode()).as(swappedRun.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(swappedRun.out() + swappedRun.err()).contains("FAILED")
                .containsAnyOf(SWAPPED.get(0), SWAPPED.get(1)).containsPattern("node '[^']+' object ");
        assertThat(flippedRun.exitCode()).as(flippedRun.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(flippedRun.out() + flippedRun.err()).contains("FAILED")
                .containsPattern("node '[^']+' object " + flippedKey + ": chunk at bytes \\d+-\\d+ has CRC32 \\d+ but the "
                        + "checksum stored after it is \\d+");
        assertThat(tableFiles()).as("files of the moved table").isEqualTo(tableFiles);
    }

    /** A movement of ks.events at ONE into lake.moved.events. */
    private static Path spec(StoreLocation location) throws IOException {
        Map<String, String> s3 = S3.options();
        Path spec = work.resolve("spec-" + location.keyPrefix().replace('/', '-') + ".yaml");
        Files.writeString(spec, """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: snap
                  tables: [ks.events]
                  consistency: ONE
                connector: {name: cassandra-table}
                destination:
                  catalog: {name: lake, type: hadoop, warehouse: "%s"}
                  namespace: moved
                  table: events
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), work.resolve("warehouse"),
                work.resolve("reports")));
        return spec;
    }

    private static List<String> tableFiles() throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("warehouse").resolve("moved").resolve("events"))) {
            return files.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        }
    }

    private static ChildProcess movedata(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args));
        if (!args[0].equals("run")) {
            command.addAll(s3Options());
        }
        return MOVEDATA.run(command.toArray(String[]::new));
    }

    private static List<String> s3Options() {
        Map<String, String> settings = S3.options();
        return List.of("--s3-endpoint", settings.get(StoreLocation.ENDPOINT), "--s3-path-style",
                "--s3-region", settings.get(StoreLocation.REGION),
                "--s3-access-key", settings.get(StoreLocation.ACCESS_KEY), "--s3-secret-key", settings.get(StoreLocation.SECRET_KEY));
    }

    private static String md5(byte[] bytes) {
        ContentDigest digest = new ContentDigest();
        try {
            digest.consume(new java.io.ByteArrayInputStream(bytes), java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return digest.md5Hex();
    }
}
