package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.cassandra.schema.KeyspaceParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.manifest.CompressedObjects;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.backup.NodeDecision;
import io.movedata.runtime.backup.PriamBackupWriter;
import io.movedata.runtime.backup.PriamLayout;
import io.movedata.runtime.sstable.BackupSchema;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/** Priam backup V2 snapshots written by a fixture cluster to a real S3 endpoint, read back by the catalog. */
class PriamBackupTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("priam");

    private static final String SCHEMA = "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};"
            + "CREATE TYPE ks.address (street text, zip int);"
            + "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c));"
            + "CREATE TABLE ks.people (id int PRIMARY KEY, name text, home frozen<address>)";
    /** The snapshot times of the tests, minutes apart, as Priam's scheduled snapshots are. */
    private static final Instant T1 = Instant.parse("2026-11-20T00:00:07.250Z");
    private static final Instant T2 = T1.plus(Duration.ofMinutes(10));

    private static FixtureCluster cluster;
    private static ObjectStore s3;

    @BeforeAll
    static void start() {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build();
        for (int k = 0; k < 30; k++) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, 1, ?) USING TIMESTAMP 100", k, "v" + k);
        }
        cluster.execute("INSERT INTO ks.people (id, name, home) VALUES (1, 'ann', ?)", cluster.udt("ks.address", "Main St", 12345));
        s3 = S3.openStore("priam");
    }

    @AfterAll
    static void stop() {
        s3.close();
        cluster.close();
    }

    private static String token(String fqdn) {
        return String.valueOf(cluster.node(fqdn).tokens().get(0));
    }

    @Test
    void eachNodeWritesItsMetaFileFirstAndTheCatalogReadsItBackFromBaseOrAppFolder() {
        StoreLocation base = S3.location("priam", "order/backup");
        RecordingStore recording = new RecordingStore(s3);
        PriamBackupInfo info = cluster.backupPriam(recording, base, "cass_test", T1, Compression.SNAPPY);

        assertThat(info.location().prefix()).isEqualTo("order/backup/6819_cass_test");
        assertThat(info.name()).isEqualTo("202611200000");
        for (FixtureNode node : cluster.nodes()) {
            String token = String.valueOf(node.tokens().get(0));
            List<String> keys = recording.puts.stream().filter(k -> k.startsWith("order/backup/6819_cass_test/" + token + "/")).toList();
            assertThat(keys.get(0)).isEqualTo(info.node(node.fqdn()).metaKey())
                    .isEqualTo("order/backup/6819_cass_test/" + token + "/META_V2/1795132807000/SNAPPY/PLAINTEXT/meta_v2_202611200000.json");
            assertThat(keys.subList(1, keys.size())).containsAll(info.node(node.fqdn()).dataKeys())
                    .allSatisfy(k -> assertThat(k).contains("/SST_V2/"));
        }

        for (StoreLocation location : List.of(base, info.location())) {
            BackupCatalog catalog = BackupCatalog.open(s3, location);
            assertThat(catalog.layout().name()).isEqualTo(PriamLayout.NAME);
            assertThat(catalog.backupNames()).containsExactly("202611200000");
            ClusterBackup backup = catalog.named("202611200000");
            assertThat(backup.unavailable()).isEmpty();
            assertThat(backup.nodes().keySet()).containsExactlyInAnyOrder(token("node1.fixture.local"),
                    token("node2.fixture.local"), token("node3.fixture.local"));
            assertThat(backup.referenceTime()).isEqualTo(Instant.parse("2026-11-20T00:00:07Z"));
            // The schema comes from the node backups' own system_schema tables: each table as the fixture defines it.
            for (String table : List.of("t", "people")) {
                assertThat(BackupSchema.table(backup.schemaCql(), "ks", table, "Priam backup " + backup.name()))
                        .isEqualTo(cluster.tableMetadata("ks", table));
            }
            for (FixtureNode node : cluster.nodes()) {
                String token = String.valueOf(node.tokens().get(0));
                assertThat(backup.topology().get(token).tokens()).isEqualTo(node.tokens());
                assertThat(backup.topology().get(token).datacenter()).isEqualTo("dc1");
                assertThat(backup.topology().get(token).rack()).isEqualTo("rack1");
                NodeBackup nodeBackup = backup.nodes().get(token);
                assertThat(nodeBackup.differential()).isTrue();
                assertThat(nodeBackup.manifest()).filteredOn(t -> t.keyspace().equals("ks"))
                        .extracting(ManifestTable::keyspace, ManifestTable::table, ManifestTable::tableId)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("ks", "t", cluster.tableId("ks", "t")),
                                org.assertj.core.groups.Tuple.tuple("ks", "people", cluster.tableId("ks", "people")));
                // The node's schema tables, backed up like any other: the backup's schema comes from them.
                assertThat(nodeBackup.manifest()).filteredOn(t -> !t.keyspace().equals("ks")).extracting(ManifestTable::table)
                        .containsExactlyInAnyOrder("column_masks", "columns", "keyspaces", "tables", "types");
                List<ManifestObject> objects = nodeBackup.manifest().stream().flatMap(t -> t.objects().stream()).toList();
                // The SSTable components only: Cassandra's per-table schema.cql files are not SSTables.
                assertThat(objects).extracting(ManifestObject::key)
                        .containsExactlyInAnyOrderElementsOf(info.node(node.fqdn()).dataKeys());
                assertThat(objects).allSatisfy(o -> assertThat(o.compression()).isEqualTo(Compression.SNAPPY));
                assertThat(objects).extracting(ManifestObject::size).containsExactlyInAnyOrderElementsOf(
                        info.node(node.fqdn()).objects().stream().map(BackupObject::size).toList());
            }
        }
    }

    @Test
    void priamUploadsCassandrasPerTableSchemaButNoKeyspaces() {
        StoreLocation base = S3.location("priam", "noschema");
        PriamBackupInfo info = cluster.backupPriam(s3, base, "cass_test", T1, Compression.NONE);
        String token = token("node1.fixture.local");
        String tableSchema = new String(s3.readAll(info.location().keyPrefix() + token + "/SST_V2/1795132807000/ks/t-"
                + cluster.tableId("ks", "t") + "/NONE/PLAINTEXT/schema.cql"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(tableSchema).contains("CREATE TABLE IF NOT EXISTS ks.t", "WITH ID = ").doesNotContain("CREATE KEYSPACE");

        BackupCatalog catalog = BackupCatalog.open(s3, base);
        assertThat(catalog.readAll(catalog.entries())).allSatisfy(n -> assertThat(n.describeState()).isEqualTo("COMPLETE"));
        ClusterBackup backup = catalog.named(info.name());
        // The keyspace and its replication come from the node backups' system_schema tables.
        String where = "Priam backup " + backup.name();
        assertThat(BackupSchema.keyspace(backup.schemaCql(), "ks", where).params)
                .isEqualTo(KeyspaceParams.simple(3));
        assertThat(BackupSchema.table(backup.schemaCql(), "ks", "t", where)).isEqualTo(cluster.tableMetadata("ks", "t"));
    }

    @Test
    void aNodeBackupThatListsNoSystemSchemaTablesHasNoSchema() {
        StoreLocation base = S3.location("priam", "nosystemschema");
        Path tableDir = cluster.tableDirectory("node1.fixture.local", "ks", "t");
        List<Path> components;
        try (var files = Files.list(tableDir)) {
            components = files.filter(Files::isRegularFile).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PriamBackupWriter writer = new PriamBackupWriter(s3, base, "cass_test", Compression.NONE);
        PriamBackupWriter.WrittenNodeBackup written = writer.write(token("node1.fixture.local"), "dc1", "rack1", T1,
                List.of(new PriamBackupWriter.TableFiles("ks", "t", cluster.tableId("ks", "t"), components, null)),
                PriamBackupWriter.NodeOptions.plain());

        BackupCatalog catalog = BackupCatalog.open(s3, base);
        assertThat(catalog.read(catalog.entries().get(0)).state()).isEqualTo(NodeBackup.State.COMPLETE);
        assertThatThrownBy(() -> catalog.named("202611200000"))
                .isInstanceOf(BackupException.class)
                .hasMessage("Priam backup " + written.metaKey() + ": its system_schema tables give no schema: node backup "
                        + "'202611200000' of node '" + written.token() + "' has no SSTables of system_schema.keyspaces, so its "
                        + "schema cannot be read from system_schema; tables of system_schema it lists: []");
    }

    @Test
    void aMetaFileWhoseListedObjectsAreNotAllStoredHasOnlyStarted() {
        StoreLocation base = S3.location("priam", "started");
        PriamBackupInfo info = cluster.backupPriam(s3, base, "cass_test", T1, Compression.LZ4,
                BackupOptions.defaults().withoutManifest("node2.fixture.local"));
        String victim = info.node("node1.fixture.local").dataKeys().get(0);
        s3.delete(victim);

        ClusterBackup backup = BackupCatalog.open(s3, base).named(info.name());

        assertThat(backup.nodes().keySet()).containsExactly(token("node3.fixture.local"));
        String node1 = backup.unavailable().get(token("node1.fixture.local"));
        assertThat(node1).startsWith("202611200000 (2026-11-20T00:00:07Z): STARTED: Priam uploads the meta file "
                        + info.node("node1.fixture.local").metaKey() + " before the files it lists, and 1 of them are not in the store")
                .contains("object " + victim + " (");
        assertThat(backup.unavailable().get(token("node2.fixture.local"))).contains("STARTED",
                info.node("node2.fixture.local").dataKeys().get(0));
        assertThat(backup.topology()).hasSize(3);
    }

    @Test
    void pgpEncryptedBackupsAreRefusedNamingTheKey() {
        StoreLocation base = S3.location("priam", "pgp");
        PriamBackupInfo info = cluster.backupPriam(s3, base, "cass_test", T1, Compression.SNAPPY,
                BackupOptions.defaults().pgp("node2.fixture.local"));
        String metaKey = info.node("node2.fixture.local").metaKey();
        assertThat(metaKey).contains("/SNAPPY/PGP/");

        ClusterBackup backup = BackupCatalog.open(s3, base).named(info.name());

        assertThat(backup.nodes()).hasSize(2);
        assertThat(backup.unavailable()).containsOnlyKeys(token("node2.fixture.local"));
        assertThat(backup.unavailable().get(token("node2.fixture.local")))
                .contains("INVALID: PGP-encrypted objects are not supported: " + metaKey);
        assertThat(backup.topology()).containsKey(token("node2.fixture.local"));
    }

    @Test
    void asOfPicksPerNodeTheNewestCompleteSnapshot() {
        StoreLocation base = S3.location("priam", "asof");
        PriamBackupInfo first = cluster.backupPriam(s3, base, "cass_test", T1, Compression.SNAPPY);
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (1000, 1, 'later') USING TIMESTAMP 200");
        PriamBackupInfo second = cluster.backupPriam(s3, base, "cass_test", T2, Compression.SNAPPY);
        // SSTables already stored are listed again, not uploaded again.
        assertThat(second.node("node1.fixture.local").objects()).filteredOn(o -> first.dataKeys().contains(o.key()))
                .isNotEmpty().allSatisfy(o -> assertThat(o.uploaded()).isFalse());
        List<String> newOnNode3 = second.node("node3.fixture.local").dataKeys().stream()
                .filter(k -> !first.dataKeys().contains(k)).toList();
        assertThat(newOnNode3).isNotEmpty();
        s3.delete(newOnNode3.get(0));

        BackupCatalog catalog = BackupCatalog.open(s3, base);
        assertThat(catalog.backupNames()).containsExactly("202611200000", "202611200010");
        ClusterBackup latest = catalog.asOf(T2.plusSeconds(60), BackupCatalog.DEFAULT_SKEW_WINDOW);
        assertThat(latest.nodes()).containsOnlyKeys(token("node1.fixture.local"), token("node2.fixture.local"),
                token("node3.fixture.local"));
        assertThat(latest.nodes().get(token("node1.fixture.local")).name()).isEqualTo("202611200010");
        assertThat(latest.nodes().get(token("node2.fixture.local")).name()).isEqualTo("202611200010");
        assertThat(latest.nodes().get(token("node3.fixture.local")).name()).isEqualTo("202611200000");
        assertThat(latest.decisions()).filteredOn(d -> d.node().equals(token("node3.fixture.local")))
                .extracting(NodeDecision::backup, NodeDecision::chosen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("202611200010", false),
                        org.assertj.core.groups.Tuple.tuple("202611200000", true));
        assertThat(latest.referenceTime()).isEqualTo(Instant.parse("2026-11-20T00:10:07Z"));

        ClusterBackup earlier = catalog.asOf(T1.plus(Duration.ofMinutes(5)), BackupCatalog.DEFAULT_SKEW_WINDOW);
        assertThat(earlier.nodes().values()).extracting(NodeBackup::name).containsOnly("202611200000");

        assertThatThrownBy(() -> catalog.asOf(T1.minusSeconds(60), BackupCatalog.DEFAULT_SKEW_WINDOW))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("No node backup at " + base + " started at or before " + T1.minusSeconds(60)
                        + "; the first started at " + T1.truncatedTo(ChronoUnit.SECONDS)); // Priam keeps whole seconds
    }

    @Test
    void severalApplicationsUnderOneBaseMustBeChosenBetween() {
        StoreLocation base = S3.location("priam", "twoapps");
        cluster.backupPriam(s3, base, "cass_a", T1, Compression.NONE);
        cluster.backupPriam(s3, base, "cass_b", T1, Compression.NONE);

        assertThatThrownBy(() -> BackupCatalog.open(s3, base))
                .isInstanceOf(BackupException.class)
                .hasMessage(base + " holds the Priam backups of 2 applications [-287_cass_b, -288_cass_a]; point the location "
                        + "at one of them, e.g. " + base + "/-287_cass_b");
        assertThat(BackupCatalog.open(s3, S3.location("priam", "twoapps/-287_cass_b")).backupNames()).containsExactly("202611200000");
    }

    @Test
    void aTokenFolderThatIsNoMurmur3TokenIsInvalid() {
        StoreLocation base = S3.location("priam", "random");
        PriamBackupWriter writer = new PriamBackupWriter(s3, base, "cass_test", Compression.NONE);
        writer.write("85070591730234615865843651857942052864", "dc1", "rack1", T1, List.of(),
                PriamBackupWriter.NodeOptions.plain());

        BackupCatalog catalog = BackupCatalog.open(s3, base);
        NodeBackupEntry entry = catalog.entries().get(0);
        NodeBackup read = catalog.read(entry);

        assertThat(entry.node()).isEqualTo("85070591730234615865843651857942052864");
        assertThat(read.state()).isEqualTo(NodeBackup.State.INVALID);
        assertThat(read.problems()).containsExactly("token folder '85070591730234615865843651857942052864' is outside the "
                + "Murmur3Partitioner range (a signed 64-bit integer): RandomPartitioner clusters are not supported");
        assertThatThrownBy(() -> catalog.named(entry.name())).hasMessageContaining("RandomPartitioner clusters are not supported");
    }

    @Test
    void secondaryIndexFilesAreCheckedButAreNoSSTablesOfTheTable(@TempDir Path dir) throws Exception {
        StoreLocation base = S3.location("priam", "index");
        Path tableDir = cluster.tableDirectory("node1.fixture.local", "ks", "people");
        List<Path> components;
        try (var files = Files.list(tableDir)) {
            components = files.filter(Files::isRegularFile).sorted().toList();
        }
        // An index's SSTable lives in a dot-folder of its table's directory; a copy of a real SSTable stands in for one.
        Path indexDir = Files.createDirectories(dir.resolve("people-" + cluster.tableId("ks", "people")).resolve(".people_by_name"));
        Path indexData = Files.copy(components.stream().filter(p -> p.toString().endsWith("-Data.db")).findFirst().orElseThrow(),
                indexDir.resolve("oa-1-big-Data.db"));
        List<Path> withIndex = new java.util.ArrayList<>(components);
        withIndex.add(indexData);
        PriamBackupWriter writer = new PriamBackupWriter(s3, base, "cass_test", Compression.SNAPPY);
        PriamBackupWriter.WrittenNodeBackup written = writer.write(token("node1.fixture.local"), "dc1", "rack1", T1,
                List.of(new PriamBackupWriter.TableFiles("ks", "people", cluster.tableId("ks", "people"), withIndex, null)),
                PriamBackupWriter.NodeOptions.plain());
        String indexKey = written.objects().stream().map(PriamBackupWriter.WrittenObject::key)
                .filter(k -> k.contains("/SECONDARY_INDEX_V2/")).findFirst().orElseThrow();
        assertThat(indexKey).contains("/ks/people-" + cluster.tableId("ks", "people") + "/.people_by_name/SNAPPY/PLAINTEXT/oa-1-big-Data.db");

        BackupCatalog catalog = BackupCatalog.open(s3, base);
        NodeBackup read = catalog.read(catalog.entries().get(0));
        assertThat(read.state()).isEqualTo(NodeBackup.State.COMPLETE);
        assertThat(read.manifest()).hasSize(1);
        assertThat(read.manifest().get(0).objects()).extracting(ManifestObject::key)
                .hasSize(components.size()).doesNotContain(indexKey);

        s3.delete(indexKey);
        BackupCatalog again = BackupCatalog.open(s3, base);
        NodeBackup withoutIndex = again.read(again.entries().get(0));
        assertThat(withoutIndex.state()).isEqualTo(NodeBackup.State.STARTED);
        assertThat(withoutIndex.problems()).anySatisfy(p -> assertThat(p).contains(indexKey));
    }

    @Test
    void theMetaFileIsCompressedAndListsEveryFileWithItsUncompressedSize() throws Exception {
        StoreLocation base = S3.location("priam", "metafile");
        PriamBackupInfo info = cluster.backupPriam(s3, base, "cass_test", T1, Compression.LZ4);
        PriamNodeBackupInfo node = info.node("node1.fixture.local");

        Map<String, Object> meta = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                CompressedObjects.readAll(s3, node.metaKey(), Compression.LZ4),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });

        @SuppressWarnings("unchecked")
        Map<String, Object> metaInfo = (Map<String, Object>) meta.get("info");
        assertThat(metaInfo).containsEntry("appName", "cass_test").containsEntry("region", "dc1")
                .containsEntry("rack", "rack1").containsEntry("backupIdentifier", List.of(node.token()));
        BackupObject data = node.objects().stream().filter(o -> o.key().endsWith("-Data.db")).findFirst().orElseThrow();
        assertThat(s3.stat(data.key()).orElseThrow().size()).isNotEqualTo(data.size());
        Path local = Files.createTempDirectory("priam-test").resolve(data.fileName());
        CompressedObjects.fetch(s3, new ManifestObject(data.key(), "", data.size(), Compression.LZ4), local, new ContentDigest());
        Path original = cluster.tableDirectory("node1.fixture.local", data.keyspace(), data.table()).resolve(data.fileName());
        assertThat(Files.readAllBytes(local)).isEqualTo(Files.readAllBytes(original));
    }

    @Test
    void vnodeClustersCannotBeBackedUpAsPriam() {
        try (FixtureCluster vnodes = FixtureCluster.builder().schema(SCHEMA).nodes(2).vnodes(4).build()) {
            assertThatThrownBy(() -> vnodes.backupPriam(s3, S3.location("priam", "vnodes"), "cass_test", T1, Compression.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Priam backups need one token per node (Priam assigns each node a single token, no vnodes); "
                            + "node node1.fixture.local has 4");
        }
    }
}
