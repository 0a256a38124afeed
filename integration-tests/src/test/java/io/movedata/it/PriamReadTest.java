package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.PriamBackupInfo;
import io.movedata.testkit.S3EndpointExtension;

/**
 * The same cluster backed up by Medusa and by Priam (backup V2, each compression) reads back as the
 * same rows through the {@code cassandra-backup} DataSource; Priam node backups that are
 * encrypted or still uploading are refused where the consistency level needs them.
 */
class PriamReadTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("both");

    private static final String NODE1 = "node1.fixture.local";
    private static final String NODE2 = "node2.fixture.local";
    private static final String NODE3 = "node3.fixture.local";
    private static final int KV_PARTITIONS = 60;
    private static final String T_COLUMNS = "k, c, s, v, tags, attrs, home";
    /**
     * ks.t as SELECT * returns it at the reference time (every replica holds every write). No list
     * columns: the fixture writes each replica separately, so a list append gets another cell path
     * on each replica, where Cassandra's coordinator would have given them one.
     */
    private static final List<String> T_ROWS = List.of(
            "1|1|static-2|a|[a, b, c]|{x=1, y=2}|(Main St,1)",
            "2|2|null|stays|null|null|null",
            "3|2|null|long|null|null|null",
            "4|2|null|after|null|null|null");

    private static FixtureCluster cluster;
    private static StoreLocation medusa;
    private static PriamBackupInfo snappy;
    private static PriamBackupInfo lz4;
    private static PriamBackupInfo none;
    private static PriamBackupInfo pgp;
    private static PriamBackupInfo started;
    private static String missingKey;
    /** R: after the 100 s TTLs ran out, long before the 1,000,000 s ones; the same for every read. */
    private static Instant reference;

    @BeforeAll
    static void writeBackups() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                        CREATE TYPE ks.address (street text, zip int);
                        CREATE TABLE ks.t (k int, c int, s text static, v text, tags set<text>, attrs map<text, int>,
                                           home frozen<address>, PRIMARY KEY (k, c));
                        CREATE TABLE ks.kv (k int PRIMARY KEY, v text);
                        """)
                .nodes(3)
                .build();
        cluster.execute("INSERT INTO ks.t (k, c, v, tags, attrs, home) VALUES (1, 1, 'a', {'a', 'b'}, {'x': 1}, ?) "
                + "USING TIMESTAMP 10", cluster.udt("ks.address", "Main St", 1));
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET s = 'static-1' WHERE k = 1");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (2, 1, 'gone') USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (2, 2, 'stays') USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 1, 'short') USING TIMESTAMP 10 AND TTL 100");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 2, 'long') USING TIMESTAMP 10 AND TTL 1000000");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (4, 1, 'x') USING TIMESTAMP 10");
        for (int k = 0; k < KV_PARTITIONS; k++) {
            cluster.execute("INSERT INTO ks.kv (k, v) VALUES (?, 'base') USING TIMESTAMP 10", k);
        }
        cluster.flush();
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 20 WHERE k = 2 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET tags = tags + {'c'}, attrs['y'] = 2 "
                + "WHERE k = 1 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET s = 'static-2' WHERE k = 1");
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 20 WHERE k = 4");
        for (int k = 0; k < KV_PARTITIONS; k++) {
            if (k % 3 == 0) {
                cluster.executeOn(List.of(NODE1), "INSERT INTO ks.kv (k, v) VALUES (?, 'node1') USING TIMESTAMP 20", k);
            }
            if (k % 4 == 0) {
                cluster.executeOn(List.of(NODE2), "DELETE FROM ks.kv USING TIMESTAMP 30 WHERE k = ?", k);
            }
        }
        cluster.flush();
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (4, 2, 'after') USING TIMESTAMP 30");

        medusa = S3.location("both", "medusa");
        Instant snapshot = Instant.now();
        try (ObjectStore store = S3.openStore("both")) {
            cluster.backup(store, medusa, "m", BackupMode.DIFFERENTIAL);
            snappy = cluster.backupPriam(store, S3.location("both", "snappy/backup"), "cass_test", snapshot, Compression.SNAPPY);
            lz4 = cluster.backupPriam(store, S3.location("both", "lz4/backup"), "cass_test", snapshot, Compression.LZ4);
            none = cluster.backupPriam(store, S3.location("both", "none/backup"), "cass_test", snapshot, Compression.NONE);
            pgp = cluster.backupPriam(store, S3.location("both", "pgp/backup"), "cass_test", snapshot, Compression.SNAPPY,
                    BackupOptions.defaults().pgp(NODE2));
            started = cluster.backupPriam(store, S3.location("both", "started/backup"), "cass_test", snapshot, Compression.SNAPPY);
            missingKey = started.node(NODE3).objects("ks", "t").stream().map(o -> o.key())
                    .filter(k -> k.endsWith("-Data.db")).findFirst().orElseThrow();
            store.delete(missingKey);
        }
        reference = Instant.now().plusSeconds(1000);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static List<String> read(StoreLocation location, String table, String columns, String consistency) {
        Map<String, String> options = SharedSpark.backupOptions(S3, location, table, "consistency", consistency,
                "splitSizeMB", "1", "referenceTime", reference.toString());
        Dataset<Row> frame = SharedSpark.session().read().format("cassandra-backup").options(options).load();
        return SharedSpark.rows(frame.selectExpr(columns.split(", ")));
    }

    /** ks.kv merged over all three replicas: node1's newer value where it has one, node2's deletions win. */
    private static List<String> kvAtAll() {
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < KV_PARTITIONS; k++) {
            if (k % 4 != 0) {
                rows.add(k + "|" + (k % 3 == 0 ? "node1" : "base"));
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void aSnappyPriamBackupReadsAsTheMedusaBackupOfTheSameCluster() {
        List<String> medusaRows = read(medusa, "ks.t", T_COLUMNS, "ALL");
        assertThat(medusaRows).containsExactlyElementsOf(T_ROWS);

        assertThat(read(snappy.location(), "ks.t", T_COLUMNS, "ALL")).containsExactlyElementsOf(medusaRows);
        assertThat(read(snappy.location(), "ks.t", T_COLUMNS, "ONE")).containsExactlyElementsOf(medusaRows);
    }

    @Test
    void replicasThatDisagreeMergeAtAllAsInTheMedusaBackup() {
        List<String> medusaRows = read(medusa, "ks.kv", "k, v", "ALL");
        assertThat(medusaRows).containsExactlyElementsOf(kvAtAll());

        // The base folder holds one application: the location may point at either.
        StoreLocation base = S3.location("both", "snappy/backup");
        assertThat(read(base, "ks.kv", "k, v", "ALL")).containsExactlyElementsOf(medusaRows);
    }

    @Test
    void lz4AndUncompressedPriamBackupsReadToo() {
        assertThat(read(lz4.location(), "ks.t", T_COLUMNS, "ALL")).containsExactlyElementsOf(T_ROWS);
        assertThat(read(none.location(), "ks.t", T_COLUMNS, "ONE")).containsExactlyElementsOf(T_ROWS);
        assertThat(read(none.location(), "ks.kv", "k, v", "ALL")).containsExactlyElementsOf(kvAtAll());
    }

    @Test
    void aPgpEncryptedNodeBackupFailsAReadAtAllNamingNodeAndKey() {
        String token = pgp.node(NODE2).token();

        assertThatThrownBy(() -> read(pgp.location(), "ks.t", T_COLUMNS, "ALL"))
                .hasMessageContaining("consistency ALL")
                .hasMessageContaining(token + ": " + pgp.name())
                .hasMessageContaining("INVALID: PGP-encrypted objects are not supported: " + pgp.node(NODE2).metaKey());
    }

    @Test
    void aNodeBackupStillUploadingIsSkippedAtOneAndFailsAll() {
        String token = started.node(NODE3).token();

        assertThat(read(started.location(), "ks.t", T_COLUMNS, "ONE")).containsExactlyElementsOf(T_ROWS);
        assertThatThrownBy(() -> read(started.location(), "ks.t", T_COLUMNS, "ALL"))
                .hasMessageContaining("consistency ALL")
                .hasMessageContaining(token + ": " + started.name())
                .hasMessageContaining("STARTED")
                .hasMessageContaining(missingKey);
    }
}
