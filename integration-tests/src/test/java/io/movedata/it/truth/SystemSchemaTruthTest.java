package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.cassandra.schema.DroppedColumn;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.sstable.BackupSchema;
import io.movedata.runtime.sstable.SystemSchemaCql;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * The schema built from a real node's snapshot of {@code system_schema} is the schema the node
 * itself describes: user types nested in frozen collections, static, clustering and collection
 * columns, a column added, columns dropped (one re-added), over several flushed SSTables of
 * {@code system_schema}, with a dropped table and keyspace that must not come back.
 */
class SystemSchemaTruthTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("schema");

    @TempDir
    static Path work;

    private static final String KEYSPACE = "truth_schema";
    private static final String SNAPSHOT = "schema-truth";
    /** A drop time in whole milliseconds: system_schema keeps it exactly. */
    private static final long DROP_TIME = 1_700_000_000_123_000L;

    private static CassandraCluster cluster;
    private static CassandraNode node;
    private static List<ManifestTable> snapshot;
    private static String script;

    @BeforeAll
    static void snapshotTheSchemaOfARealNode() throws IOException {
        cluster = CassandraCluster.builder().nodes(1).directory(work.resolve("node")).start();
        node = cluster.node(1);
        CqlSession session = cluster.session();
        session.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'NetworkTopologyStrategy', '"
                + cluster.datacenter() + "': 1} AND durable_writes = false");
        session.execute("CREATE TYPE " + KEYSPACE + ".geo (lat double, lon double)");
        session.execute("CREATE TYPE " + KEYSPACE + ".address (street text, \"Zip\" int, location frozen<geo>)");
        session.execute("CREATE TABLE " + KEYSPACE + ".orders (customer text, placed timestamp, line int, "
                + "note text STATIC, items map<text, frozen<address>>, history list<frozen<tuple<int, frozen<address>>>>, "
                + "tags set<text>, total decimal, scratch text, old_home frozen<address>, \"Mixed Case\" blob, "
                + "PRIMARY KEY ((customer, placed), line)) WITH CLUSTERING ORDER BY (line DESC) "
                + "AND comment = 'orders' AND default_time_to_live = 86400 AND gc_grace_seconds = 3600");
        session.execute("CREATE TABLE " + KEYSPACE + ".gone (k int PRIMARY KEY)");
        session.execute("CREATE KEYSPACE truth_schema_gone WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE truth_schema_gone.t (k int PRIMARY KEY)");
        // The drops below land in newer SSTables than the definitions they delete.
        node.flush("system_schema");
        session.execute("ALTER TABLE " + KEYSPACE + ".orders ADD added int");
        session.execute("ALTER TABLE " + KEYSPACE + ".orders DROP old_home USING TIMESTAMP " + DROP_TIME);
        session.execute("ALTER TABLE " + KEYSPACE + ".orders DROP scratch");
        session.execute("ALTER TABLE " + KEYSPACE + ".orders DROP tags USING TIMESTAMP " + (DROP_TIME + 1000));
        session.execute("ALTER TABLE " + KEYSPACE + ".orders ADD tags set<text>");
        session.execute("CREATE INDEX orders_by_added ON " + KEYSPACE + ".orders (added)");
        session.execute("DROP TABLE " + KEYSPACE + ".gone");
        session.execute("DROP KEYSPACE truth_schema_gone");
        node.snapshot(SNAPSHOT, "system_schema");

        try (ObjectStore s3 = S3.openStore("schema")) {
            snapshot = uploadSnapshot(s3);
            script = SystemSchemaCql.script(s3, "node1", snapshot, "snapshot '" + SNAPSHOT + "' of node 1");
        }
    }

    @AfterAll
    static void stopNode() {
        cluster.close();
    }

    @Test
    void theTableIsTheOneTheNodeDescribesWithItsDroppedColumns() {
        TableMetadata described = BackupSchema.table(described(KEYSPACE), KEYSPACE, "orders", "the node's DESCRIBE");
        TableMetadata expected = withDropTimesInMilliseconds(described);

        TableMetadata built = BackupSchema.table(script, KEYSPACE, "orders", "the script");

        assertThat(built.toCqlString(true, true, false)).isEqualTo(expected.toCqlString(true, true, false));
        assertThat(built).isEqualTo(expected);
        assertThat(built.id).isEqualTo(described.id);
        assertThat(columns(built)).isEqualTo(columns(described)).containsExactly(
                "customer PARTITION_KEY 0 text NONE", "placed PARTITION_KEY 1 timestamp NONE", "line CLUSTERING 0 int DESC",
                "note STATIC -1 text NONE",
                "\"Mixed Case\" REGULAR -1 blob NONE", "added REGULAR -1 int NONE",
                "history REGULAR -1 list<frozen<tuple<int, frozen<address>>>> NONE",
                "items REGULAR -1 map<text, frozen<address>> NONE", "tags REGULAR -1 set<text> NONE",
                "total REGULAR -1 decimal NONE");
        assertThat(droppedColumns(built)).containsEntry("old_home", "frozen<tuple<text, int, frozen<tuple<double, double>>>> @" + DROP_TIME)
                .containsEntry("tags", "set<text> @" + (DROP_TIME + 1000))
                .containsEntry("scratch", "text @" + described.droppedColumns.get(ByteBuffer.wrap("scratch".getBytes())).droppedTime / 1000 * 1000)
                .hasSize(3);
    }

    @Test
    void theKeyspaceTypesAndIndexAreTheOnesTheNodeDescribes() {
        KeyspaceMetadata described = BackupSchema.keyspace(described(KEYSPACE), KEYSPACE, "the node's DESCRIBE");

        KeyspaceMetadata built = BackupSchema.keyspace(script, KEYSPACE, "the script");

        assertThat(built.params).isEqualTo(described.params);
        assertThat(built.params.durableWrites).isFalse();
        assertThat(built.types).isEqualTo(described.types);
        assertThat(script.indexOf("CREATE TYPE " + KEYSPACE + ".geo")).as("the type used by another comes first")
                .isLessThan(script.indexOf("CREATE TYPE " + KEYSPACE + ".address"));
        String index = describeRows(KEYSPACE).stream().filter(r -> r.getString("type").equals("index"))
                .map(r -> r.getString("create_statement")).findFirst().orElseThrow();
        assertThat(script).contains(index);
    }

    @Test
    void droppedTablesAndKeyspacesDoNotComeBack() {
        assertThat(snapshot.stream().filter(t -> t.table().equals("tables")).findFirst().orElseThrow().objects())
                .filteredOn(o -> o.key().endsWith("-Data.db")).as("definitions and their deletions in separate SSTables")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(script).doesNotContain("truth_schema_gone", KEYSPACE + ".gone");
        assertThat(BackupSchema.keyspace(script, KEYSPACE, "the script").tables).extracting(t -> t.name).containsExactly("orders");
    }

    @Test
    void theNodesOwnReplicatedSystemKeyspacesAreThereToo() {
        TableMetadata roles = BackupSchema.table(script, "system_auth", "roles", "the script");

        assertThat(roles).isEqualTo(BackupSchema.table(described("system_auth"), "system_auth", "roles", "the node's DESCRIBE"));
        assertThat(script).doesNotContain("CREATE KEYSPACE system ", "CREATE KEYSPACE system_schema ");
    }

    /** The statements of {@code DESCRIBE KEYSPACE ... WITH INTERNALS} on the node. */
    private static String described(String keyspace) {
        return describeRows(keyspace).stream().map(r -> r.getString("create_statement")).collect(Collectors.joining("\n"));
    }

    private static List<Row> describeRows(String keyspace) {
        return cluster.session().execute("DESCRIBE KEYSPACE " + keyspace + " WITH INTERNALS").all();
    }

    /** system_schema keeps drop times in milliseconds; the node's own metadata has microseconds. */
    private static TableMetadata withDropTimesInMilliseconds(TableMetadata table) {
        Map<ByteBuffer, DroppedColumn> dropped = new LinkedHashMap<>();
        table.droppedColumns.forEach((name, d) -> dropped.put(name, new DroppedColumn(d.column, d.droppedTime / 1000 * 1000)));
        return table.unbuild().droppedColumns(dropped).build();
    }

    private static List<String> columns(TableMetadata table) {
        List<String> columns = new ArrayList<>();
        table.allColumnsInSelectOrder().forEachRemaining(c -> columns.add(c.name.toCQLString() + " " + c.kind + " " + c.position()
                + " " + c.type.asCQL3Type() + " " + c.clusteringOrder()));
        return columns;
    }

    private static Map<String, String> droppedColumns(TableMetadata table) {
        Map<String, String> dropped = new LinkedHashMap<>();
        table.droppedColumns.values().forEach(d -> dropped.put(d.column.name.toString(), d.column.type.asCQL3Type() + " @" + d.droppedTime));
        return dropped;
    }

    /**
     * Uploads the snapshot's SSTables as a backup tool would, under
     * {@code node1/system_schema/<table>-<id>/}, and returns them as manifest tables.
     */
    private static List<ManifestTable> uploadSnapshot(ObjectStore store) throws IOException {
        List<ManifestTable> tables = new ArrayList<>();
        try (Stream<Path> directories = Files.list(node.dataDirectory().resolve("system_schema"))) {
            for (Path directory : directories.sorted().toList()) {
                Path snapshot = directory.resolve("snapshots").resolve(SNAPSHOT);
                String tableDirectory = directory.getFileName().toString();
                int dash = tableDirectory.lastIndexOf('-');
                List<ManifestObject> objects = new ArrayList<>();
                if (Files.isDirectory(snapshot)) {
                    try (Stream<Path> files = Files.list(snapshot)) {
                        for (Path file : files.filter(f -> f.getFileName().toString().contains("-big-")
                                || f.getFileName().toString().contains("-bti-")).sorted().toList()) {
                            String key = "node1/system_schema/" + tableDirectory + "/" + file.getFileName();
                            store.put(key, file);
                            objects.add(new ManifestObject(key, "", Files.size(file)));
                        }
                    }
                }
                tables.add(new ManifestTable("system_schema", tableDirectory.substring(0, dash), tableDirectory.substring(dash + 1), objects));
            }
        }
        return tables;
    }
}
