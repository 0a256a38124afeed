package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.MedusaLayout;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;

/** Backups written by a fixture cluster to a real S3 endpoint, read back by the runtime's MedusaLayout. */
class FixtureBackupTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("backups");

    private static final String SCHEMA = "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};"
            + "CREATE TYPE ks.address (street text, zip int);"
            + "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c)) WITH comment = 'semi;colon';"
            + "CREATE TABLE ks.people (id uuid PRIMARY KEY, name text, home frozen<address>);"
            + "CREATE INDEX people_by_name ON ks.people (name)";

    private static FixtureCluster cluster;
    private static ObjectStore s3;

    @BeforeAll
    static void start() {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build();
        s3 = S3.openStore("backups");
    }

    @AfterAll
    static void stop() {
        s3.close();
        cluster.close();
    }

    @Test
    void differentialBackupsAreReadByMedusaLayoutAndShareUnchangedSSTables() throws Exception {
        // Its own cluster (the same schema as the shared one: cassandra-all's process-wide schema is switched between them).
        try (FixtureCluster cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build()) {
            differentialBackups(cluster);
        }
    }

    private void differentialBackups(FixtureCluster cluster) throws Exception {
        StoreLocation location = S3.location("backups", "diff");
        for (int k = 0; k < 50; k++) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP ?", k, 1, "v" + k, 100L);
        }
        RecordingStore recording = new RecordingStore(s3);
        ClusterBackupInfo first = cluster.backup(recording, location, "backup-1", BackupMode.DIFFERENTIAL);

        // Medusa's order per node: schema first, manifest last.
        for (String node : cluster.nodeNames()) {
            List<String> keys = recording.puts.stream().filter(k -> k.startsWith("diff/" + node + "/")).toList();
            assertThat(keys.get(0)).isEqualTo("diff/" + node + "/backup-1/meta/schema.cql");
            assertThat(keys.subList(1, 4)).containsExactly("diff/" + node + "/backup-1/meta/tokenmap.json",
                    "diff/" + node + "/backup-1/meta/server_version.json", "diff/" + node + "/backup-1/meta/differential");
            assertThat(keys.get(keys.size() - 1)).isEqualTo("diff/" + node + "/backup-1/meta/manifest.json");
            // The data of ks.t, and the node's schema tables, which Medusa backs up like any others.
            List<String> data = keys.subList(4, keys.size() - 1);
            assertThat(data).filteredOn(k -> k.startsWith("diff/" + node + "/data/ks/t-" + cluster.tableId("ks", "t") + "/")).isNotEmpty();
            assertThat(data).filteredOn(k -> k.startsWith("diff/" + node + "/data/system_schema/")).isNotEmpty();
            assertThat(data).allSatisfy(k -> assertThat(k).matches("diff/" + node + "/data/(ks/t-" + cluster.tableId("ks", "t")
                    + "|system_schema/[a-z_]+-[0-9a-f]{32})/[^/]+"));
        }

        MedusaLayout layout = new MedusaLayout(s3, location);
        assertThat(layout.nodes()).containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
        assertThat(BackupCatalog.open(s3, location).backupNames()).containsExactly("backup-1");
        BackupCatalog catalog = BackupCatalog.open(s3, location);
        ClusterBackup backup = catalog.named("backup-1");
        assertThat(backup.unavailable()).isEmpty();
        assertThat(backup.nodes().keySet()).containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
        for (FixtureNode node : cluster.nodes()) {
            assertThat(backup.topology().get(node.fqdn()).tokens()).isEqualTo(node.tokens());
            assertThat(backup.topology().get(node.fqdn()).datacenter()).isEqualTo("dc1");
            assertThat(backup.topology().get(node.fqdn()).rack()).isEqualTo("rack1");
        }
        assertThat(backup.schemaCql()).isEqualTo(cluster.schemaCql());
        NodeBackup n1 = backup.nodes().get("node1.fixture.local");
        assertThat(n1.differential()).isTrue();
        assertThat(n1.serverVersion()).contains("5.0.9");
        assertThat(n1.manifest()).filteredOn(t -> t.keyspace().equals("ks"))
                .extracting(ManifestTable::keyspace, ManifestTable::table, ManifestTable::tableId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ks", "t", cluster.tableId("ks", "t")),
                        org.assertj.core.groups.Tuple.tuple("ks", "people", cluster.tableId("ks", "people")));
        assertThat(cluster.tableId("ks", "t")).matches("[0-9a-f]{32}");
        assertThat(n1.manifest()).filteredOn(t -> !t.keyspace().equals("ks")).extracting(ManifestTable::keyspace).containsOnly("system_schema");
        assertThat(n1.manifest()).filteredOn(t -> !t.objects().isEmpty()).extracting(ManifestTable::table)
                .containsExactlyInAnyOrder("t", "column_masks", "columns", "keyspaces", "tables", "types");
        assertEveryListedObjectExists(backup);
        assertThat(first.uploadedDataKeys()).containsExactlyInAnyOrderElementsOf(first.dataKeys());

        // Nothing changed: a second differential backup uploads no SSTable and lists the same objects.
        ClusterBackupInfo second = cluster.backup(s3, location, "backup-2", BackupMode.DIFFERENTIAL);
        assertThat(second.uploadedDataKeys()).isEmpty();
        assertThat(second.dataKeys()).containsExactlyInAnyOrderElementsOf(first.dataKeys());
        assertThat(BackupCatalog.open(s3, location).backupNames()).containsExactly("backup-1", "backup-2");

        // New writes land in new SSTables; only those are uploaded, and the manifest lists old and new.
        for (int k = 0; k < 50; k++) {
            cluster.execute("UPDATE ks.t USING TIMESTAMP 200 SET v = 'new' WHERE k = ? AND c = 1", k);
        }
        cluster.execute("INSERT INTO ks.people (id, name, home) VALUES (?, ?, ?)", java.util.UUID.randomUUID(), "ann",
                cluster.udt("ks.address", "Main St", 12345));
        ClusterBackupInfo third = cluster.backup(s3, location, "backup-3", BackupMode.DIFFERENTIAL);
        assertThat(third.uploadedDataKeys()).isNotEmpty().doesNotContainAnyElementsOf(first.dataKeys());
        assertThat(third.dataKeys()).containsAll(first.dataKeys());
        ClusterBackup read3 = BackupCatalog.open(s3, location).named("backup-3");
        assertEveryListedObjectExists(read3);
        for (String node : cluster.nodeNames()) {
            List<String> listed = read3.nodes().get(node).manifest().stream()
                    .flatMap(t -> t.objects().stream()).map(ManifestObject::key).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(third.node(node).dataKeys());
            long dataFiles = listed.stream().filter(k -> k.endsWith("-Data.db") && k.contains("/t-")).count();
            assertThat(dataFiles).as("SSTables of ks.t on %s", node).isEqualTo(2);
        }
        // Object names never repeat on a node across generations.
        for (String node : cluster.nodeNames()) {
            List<String> names = third.node(node).objects().stream().map(o -> o.table() + "/" + o.fileName()).toList();
            assertThat(names).doesNotHaveDuplicates();
        }
    }

    @Test
    void fullBackupsKeepTheirOwnCopies() {
        StoreLocation location = S3.location("backups", "full/nested");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (1000, 1, 'full')");
        ClusterBackupInfo info = cluster.backup(s3, location, "b1", BackupMode.FULL);
        for (NodeBackupInfo node : info.nodes().values()) {
            assertThat(node.differentialKey()).isEmpty();
            assertThat(node.dataKeys()).isNotEmpty().allSatisfy(k -> assertThat(k).matches("full/nested/" + node.fqdn()
                    + "/b1/data/(ks|system_schema)/.*"));
        }
        ClusterBackupInfo again = cluster.backup(s3, location, "b2", BackupMode.FULL);
        assertThat(again.uploadedDataKeys()).hasSameSizeAs(info.dataKeys());
        ClusterBackup read = BackupCatalog.open(s3, location).named("b2");
        assertThat(read.unavailable()).isEmpty();
        assertThat(read.nodes().values()).allSatisfy(n -> assertThat(n.differential()).isFalse());
        assertEveryListedObjectExists(read);
    }

    @Test
    void unfinishedAndMissingNodeBackups() {
        StoreLocation location = S3.location("backups", "partial");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 7, 7, "seven");
        ClusterBackupInfo info = cluster.backup(s3, location, "b", BackupMode.DIFFERENTIAL,
                BackupOptions.defaults().withoutManifest("node2.fixture.local").skipNodes("node3.fixture.local").serverVersion(null));
        assertThat(info.nodes().keySet()).containsExactly("node1.fixture.local", "node2.fixture.local");
        assertThat(info.node("node2.fixture.local").manifestKey()).isEmpty();
        assertThat(info.node("node1.fixture.local").serverVersionKey()).isEmpty();
        assertThat(s3.stat("partial/node2.fixture.local/b/meta/manifest.json")).isEmpty();
        assertThat(s3.list("partial/node3.fixture.local/")).isEmpty();

        ClusterBackup read = BackupCatalog.open(s3, location).named("b");
        assertThat(read.nodes().keySet()).containsExactly("node1.fixture.local");
        assertThat(read.unavailable()).containsOnlyKeys("node2.fixture.local", "node3.fixture.local");
        assertThat(read.unavailable().get("node2.fixture.local"))
                .contains("STARTED", "partial/node2.fixture.local/b/meta/manifest.json is missing");
        assertThat(read.unavailable().get("node3.fixture.local")).isEqualTo("no node backup named 'b'");
        assertThat(read.nodes().get("node1.fixture.local").serverVersion()).isEmpty();

        // tests can damage specific objects
        String victim = info.node("node1.fixture.local").dataKeys().get(0);
        s3.delete(victim);
        assertThat(s3.stat(victim)).isEmpty();
        assertThatThrownBy(() -> cluster.backup(s3, location, "x", BackupMode.FULL, BackupOptions.defaults().skipNodes("nobody")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaCqlIsCompleteAndParseable() {
        String cql = cluster.schemaCql();
        assertThat(cql).startsWith("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '2'}");
        assertThat(cql).contains("CREATE TYPE ks.address", "CREATE TABLE ks.t", "CREATE TABLE ks.people", "comment = 'semi;colon'",
                "CREATE INDEX people_by_name ON ks.people (name);");
        for (String line : cql.split("\n")) {
            if (line.startsWith("CREATE")) {
                assertThat(line).doesNotContain("ID =");
            }
        }
        assertThat(cql.strip()).endsWith(";");
        FixtureSchema reparsed = FixtureSchema.parse(cql);
        assertThat(reparsed.tables()).extracting(t -> t[0] + "." + t[1]).containsExactly("ks.t", "ks.people");
        assertThat(reparsed.table("ks", "t").columns()).extracting(c -> c.name.toString() + " " + c.type.asCQL3Type())
                .containsExactlyInAnyOrderElementsOf(cluster.tableMetadata("ks", "t").columns().stream()
                        .map(c -> c.name.toString() + " " + c.type.asCQL3Type()).toList());
        assertThat(reparsed.toCql()).isEqualTo(cql);
    }

    @Test
    void fileStoresGetTheSameLayout(@TempDir Path dir) throws Exception {
        StoreLocation location = StoreLocation.ofDirectory(dir);
        try (ObjectStore files = io.movedata.runtime.store.ObjectStores.open(location)) {
            cluster.backup(files, location, "local", BackupMode.DIFFERENTIAL);
            ClusterBackupInfo again = cluster.backup(files, location, "local2", BackupMode.DIFFERENTIAL);
            assertThat(again.uploadedDataKeys()).isEmpty();
            ClusterBackup read = BackupCatalog.open(files, location).named("local2");
            assertThat(read.unavailable()).isEmpty();
            JsonNode tokenmap = new ObjectMapper().readTree(dir.resolve("node1.fixture.local/local2/meta/tokenmap.json").toFile());
            assertThat(tokenmap.fieldNames()).toIterable().containsExactlyElementsOf(cluster.nodeNames());
            assertThat(tokenmap.path("node1.fixture.local").path("is_up").asBoolean()).isTrue();
            assertThat(Files.readString(dir.resolve("node1.fixture.local/local2/meta/differential"))).isEqualTo("differential");
            JsonNode version = new ObjectMapper().readTree(dir.resolve("node1.fixture.local/local2/meta/server_version.json").toFile());
            assertThat(version.path("server_type").asText()).isEqualTo("cassandra");
            assertThat(version.path("release_version").asText()).isEqualTo("5.0.9");
        }
    }

    private static void assertEveryListedObjectExists(ClusterBackup backup) {
        for (NodeBackup node : backup.nodes().values()) {
            for (ManifestTable table : node.manifest()) {
                for (ManifestObject object : table.objects()) {
                    StoredObject stored = s3.stat(object.key()).orElseThrow(() -> new AssertionError("missing " + object.key()));
                    assertThat(stored.size()).as(object.key()).isEqualTo(object.size());
                    assertThat(stored.etag()).as(object.key()).isEqualTo(object.md5());
                    assertThat(md5(s3.readAll(object.key()))).isEqualTo(object.md5());
                }
            }
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
