package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/** Bad backups and bad requests fail with errors naming backup, node and object; never a wrong result. */
class BadInputTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("bad");

    private static final String NODE1 = "node1.fixture.local";
    private static FixtureCluster cluster;
    private static StoreLocation location;

    @BeforeAll
    static void writeBackups() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                        CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c));
                        CREATE TABLE ks.hits (k int PRIMARY KEY, n counter);
                        CREATE TABLE ks.vectors (k int PRIMARY KEY, e vector<float, 3>);
                        """)
                .nodes(1)
                .build();
        for (int k = 0; k < 50; k++) {
            for (int c = 0; c < 20; c++) {
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, "value-" + k + "-" + c);
            }
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    /** A fresh backup per test, under its own prefix, so each test damages only its own objects. */
    private static ClusterBackupInfo backup(String prefix, BackupOptions options) {
        location = S3.location("bad", prefix);
        try (ObjectStore store = S3.openStore("bad")) {
            return cluster.backup(store, location, "b1", BackupMode.FULL, options);
        }
    }

    private static Dataset<Row> read(String table) {
        return SharedSpark.session().read().format("cassandra-backup")
                .options(SharedSpark.backupOptions(S3, location, table, "name", "b1", "consistency", "ONE")).load();
    }

    private static String dataKey(ClusterBackupInfo info) {
        return info.node(NODE1).dataKeys().stream().filter(k -> k.endsWith("-Data.db") && k.contains("/t-")).findFirst().orElseThrow();
    }

    @Test
    void missingManifestNamesTheNode() {
        backup("no-manifest", BackupOptions.defaults().withoutManifest(NODE1));

        assertThatThrownBy(() -> read("ks.t").count())
                .hasMessageContaining("b1")
                .hasMessageContaining(NODE1)
                .hasMessageContaining("manifest.json");
    }

    @Test
    void listedButAbsentObjectNamesNodeAndKey() {
        ClusterBackupInfo info = backup("absent-object", BackupOptions.defaults());
        String key = dataKey(info);
        try (ObjectStore store = S3.openStore("bad")) {
            store.delete(key);
        }

        assertThatThrownBy(() -> read("ks.t").count())
                .hasMessageContaining(NODE1)
                .hasMessageContaining(key)
                .hasMessageContaining("does not exist");
    }

    @Test
    void truncatedDataFileNamesItsSizes() {
        ClusterBackupInfo info = backup("truncated", BackupOptions.defaults());
        String key = dataKey(info);
        try (ObjectStore store = S3.openStore("bad")) {
            byte[] bytes = store.readAll(key);
            store.put(key, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }

        assertThatThrownBy(() -> read("ks.t").count())
                .hasMessageContaining(NODE1)
                .hasMessageContaining(key)
                .hasMessageContaining("bytes");
    }

    @Test
    void corruptedDataFileFailsItsChecksumAndNamesTheObject() {
        ClusterBackupInfo info = backup("corrupt", BackupOptions.defaults());
        String key = dataKey(info);
        try (ObjectStore store = S3.openStore("bad")) {
            byte[] bytes = store.readAll(key);
            for (int i = bytes.length / 3; i < bytes.length / 3 + 16; i++) {
                bytes[i] ^= 0x5a;
            }
            store.put(key, bytes);
        }

        assertThatThrownBy(() -> read("ks.t").collectAsList())
                .hasStackTraceContaining("node '" + NODE1 + "' object " + key + ": chunk at bytes ")
                .hasStackTraceContaining("but the checksum stored after it is");
    }

    @Test
    void tableNotInSchemaListsTheTablesThere() {
        backup("schema", BackupOptions.defaults());

        assertThatThrownBy(() -> read("ks.missing"))
                .hasMessageContaining("Table 'ks.missing' is not in the schema.cql")
                .hasMessageContaining("b1")
                .hasMessageContaining("[hits, t, vectors]");
    }

    @Test
    void unknownKeyspaceListsTheKeyspacesThere() {
        backup("keyspace", BackupOptions.defaults());

        assertThatThrownBy(() -> read("nope.t"))
                .hasMessageContaining("Keyspace 'nope' is not in the schema.cql")
                .hasMessageContaining("[ks]");
    }

    @Test
    void unsupportedTypesAreRefusedBeforeReading() {
        backup("types", BackupOptions.defaults());

        assertThatThrownBy(() -> read("ks.hits"))
                .hasMessageContaining("counter table");
        assertThatThrownBy(() -> read("ks.vectors"))
                .hasMessageContaining("Column 'e'")
                .hasMessageContaining("vector<float, 3>")
                .hasMessageContaining("not supported");
    }

    @Test
    void aMisspeltOptionIsRefusedInsteadOfReadingAtTheDefault() {
        backup("misspelt", BackupOptions.defaults());
        Map<String, String> options = SharedSpark.backupOptions(S3, location, "ks.t", "name", "b1");
        options.put("Consistancy", "ALL");

        assertThatThrownBy(() -> SharedSpark.session().read().format("cassandra-backup").options(options).load())
                .isInstanceOfSatisfying(MovedataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("Unknown option 'Consistancy' (did you mean 'consistency'?) of the cassandra-backup data source");
    }

    @Test
    void theLocationMayBeGivenToLoad() {
        backup("load-path", BackupOptions.defaults());
        Map<String, String> options = SharedSpark.backupOptions(S3, location, "ks.t", "name", "b1", "consistency", "ONE");
        options.remove("backup");

        Dataset<Row> rows = SharedSpark.session().read().format("cassandra-backup").options(options).load(location.toString());

        assertThat(rows.where("k = 7 AND c = 19").collectAsList()).singleElement()
                .satisfies(row -> assertThat(row.getString(2)).isEqualTo("value-7-19"));
    }

    @Test
    void anIntactBackupOfTheSameDataReadsEveryRow() {
        backup("intact", BackupOptions.defaults());

        List<Row> rows = read("ks.t").where("k = 7 AND c = 19").collectAsList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString(2)).isEqualTo("value-7-19");
        assertThat(read("ks.t").count()).isEqualTo(1000);
    }
}
