package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.PriamBackupInfo;
import io.movedata.testkit.S3EndpointExtension;

/**
 * A damaged object fails the read, naming node, object, the checksum found and the one expected,
 * whichever component it is and however it is read: fetched from S3, read in place, fetched in
 * checked ranges, with or without an MD5 in the backup. Every test damages its own copy.
 */
class BackupIntegrityTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("damaged");

    private static final String NODE = "node1.fixture.local";
    private static final String SCHEMA = """
            CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))%s;
            """;

    @TempDir
    static Path work;

    private static FixtureCluster compressed;
    private static FixtureCluster uncompressed;
    private static FixtureCluster unchecked;
    private static FixtureCluster bti;

    @BeforeAll
    static void writeClusters() {
        compressed = cluster("", "big");
        uncompressed = cluster(" WITH compression = {'enabled': false}", "big");
        // Cassandra itself would check a chunk's checksum only at this chance; a read must always check.
        unchecked = cluster(" WITH crc_check_chance = 0.0", "big");
        bti = cluster("", "bti");
    }

    /** Two SSTables: keys 0-49, then keys 50-99. */
    private static FixtureCluster cluster(String options, String format) {
        FixtureCluster cluster = FixtureCluster.builder().schema(SCHEMA.formatted(options)).format(format).nodes(1).build();
        for (int k = 0; k < 100; k++) {
            for (int c = 0; c < 20; c++) {
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, "value-" + k + "-" + c);
            }
            if (k == 49) {
                cluster.flush();
            }
        }
        return cluster;
    }

    @AfterAll
    static void close() {
        for (FixtureCluster cluster : List.of(compressed, uncompressed, unchecked, bti)) {
            cluster.close();
        }
    }

    @Test
    void aFetchedComponentWithAnotherMd5FailsTheReadNamingBothChecksums() {
        assertThatAFlippedByteFailsTheReadByMd5(backupToS3(compressed, "summary"), "-Summary.db");
    }

    @Test
    void aComponentReadInPlaceIsCheckedWhenFirstOpened() throws Exception {
        Path root = work.resolve("in-place");
        ClusterBackupInfo info = compressed.backup(new FileObjectStore(root), StoreLocation.ofDirectory(root), "b1", BackupMode.FULL);
        BackupObject filter = object(info, "-Filter.db");
        String found = flip(new FileObjectStore(root), filter.key());

        assertThat(failure(info.location()))
                .contains("node '" + NODE + "' object " + filter.key() + ": MD5 is " + found
                        + " but the manifest lists " + filter.md5());
    }

    @Test
    void anUncompressedDataChunkFetchedInRangesIsCheckedAgainstCrcDb() {
        assertThat(failureOfAFlippedDataByte(uncompressed, "uncompressed"))
                .containsPattern("has CRC32 \\d+ but \\S+-CRC\\.db lists \\d+");
    }

    @Test
    void aCompressedChunkIsCheckedWhateverTheTablesCrcCheckChance() {
        assertThat(failureOfAFlippedDataByte(unchecked, "unchecked"))
                .containsPattern("has CRC32 \\d+ but the checksum stored after it is \\d+");
    }

    /** What reading a backup with a flipped byte in a Data.db throws, after checking it names node, object and chunk. */
    private static String failureOfAFlippedDataByte(FixtureCluster cluster, String prefix) {
        ClusterBackupInfo info = backupToS3(cluster, prefix);
        String data = object(info, "-Data.db").key();
        try (ObjectStore store = S3.openStore("damaged")) {
            flip(store, data);
        }
        String failure = failure(info.location());
        assertThat(failure).contains("node '" + NODE + "' object " + data + ": chunk at bytes ");
        return failure;
    }

    @Test
    void aBtiDataFileFetchedWholeIsCheckedAgainstItsMd5() {
        assertThatAFlippedByteFailsTheReadByMd5(backupToS3(bti, "bti"), "-Data.db");
    }

    private static void assertThatAFlippedByteFailsTheReadByMd5(ClusterBackupInfo info, String suffix) {
        BackupObject damaged = object(info, suffix);
        String found;
        try (ObjectStore store = S3.openStore("damaged")) {
            found = flip(store, damaged.key());
        }

        assertThat(failure(info.location()))
                .contains("node '" + NODE + "' object " + damaged.key() + ": MD5 is " + found
                        + " but the manifest lists " + damaged.md5());
    }

    @Test
    void aPriamDataFileWithoutMd5IsCheckedAgainstItsDigest() throws Exception {
        PriamBackupInfo info;
        BackupObject data;
        long found;
        try (ObjectStore store = S3.openStore("damaged")) {
            info = bti.backupPriam(store, S3.location("damaged", "priam/backup"), "cass_test",
                    Instant.parse("2026-11-20T00:00:00Z"), Compression.NONE);
            data = info.node(NODE).objects("ks", "t").stream().filter(o -> o.key().endsWith("-Data.db")).findFirst().orElseThrow();
            flip(store, data.key());
            found = digest(store, data.key()).crc32();
        }

        assertThat(failure(info.location()))
                .contains("object " + data.key() + ": CRC32 is " + found + " but ")
                .containsPattern("-Digest\\.crc32 lists \\d+");
    }

    /**
     * Statistics.db of one SSTable in place of the other's, with the manifest listing each by its
     * new size and MD5 (as a manifest made from the damaged files would): only the key ranges the
     * components state tell them apart.
     */
    @Test
    void componentsOfDifferentSSTablesAreToldApartByTheKeyRangesTheyState() throws Exception {
        Path root = work.resolve("swapped");
        FileObjectStore store = new FileObjectStore(root);
        ClusterBackupInfo info = compressed.backup(store, StoreLocation.ofDirectory(root), "b1", BackupMode.FULL);
        List<BackupObject> statistics = info.node(NODE).objects("ks", "t").stream()
                .filter(o -> o.key().endsWith("-Statistics.db")).toList();
        assertThat(statistics).hasSize(2);
        byte[] first = store.readAll(statistics.get(0).key());
        store.put(statistics.get(0).key(), store.readAll(statistics.get(1).key()));
        store.put(statistics.get(1).key(), first);
        String manifestKey = info.node(NODE).manifestKey().orElseThrow();
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(store.readAll(manifestKey));
        for (JsonNode table : manifest) {
            for (JsonNode object : table.path("objects")) {
                for (int i = 0; i < 2; i++) {
                    if (object.path("path").asText().equals(statistics.get(i).key())) {
                        BackupObject other = statistics.get(1 - i);
                        ((ObjectNode) object).put("MD5", other.md5()).put("size", other.size());
                    }
                }
            }
        }
        store.put(manifestKey, json.writeValueAsBytes(manifest));

        assertThat(failure(info.location()))
                .contains("node '" + NODE + "' SSTable ")
                .containsPattern("-Statistics\\.db states partitions from token -?\\d+ to -?\\d+ but \\S+-Summary\\.db "
                        + "states partitions from token -?\\d+ to -?\\d+: the components are not of one SSTable");
    }

    @Test
    void intactCopiesReadEveryRow() {
        List<FixtureCluster> clusters = List.of(compressed, uncompressed, unchecked, bti);
        for (int i = 0; i < clusters.size(); i++) {
            ClusterBackupInfo info = backupToS3(clusters.get(i), "intact-" + i);
            List<Row> rows = read(info.location()).where("k = 77 AND c = 3").collectAsList();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getString(2)).isEqualTo("value-77-3");
            assertThat(read(info.location()).count()).isEqualTo(2000);
        }
    }

    private static ClusterBackupInfo backupToS3(FixtureCluster cluster, String prefix) {
        try (ObjectStore store = S3.openStore("damaged")) {
            return cluster.backup(store, S3.location("damaged", prefix), "b1", BackupMode.FULL);
        }
    }

    /** The component of the table's first SSTable whose key ends with {@code suffix}. */
    private static BackupObject object(ClusterBackupInfo info, String suffix) {
        return info.node(NODE).objects("ks", "t").stream().filter(o -> o.key().endsWith(suffix)).findFirst().orElseThrow();
    }

    /** Flips every bit of the object's middle byte; returns the damaged object's MD5. */
    private static String flip(ObjectStore store, String key) {
        byte[] bytes = store.readAll(key);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        store.put(key, bytes);
        return digest(store, key).md5Hex();
    }

    private static ContentDigest digest(ObjectStore store, String key) {
        try {
            Path copy = work.resolve("digest-" + System.nanoTime());
            return ContentDigest.of(store.localFile(key).orElseGet(() -> {
                store.download(key, copy);
                return copy;
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dataset<Row> read(StoreLocation location) {
        Map<String, String> options = SharedSpark.backupOptions(S3, location, "ks.t", "consistency", "ONE");
        return SharedSpark.session().read().format("cassandra-backup").options(options).load();
    }

    /** What reading every row throws, with its causes. */
    private static String failure(StoreLocation location) {
        Throwable thrown = catchThrowable(() -> read(location).collectAsList());
        assertThat(thrown).as("reading " + location).isNotNull();
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
