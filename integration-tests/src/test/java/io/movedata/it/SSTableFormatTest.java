package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * The same writes read the same in both SSTable formats of Cassandra 5.0, big ({@code oa}) and
 * bti ({@code da}), from S3 and from a local directory.
 */
class SSTableFormatTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("formats");

    @ParameterizedTest
    @ValueSource(strings = {"big", "bti"})
    void wideAndDeletedPartitionsReadTheSameInEveryFormat(String format) throws Exception {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                        CREATE TABLE ks.wide (k int, c int, s int static, v text, PRIMARY KEY (k, c));
                        """)
                .nodes(1)
                .format(format)
                .build()) {
            for (int k = 0; k < 20; k++) {
                cluster.execute("UPDATE ks.wide USING TIMESTAMP 10 SET s = ? WHERE k = ?", k, k);
                for (int c = 0; c < 500; c++) {
                    cluster.execute("INSERT INTO ks.wide (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, "v" + c);
                }
            }
            cluster.flush();
            for (int k = 0; k < 20; k += 2) {
                cluster.execute("DELETE FROM ks.wide USING TIMESTAMP 20 WHERE k = ? AND c >= 100 AND c < 400", k);
            }
            cluster.execute("DELETE FROM ks.wide USING TIMESTAMP 20 WHERE k = 5");
            StoreLocation location = S3.location("formats", format);
            try (ObjectStore store = S3.openStore("formats")) {
                cluster.backup(store, location, "b1", BackupMode.DIFFERENTIAL);
                assertThat(store.list(location.keyPrefix())).anySatisfy(o ->
                        assertThat(o.key()).endsWith(format.equals("big") ? "-big-Data.db" : "-bti-Data.db"));
            }

            List<String> rows = SharedSpark.rows(SharedSpark.session().read().format("cassandra-backup")
                    .options(SharedSpark.backupOptions(S3, location, "ks.wide")).load().select("k", "c", "s", "v"));

            List<String> expected = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                for (int c = 0; c < 500; c++) {
                    boolean sliced = k % 2 == 0 && c >= 100 && c < 400;
                    if (k != 5 && !sliced) {
                        expected.add(k + "|" + c + "|" + k + "|v" + c);
                    }
                }
            }
            expected.sort(null);
            assertThat(rows).isEqualTo(expected);

            // The same backup in a local directory is read in place, with readers shared by the
            // splits and reads of this JVM: a second read must see exactly the same rows.
            Path directory = Files.createTempDirectory("formats-" + format);
            cluster.backup(new FileObjectStore(directory), StoreLocation.ofDirectory(directory), "b1", BackupMode.FULL);
            Map<String, String> local = Map.of("backup", directory.toUri().toString(), "table", "ks.wide", "splitSizeMB", "1");
            for (int read = 0; read < 2; read++) {
                assertThat(SharedSpark.rows(SharedSpark.session().read().format("cassandra-backup")
                        .options(local).load().select("k", "c", "s", "v"))).isEqualTo(expected);
            }
        }
    }
}
