package io.movedata.testkit.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

/** One real node in 5.0 storage (format big, storage compatibility NONE): CQL, flush, snapshot, restarts. */
class CassandraNodeTest {
    @RegisterExtension
    static final CassandraClusterExtension CASSANDRA = new CassandraClusterExtension(CassandraCluster.builder()
            .datacenter("east").racks("r1").sstableFormat("big").storageCompatibilityMode("NONE"));

    @BeforeAll
    static void keyspace() {
        CASSANDRA.session().execute("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'east': 1}");
    }

    @Test
    void rowsWrittenThroughCqlAreReadBack() {
        CqlSession session = CASSANDRA.session();
        session.execute("CREATE TABLE ks.readback (k int, c int, v text, PRIMARY KEY (k, c))");
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 2; c++) {
                session.execute("INSERT INTO ks.readback (k, c, v) VALUES (?, ?, ?)", k, c, "v" + k + c);
            }
        }

        Map<String, String> rows = new TreeMap<>();
        for (Row row : session.execute("SELECT k, c, v FROM ks.readback")) {
            rows.put(row.getInt("k") + "/" + row.getInt("c"), row.getString("v"));
        }
        assertThat(rows).isEqualTo(Map.of(
                "0/0", "v00", "0/1", "v01", "1/0", "v10", "1/1", "v11", "2/0", "v20", "2/1", "v21"));
    }

    @Test
    void flushWritesOaBigSSTablesIntoTheTableDirectory() throws IOException {
        CassandraNode node = CASSANDRA.node(1);
        CqlSession session = CASSANDRA.session();
        session.execute("CREATE TABLE ks.flushed (k int PRIMARY KEY, v text)");
        session.execute("INSERT INTO ks.flushed (k, v) VALUES (1, 'one')");
        Path table = node.tableDirectory("ks", "flushed");
        assertThat(dataFiles(table)).isEmpty();

        node.flush("ks", "flushed");
        session.execute("INSERT INTO ks.flushed (k, v) VALUES (2, 'two')");
        node.flush("ks", "flushed");

        // Two flushes, two SSTables: compaction is off, so they stay as flushed.
        assertThat(table).startsWith(node.dataDirectory().resolve("ks"));
        assertThat(dataFiles(table)).containsExactly("oa-1-big-Data.db", "oa-2-big-Data.db");
    }

    @Test
    void snapshotHardLinksTheSSTablesNextToManifestAndSchema() throws IOException {
        CassandraNode node = CASSANDRA.node(1);
        CqlSession session = CASSANDRA.session();
        session.execute("CREATE TABLE ks.snapped (k int PRIMARY KEY, v text)");
        session.execute("INSERT INTO ks.snapped (k, v) VALUES (1, 'one')");

        node.snapshot("backup-1", "ks");

        Path table = node.tableDirectory("ks", "snapped");
        Path snapshot = table.resolve("snapshots").resolve("backup-1");
        assertThat(dataFiles(table)).containsExactly("oa-1-big-Data.db");
        assertThat(dataFiles(snapshot)).containsExactly("oa-1-big-Data.db");
        assertThat(Files.isSameFile(table.resolve("oa-1-big-Data.db"), snapshot.resolve("oa-1-big-Data.db"))).isTrue();
        assertThat(Files.readString(snapshot.resolve("manifest.json"))).contains("oa-1-big-Data.db");
        assertThat(Files.readString(snapshot.resolve("schema.cql"))).contains("CREATE TABLE IF NOT EXISTS ks.snapped");

        node.clearSnapshot("backup-1", "ks");

        assertThat(snapshot).doesNotExist();
        assertThat(dataFiles(table)).containsExactly("oa-1-big-Data.db");
    }

    @Test
    void aStoppedNodeIsDrainedAndStartsAgainWithItsRowsHostIdAndTokens() throws IOException {
        CassandraNode node = CASSANDRA.node(1);
        CASSANDRA.session().execute("CREATE TABLE ks.restarted (k int PRIMARY KEY, v text)");
        CASSANDRA.session().execute("INSERT INTO ks.restarted (k, v) VALUES (1, 'before stop')");
        Path table = node.tableDirectory("ks", "restarted");
        UUID hostId = node.hostId();
        List<Long> tokens = node.tokens();

        node.stop();

        assertThat(node.isRunning()).isFalse();
        assertThat(dataFiles(table)).containsExactly("oa-1-big-Data.db");
        node.start();
        assertThat(node.isRunning()).isTrue();
        assertThat(node.hostId()).isEqualTo(hostId);
        assertThat(node.tokens()).isEqualTo(tokens).hasSize(16);
        assertThat(rows(CASSANDRA.session(), "ks.restarted")).isEqualTo(Map.of(1, "before stop"));
    }

    @Test
    void aKilledNodeIsNotDrainedAndStartsAgainWithItsFlushedRows() throws IOException {
        CassandraNode node = CASSANDRA.node(1);
        CASSANDRA.session().execute("CREATE TABLE ks.killed (k int PRIMARY KEY, v text)");
        CASSANDRA.session().execute("INSERT INTO ks.killed (k, v) VALUES (1, 'flushed')");
        node.flush("ks", "killed");
        CASSANDRA.session().execute("INSERT INTO ks.killed (k, v) VALUES (2, 'in the memtable')");
        Path table = node.tableDirectory("ks", "killed");

        node.kill();

        assertThat(node.isRunning()).isFalse();
        assertThat(dataFiles(table)).containsExactly("oa-1-big-Data.db");
        node.start();
        // Row 2 comes back only if a periodic commit-log sync happened before the kill.
        assertThat(rows(CASSANDRA.session(), "ks.killed")).containsEntry(1, "flushed");
    }

    @Test
    void theNodeReportsItsPlaceInTheCluster() {
        CassandraNode node = CASSANDRA.node(1);
        Row local = node.session().execute("SELECT cluster_name, data_center, rack, host_id, listen_address FROM system.local").one();

        assertThat(local.getString("cluster_name")).isEqualTo("movedata-test");
        assertThat(local.getString("data_center")).isEqualTo("east").isEqualTo(node.datacenter());
        assertThat(local.getString("rack")).isEqualTo("r1").isEqualTo(node.rack());
        assertThat(local.getUuid("host_id")).isEqualTo(node.hostId());
        assertThat(local.getInetAddress("listen_address").getHostAddress()).isEqualTo("127.0.0.1").isEqualTo(node.address());
        assertThat(node.liveNodes()).containsExactly("127.0.0.1");
        assertThat(node.jmxPort()).isNotEqualTo(node.nativePort()).isNotEqualTo(node.storagePort());
        assertThat(node.logFile()).content().contains("Startup complete");
    }

    /** k to v of a {@code (k int PRIMARY KEY, v text)} table. */
    private static Map<Integer, String> rows(CqlSession session, String table) {
        Map<Integer, String> rows = new TreeMap<>();
        for (Row row : session.execute("SELECT k, v FROM " + table)) {
            rows.put(row.getInt("k"), row.getString("v"));
        }
        return rows;
    }

    /** The names of the Data.db components directly in {@code directory}, sorted. */
    static List<String> dataFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-Data.db")).sorted().toList();
        }
    }
}
