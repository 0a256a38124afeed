package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.io.sstable.format.SSTableFormat;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.TableMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.sstable.BackupSchema;
import io.movedata.runtime.sstable.CassandraOffline;
import io.movedata.runtime.sstable.SchemaException;
import io.movedata.runtime.sstable.SystemSchemaCql;
import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;

/**
 * A node backup's schema read back from its own {@code system_schema} SSTables: the fixture's
 * backups carry them as Medusa's do, and the script built from them defines every table exactly
 * as the fixture declared it.
 */
class SystemSchemaCqlTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("schemas");

    @TempDir
    Path work;

    private static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3} AND durable_writes = false;
            CREATE TYPE shop.geo (lat double, lon double);
            CREATE TYPE shop.address (street text, zip int, location frozen<geo>);
            CREATE TABLE shop.orders (customer text, placed timestamp, line int, note text static,
                items map<text, frozen<address>>, tags set<text>, total decimal,
                PRIMARY KEY ((customer), placed, line))
                WITH CLUSTERING ORDER BY (placed DESC, line ASC) AND comment = 'orders' AND default_time_to_live = 86400;
            CREATE TABLE shop.customers (id uuid PRIMARY KEY, name text, home frozen<address>);
            CREATE KEYSPACE audit WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE audit.log (day date, seq bigint, entry text, PRIMARY KEY (day, seq));
            """;

    @Test
    void aFixtureBackupCarriesSystemSchemaFromWhichEveryTableIsDefinedAsDeclared() {
        try (FixtureCluster cluster = FixtureCluster.builder().schema(SCHEMA).nodes(2).build();
             ObjectStore s3 = S3.openStore("schemas")) {
            cluster.execute("INSERT INTO shop.customers (id, name) VALUES (?, ?)", java.util.UUID.randomUUID(), "ann");
            StoreLocation location = S3.location("schemas", "fixture");
            cluster.backup(s3, location, "b1", BackupMode.DIFFERENTIAL);
            ClusterBackup backup = BackupCatalog.open(s3, location).named("b1");

            for (String node : cluster.nodeNames()) {
                NodeBackup nodeBackup = backup.nodes().get(node);
                assertThat(nodeBackup.manifest().stream().filter(t -> t.keyspace().equals("system_schema") && !t.objects().isEmpty())
                        .map(ManifestTable::table)).as("system_schema tables with SSTables backed up on %s", node)
                        .containsExactlyInAnyOrder("keyspaces", "tables", "columns", "column_masks", "types");
                String script = SystemSchemaCql.script(s3, nodeBackup.fqdn(), nodeBackup.manifest(), nodeBackup.name());
                String where = "the script of " + node;

                for (String[] table : List.of(new String[] {"shop", "orders"}, new String[] {"shop", "customers"},
                        new String[] {"audit", "log"})) {
                    assertThat(BackupSchema.table(script, table[0], table[1], where)).as(table[0] + "." + table[1])
                            .isEqualTo(cluster.tableMetadata(table[0], table[1]));
                }
                KeyspaceMetadata shop = BackupSchema.keyspace(script, "shop", where);
                assertThat(shop.params).isEqualTo(KeyspaceParams.create(false,
                        Map.of("class", "NetworkTopologyStrategy", "dc1", "3")));
                assertThat(shop.types).isEqualTo(BackupSchema.keyspace(cluster.schemaCql(), "shop", "the fixture's schema.cql").types);
                assertThat(script).contains("CREATE TABLE shop.orders (", "WITH ID = " + cluster.tableMetadata("shop", "orders").id.asUUID());
                assertThat(script.indexOf("CREATE TYPE shop.geo")).as("geo before the type that uses it")
                        .isLessThan(script.indexOf("CREATE TYPE shop.address"));
            }
        }
    }

    @Test
    void eachPriamBackupReadsTheSchemaOfItsTimeFromSystemSchema() {
        try (FixtureCluster cluster = FixtureCluster.builder().schema(SCHEMA).nodes(2).build();
             ObjectStore s3 = S3.openStore("schemas")) {
            StoreLocation base = S3.location("schemas", "priam");
            cluster.execute("INSERT INTO audit.log (day, seq, entry) VALUES ('2026-11-20', 1, 'one')");
            PriamBackupInfo before = cluster.backupPriam(s3, base, "shop_app", Instant.parse("2026-11-20T00:00:00Z"),
                    ManifestObject.Compression.SNAPPY);
            TableMetadata ordersBefore = cluster.tableMetadata("shop", "orders");
            cluster.alter("ALTER TABLE shop.orders DROP note USING TIMESTAMP 1700000000123000");
            cluster.alter("ALTER TABLE shop.orders ADD extra int");
            PriamBackupInfo after = cluster.backupPriam(s3, base, "shop_app", Instant.parse("2026-11-21T00:00:00Z"),
                    ManifestObject.Compression.SNAPPY);
            BackupCatalog catalog = BackupCatalog.open(s3, base);

            for (NodeBackup node : nodeBackups(catalog, before.name())) {
                String script = SystemSchemaCql.script(s3, node.fqdn(), node.manifest(), node.name());
                assertThat(BackupSchema.table(script, "shop", "orders", node.name())).isEqualTo(ordersBefore);
                assertThat(BackupSchema.table(script, "audit", "log", node.name())).isEqualTo(cluster.tableMetadata("audit", "log"));
            }
            // The catalog takes each backup's schema from there too.
            assertThat(BackupSchema.table(catalog.named(before.name()).schemaCql(), "shop", "orders", before.name()))
                    .isEqualTo(ordersBefore);
            assertThat(BackupSchema.table(catalog.named(after.name()).schemaCql(), "shop", "orders", after.name()))
                    .isEqualTo(cluster.tableMetadata("shop", "orders"));
            for (NodeBackup node : nodeBackups(catalog, after.name())) {
                TableMetadata orders = BackupSchema.table(SystemSchemaCql.script(s3, node.fqdn(), node.manifest(), node.name()), "shop", "orders", node.name());
                assertThat(orders).isEqualTo(cluster.tableMetadata("shop", "orders"));
                assertThat(orders.droppedColumns.values()).extracting(d -> d.column.name + " " + d.column.kind + " @" + d.droppedTime)
                        .containsExactly("note STATIC @1700000000123000");
            }
        }
    }

    @Test
    void aLaterSchemaWriteReplacesTheRowsOfTheOneBefore() {
        CassandraOffline.initialize();
        String before = """
                CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                CREATE TABLE ks.t (k int, c int, v text, w frozen<list<int>>, PRIMARY KEY (k, c));
                CREATE TABLE ks.gone (k int PRIMARY KEY);
                CREATE KEYSPACE old WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                CREATE TABLE old.t (k int PRIMARY KEY);
                """;
        String after = before + """
                ALTER TABLE ks.t DROP v USING TIMESTAMP 1700000000123000;
                ALTER TABLE ks.t DROP w USING TIMESTAMP 1700000000124000;
                ALTER TABLE ks.t ADD w frozen<list<int>>;
                """;
        KeyspaceMetadata ksBefore = BackupSchema.keyspace(before, "ks", "before");
        KeyspaceMetadata old = BackupSchema.keyspace(before, "old", "before");
        KeyspaceMetadata ksAfter = BackupSchema.keyspace(after, "ks", "after");
        KeyspaceMetadata ksNow = ksAfter.withSwapped(ksAfter.tables.without("gone"));
        SSTableFormat<?, ?> format = DatabaseDescriptor.getSSTableFormats().get("big");
        Path node = work.resolve("node1");

        SystemSchemaSSTables.write(node, List.of(ksBefore, old), List.of(), 1, format);
        SystemSchemaSSTables.write(node, List.of(ksNow), List.of(ksBefore, old), 2, format);
        ObjectStore store = new FileObjectStore(work);
        String script = SystemSchemaCql.script(store, "node1", manifest(store, "node1/system_schema/"), "node1's SSTables");

        assertThat(script).doesNotContain("KEYSPACE old", "ks.gone").contains("""
                ALTER TABLE ks.t DROP v USING TIMESTAMP 1700000000123000;
                ALTER TABLE ks.t DROP w USING TIMESTAMP 1700000000124000;
                ALTER TABLE ks.t ADD w frozen<list<int>>;
                """);
        TableMetadata t = BackupSchema.table(script, "ks", "t", "the script");
        assertThat(t).isEqualTo(ksNow.tables.getNullable("t"));
        assertThat(t.getColumn(ColumnIdentifier.getInterned("v", true))).isNull();
        assertThat(t.droppedColumns.values()).extracting(d -> d.column.name + "@" + d.droppedTime)
                .containsExactlyInAnyOrder("v@1700000000123000", "w@1700000000124000");
        assertThat(t.getDroppedColumn(ByteBuffer.wrap("v".getBytes())).type.asCQL3Type()).hasToString("text");
        assertThat(BackupSchema.keyspace(script, "ks", "the script").tables).extracting(m -> m.name).containsExactly("t");
    }

    @Test
    void theTableFromSystemSchemaSkipsCellsOfDroppedColumnsWrittenBeforeTheDrop() {
        try (FixtureCluster cluster = FixtureCluster.builder().schema("CREATE KEYSPACE dk WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}; CREATE TABLE dk.t (k int, c int, v text, w text, "
                + "PRIMARY KEY (k, c))").nodes(1).build()) {
            // system_schema keeps drop times in milliseconds: write times a drop can tell apart
            long dropped = 1_700_000_000_000_000L;
            cluster.execute("INSERT INTO dk.t (k, c, v, w) VALUES (1, 1, 'v1', 'w1') USING TIMESTAMP ?", dropped - 1000);
            // after the drop, as when w was added again
            cluster.execute("INSERT INTO dk.t (k, c, w) VALUES (2, 1, 'w2') USING TIMESTAMP ?", dropped + 1000);
            cluster.flush();
            Path data = cluster.tableDirectory(cluster.nodeNames().get(0), "dk", "t");
            assertThat(cells(data, cluster.tableMetadata("dk", "t"))).as("as written")
                    .containsExactlyInAnyOrder("1/1 [v=v1, w=w1]", "2/1 [w=w2]");
            KeyspaceMetadata altered = BackupSchema.keyspace(cluster.schemaCql() + "ALTER TABLE dk.t DROP v USING TIMESTAMP " + dropped
                    + "; ALTER TABLE dk.t DROP w USING TIMESTAMP " + dropped + "; ALTER TABLE dk.t ADD w text;", "dk", "the altered schema");
            SystemSchemaSSTables.write(work.resolve("node1"), List.of(altered), List.of(), 1,
                    DatabaseDescriptor.getSSTableFormats().get("big"));
            ObjectStore store = new FileObjectStore(work);
            String script = SystemSchemaCql.script(store, "node1", manifest(store, "node1/system_schema/"), "node1's SSTables");

            TableMetadata table = BackupSchema.table(script, "dk", "t", "the script");

            assertThat(cells(data, table)).as("read with the dropped columns of system_schema")
                    .containsExactlyInAnyOrder("1/1 []", "2/1 [w=w2]");
        }
    }

    @Test
    void aBackupWithoutSystemSchemaSaysWhatItLists() {
        ObjectStore store = new FileObjectStore(work);
        ManifestTable data = new ManifestTable("ks", "t", "0123456789abcdef0123456789abcdef", List.of());
        ManifestTable columns = new ManifestTable("system_schema", "columns", "0123456789abcdef0123456789abcdef", List.of());

        assertThatThrownBy(() -> SystemSchemaCql.script(store, "node1", List.of(data, columns), "node backup 'b1' of node 'node1'"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("node backup 'b1' of node 'node1' has no SSTables of system_schema.keyspaces, so its schema cannot "
                        + "be read from system_schema; tables of system_schema it lists: [columns]");
    }

    /** The node backups named {@code name}, read (not assembled: the layout's own schema is not asked for). */
    private static List<NodeBackup> nodeBackups(BackupCatalog catalog, String name) {
        List<NodeBackup> nodes = catalog.readAll(catalog.entries().stream().filter(e -> e.name().equals(name)).toList());
        assertThat(nodes).hasSize(2).allSatisfy(n -> assertThat(n.complete()).as(n.describeState()).isTrue());
        return nodes;
    }

    /** Each row of the table's SSTables as {@code k/c [column=value, ...]}, read with {@code metadata}. */
    private static List<String> cells(Path tableDirectory, TableMetadata metadata) {
        List<String> rows = new ArrayList<>();
        SSTableScan.forEachPartition(tableDirectory, metadata, partition -> partition.forEachRemaining(unfiltered -> {
            Row row = (Row) unfiltered;
            List<String> cells = new ArrayList<>();
            row.cells().forEach(cell -> cells.add(cell.column().name + "=" + UTF8Type.instance.compose(cell.buffer())));
            rows.add(Int32Type.instance.compose(partition.partitionKey().getKey()) + "/"
                    + Int32Type.instance.compose(row.clustering().bufferAt(0)) + " " + cells);
        }));
        return rows;
    }

    /** The store's objects under {@code prefix} ({@code <table>-<id>/<file>}) as manifest tables. */
    static List<ManifestTable> manifest(ObjectStore store, String prefix) {
        Map<String, List<ManifestObject>> byDirectory = new TreeMap<>();
        for (StoredObject object : store.list(prefix)) {
            String directory = object.key().substring(prefix.length(), object.key().indexOf('/', prefix.length()));
            byDirectory.computeIfAbsent(directory, d -> new ArrayList<>()).add(new ManifestObject(object.key(), "", object.size()));
        }
        List<ManifestTable> tables = new ArrayList<>();
        byDirectory.forEach((directory, objects) -> {
            int dash = directory.lastIndexOf('-');
            tables.add(new ManifestTable("system_schema", directory.substring(0, dash), directory.substring(dash + 1), objects));
        });
        return tables;
    }
}
