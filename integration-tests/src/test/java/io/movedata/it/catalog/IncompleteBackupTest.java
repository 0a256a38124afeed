package io.movedata.it.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * A node backup that is not whole — its manifest missing, an object it lists missing or of another
 * size, a listed key outside its node's prefix — is reported with node and key, makes a read at ALL
 * refuse, and leaves ONE and QUORUM reading from the replicas that remain; a movement records
 * which node backups it used.
 */
class IncompleteBackupTest {
    private static final String BUCKET = "incomplete";
    private static final String NODE1 = "node1.fixture.local";
    private static final String NODE2 = "node2.fixture.local";
    private static final String CATALOG = "incomplete_backups";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static S3Endpoint s3;
    private static ObjectStore store;
    private static final Map<Damage, StoreLocation> LOCATIONS = new LinkedHashMap<>();
    /** The key each damage is about, for the messages. */
    private static final Map<Damage, String> KEYS = new LinkedHashMap<>();
    private static final List<String> ROWS = new ArrayList<>();

    enum Damage {
        MANIFEST_MISSING, OBJECT_MISSING, WRONG_SIZE, KEY_OUTSIDE_NODE, KEY_WITH_DOT_DOT
    }

    @BeforeAll
    static void writeBackups() throws Exception {
        s3 = S3Endpoint.inMemory();
        s3.createBucket(BUCKET);
        store = s3.openStore(BUCKET);
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                        CREATE TABLE ks.kv (k int PRIMARY KEY, v text);
                        """)
                .nodes(3).build()) {
            for (int k = 0; k < 40; k++) {
                cluster.execute("INSERT INTO ks.kv (k, v) VALUES (?, ?) USING TIMESTAMP 10", k, "v" + k);
                ROWS.add(k + "|v" + k);
            }
            ROWS.sort(null);
            for (Damage damage : Damage.values()) {
                StoreLocation location = s3.location(BUCKET, damage.name().toLowerCase());
                LOCATIONS.put(damage, location);
                BackupOptions options = damage == Damage.MANIFEST_MISSING
                        ? BackupOptions.defaults().withoutManifest(NODE2) : BackupOptions.defaults();
                ClusterBackupInfo backup = cluster.backup(store, location, "b", BackupMode.DIFFERENTIAL, options);
                KEYS.put(damage, damage(damage, location, backup));
            }
        }
    }

    /** Damages node2's part of the backup; returns the key the damage is about. */
    private static String damage(Damage damage, StoreLocation location, ClusterBackupInfo backup) throws Exception {
        String dataKey = backup.node(NODE2).dataKeys().stream().filter(k -> k.endsWith("-Data.db")).findFirst().orElseThrow();
        String manifestKey = backup.node(NODE2).metaPrefix() + "manifest.json";
        switch (damage) {
            case MANIFEST_MISSING -> {
                return manifestKey;
            }
            case OBJECT_MISSING -> store.delete(dataKey);
            case WRONG_SIZE -> {
                byte[] bytes = store.readAll(dataKey);
                store.put(dataKey, java.util.Arrays.copyOf(bytes, bytes.length + 7));
            }
            case KEY_OUTSIDE_NODE, KEY_WITH_DOT_DOT -> {
                // node2's manifest names node1's copy of a file: it exists, but it is not node2's
                String node1Key = backup.node(NODE1).dataKeys().stream().filter(k -> k.endsWith("-Data.db")).findFirst().orElseThrow();
                String escaping = damage == Damage.KEY_OUTSIDE_NODE ? node1Key
                        : location.keyPrefix() + NODE2 + "/../" + NODE1 + node1Key.substring(node1Key.indexOf("/data/"));
                ArrayNode manifest = (ArrayNode) JSON.readTree(store.readAll(manifestKey));
                for (var table : manifest) {
                    for (var object : table.path("objects")) {
                        if (object.path("path").asText().equals(dataKey)) {
                            ((ObjectNode) object).put("path", escaping)
                                    .put("size", store.stat(node1Key).orElseThrow().size());
                        }
                    }
                }
                store.put(manifestKey, JSON.writeValueAsBytes(manifest));
                return escaping;
            }
        }
        return dataKey;
    }

    @AfterAll
    static void close() {
        store.close();
        s3.close();
    }

    private static List<String> read(Damage damage, String consistency) {
        Map<String, String> options = new HashMap<>(s3.options());
        options.put("backup", LOCATIONS.get(damage).toString());
        options.put("table", "ks.kv");
        options.put("name", "b");
        options.put("consistency", consistency);
        Dataset<Row> frame = SharedSpark.session().read().format("cassandra-backup").options(options).load();
        return SharedSpark.rows(frame.select("k", "v"));
    }

    private static String expectedProblem(Damage damage) {
        String key = KEYS.get(damage);
        return switch (damage) {
            case MANIFEST_MISSING -> "STARTED: " + key + " is missing: the node backup started at ";
            case OBJECT_MISSING -> "INVALID: object " + key + " (";
            case WRONG_SIZE -> "INVALID: object " + key + " is listed with ";
            case KEY_OUTSIDE_NODE, KEY_WITH_DOT_DOT -> "INVALID: key " + key + " is outside the node's prefix "
                    + LOCATIONS.get(damage).keyPrefix() + NODE2 + "/; refused";
        };
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void theCatalogNamesTheNodeAndTheKey(Damage damage) {
        BackupCatalog catalog = BackupCatalog.open(store, LOCATIONS.get(damage));
        NodeBackupEntry entry = catalog.entries().stream().filter(e -> e.node().equals(NODE2)).findFirst().orElseThrow();
        NodeBackup node2 = catalog.read(entry);

        assertThat(node2.state()).isEqualTo(damage == Damage.MANIFEST_MISSING ? NodeBackup.State.STARTED : NodeBackup.State.INVALID);
        assertThat(node2.describeState()).startsWith(expectedProblem(damage));
        if (damage == Damage.WRONG_SIZE) {
            java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("is listed with (\\d+) bytes but has (\\d+)$")
                    .matcher(node2.describeState());
            assertThat(sizes.find()).as(node2.describeState()).isTrue();
            assertThat(Long.parseLong(sizes.group(2))).isEqualTo(Long.parseLong(sizes.group(1)) + 7);
        }
        ClusterBackup backup = catalog.named("b");
        assertThat(backup.nodes()).containsOnlyKeys(NODE1, "node3.fixture.local");
        assertThat(backup.unavailable()).containsOnlyKeys(NODE2);
        assertThat(backup.unavailable().get(NODE2)).startsWith("b (" + entry.started() + "): " + expectedProblem(damage));
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void allRefusesAndOneAndQuorumReadTheReplicasThatRemain(Damage damage) {
        assertThatThrownBy(() -> read(damage, "ALL"))
                .hasStackTraceContaining("consistency ALL needs 3 of the replicas")
                .hasStackTraceContaining("Unavailable: " + NODE2 + ": b (")
                .hasStackTraceContaining(KEYS.get(damage));
        assertThat(read(damage, "QUORUM")).isEqualTo(ROWS);
        assertThat(read(damage, "ONE")).isEqualTo(ROWS);
    }

    @Test
    void aMovementRecordsTheNodeBackupsItUsedAndAtAllChangesNothing() {
        MovementRunner runner = new MovementRunner(SharedSpark.session());
        MovementReport one = runner.run(spec(Damage.OBJECT_MISSING, "ONE"));

        assertThat(one.outcome()).as(one.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(SharedSpark.rows(SharedSpark.session().table(CATALOG + ".ks.kv").select("k", "v"))).isEqualTo(ROWS);
        Map<String, java.time.Instant> starts = new java.util.TreeMap<>();
        BackupCatalog.open(store, LOCATIONS.get(Damage.OBJECT_MISSING)).entries().forEach(e -> starts.put(e.node(), e.started()));
        assertThat(one.source().nodeBackups()).containsExactly(NODE1 + "=b@" + starts.get(NODE1),
                "node3.fixture.local=b@" + starts.get("node3.fixture.local"));
        assertThat(one.source().unavailable()).containsOnlyKeys(NODE2);
        assertThat(one.source().unavailable().get(NODE2)).contains(KEYS.get(Damage.OBJECT_MISSING));
        assertThat(one.source().decisions()).anySatisfy(d -> assertThat(d)
                .startsWith(NODE2 + ": b (").contains("rejected: INVALID: object " + KEYS.get(Damage.OBJECT_MISSING)));
        assertThat(one.summary()).contains("  node    " + NODE2 + ": b (");
        Snapshot snapshot = table().currentSnapshot();
        assertThat(snapshot.summary())
                .containsEntry("movedata.backup.selection", String.join(",", one.source().nodeBackups()))
                .containsEntry("movedata.backup.layout", "medusa")
                .hasEntrySatisfying("movedata.backup.decisions",
                        d -> assertThat(d).contains(NODE2 + ": b (").contains("rejected: INVALID: object"));

        MovementReport all = runner.run(spec(Damage.OBJECT_MISSING, "ALL"));
        assertThat(all.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(all.error().message()).contains("consistency ALL needs 3").contains(KEYS.get(Damage.OBJECT_MISSING));
        assertThat(table().currentSnapshot().snapshotId()).isEqualTo(snapshot.snapshotId());
    }

    private static org.apache.iceberg.Table table() {
        SparkCatalog catalog = (SparkCatalog) SharedSpark.session().sessionState().catalogManager().catalog(CATALOG);
        return catalog.icebergCatalog().loadTable(TableIdentifier.of("ks", "kv"));
    }

    private static MovementSpec spec(Damage damage, String consistency) {
        Map<String, String> options = s3.options();
        String yaml = """
                name: incomplete-%s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  backup: b
                  tables: [ks.kv]
                  consistency: %s
                connector:
                  name: cassandra-table
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: kv
                reportDirectory: "%s"
                """.formatted(consistency.toLowerCase(), LOCATIONS.get(damage), options.get(StoreLocation.ENDPOINT),
                options.get(StoreLocation.REGION), options.get(StoreLocation.ACCESS_KEY), options.get(StoreLocation.SECRET_KEY),
                consistency, CATALOG, work.resolve("warehouse"), work.resolve("reports"));
        return MovementSpec.parse(yaml, "incomplete.yaml", name -> null);
    }
}
