package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.cassandra.schema.TableMetadata;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.sstable.BackupSchema;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Schema changes between backups of one cluster: b1 (schema v1), b2 after a column was added, b3
 * after a regular, a frozen user-type and a static column were dropped (earlier SSTables still
 * hold their cells), b4
 * after a field was added to a user type used frozen and non-frozen. Each as-of read and movement
 * uses the schema of its own backup; one table moved into successively evolves with them.
 */
class SchemaChangeTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("schema-change");

    private static final String CATALOG = "evolving";
    /** 2100-01-01 in microseconds: a client-supplied timestamp later than any backup. */
    private static final long YEAR_2100 = 4_102_444_800_000_000L;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    /** Per backup, the start of its latest node backup, from the catalog's listing. */
    private static final Map<String, Instant> started = new TreeMap<>();
    private static MovementRunner runner;

    @BeforeAll
    static void writeBackups() throws InterruptedException {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};
                        CREATE TYPE shop.address (street text, zip int);
                        CREATE TABLE shop.people (id int, seq int, name text, legacy text, region text STATIC,
                            home frozen<address>, prev frozen<address>, work address, PRIMARY KEY (id, seq));
                        """)
                .nodes(3)
                .build();
        location = S3.location("schema-change", "cluster");
        try (ObjectStore store = S3.openStore("schema-change")) {
            cluster.execute("""
                    INSERT INTO shop.people (id, seq, name, legacy, region, home, prev, work)
                    VALUES (1, 1, 'Ann', 'L1', 'north', {street: 'Main', zip: 1}, {street: 'Elm', zip: 8},
                            {street: 'Office', zip: 2})
                    USING TIMESTAMP 100""");
            cluster.execute("INSERT INTO shop.people (id, seq, name, legacy) VALUES (2, 1, 'Bob', 'L2') USING TIMESTAMP 100");
            // Rows whose only cell is in the column dropped later, one of them stamped after every backup.
            cluster.execute("UPDATE shop.people USING TIMESTAMP 100 SET legacy = 'only' WHERE id = 3 AND seq = 1");
            cluster.execute("UPDATE shop.people USING TIMESTAMP " + YEAR_2100 + " SET legacy = 'future' WHERE id = 7 AND seq = 1");
            // A partition whose only cell is in the static column dropped later.
            cluster.execute("INSERT INTO shop.people (id, region) VALUES (6, 'east') USING TIMESTAMP 100");
            backup(store, "b1");

            cluster.alter("ALTER TABLE shop.people ADD score int");
            cluster.execute("INSERT INTO shop.people (id, seq, name, legacy, score) VALUES (4, 1, 'Cy', 'L4', 7) USING TIMESTAMP 200");
            cluster.execute("UPDATE shop.people USING TIMESTAMP 200 SET score = 9 WHERE id = 1 AND seq = 1");
            backup(store, "b2");

            cluster.alter("ALTER TABLE shop.people DROP legacy");
            cluster.alter("ALTER TABLE shop.people DROP region");
            cluster.alter("ALTER TABLE shop.people DROP prev");
            cluster.execute("INSERT INTO shop.people (id, seq, name, score) VALUES (5, 1, 'Di', 3) USING TIMESTAMP 300");
            backup(store, "b3");

            cluster.alter("ALTER TYPE shop.address ADD city text");
            cluster.execute("""
                    INSERT INTO shop.people (id, seq, name, home, work)
                    VALUES (1, 2, 'Ann', {street: 'High', zip: 4, city: 'Leeds'}, {street: 'Lab', zip: 5, city: 'York'})
                    USING TIMESTAMP 400""");
            cluster.execute("UPDATE shop.people USING TIMESTAMP 400 SET work.city = 'Hull' WHERE id = 1 AND seq = 1");
            backup(store, "b4");

            for (NodeBackupEntry entry : BackupCatalog.open(store, location).entries()) {
                started.merge(entry.name(), entry.started(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        runner = new MovementRunner(SharedSpark.session());
    }

    /** A backup of its own second: node backups are ordered by their start times. */
    private static void backup(ObjectStore store, String name) throws InterruptedException {
        cluster.backup(store, location, name, BackupMode.DIFFERENTIAL);
        Thread.sleep(1100);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static final String V1 = "struct<id:int,seq:int,region:string,home:struct<street:string,zip:int>,legacy:string,"
            + "name:string,prev:struct<street:string,zip:int>,work:struct<street:string,zip:int>>";
    private static final List<String> B1 = List.of(
            "1|1|north|(Main,1)|L1|Ann|(Elm,8)|(Office,2)",
            "2|1|null|null|L2|Bob|null|null",
            "3|1|null|null|only|null|null|null",
            "6|null|east|null|null|null|null|null",
            "7|1|null|null|future|null|null|null");

    private static final String V2 = "struct<id:int,seq:int,region:string,home:struct<street:string,zip:int>,legacy:string,"
            + "name:string,prev:struct<street:string,zip:int>,score:int,work:struct<street:string,zip:int>>";
    private static final List<String> B2 = List.of(
            "1|1|north|(Main,1)|L1|Ann|(Elm,8)|9|(Office,2)",
            "2|1|null|null|L2|Bob|null|null|null",
            "3|1|null|null|only|null|null|null|null",
            "4|1|null|null|L4|Cy|null|7|null",
            "6|null|east|null|null|null|null|null|null",
            "7|1|null|null|future|null|null|null|null");

    /*
     * SELECT * after the drops: the dropped cells are gone, and with them row 3 and partition 6,
     * which had no other cell. Row 7 stays, as on a node: its cell is stamped after the drop, so
     * it keeps the row alive though no column shows it.
     */
    private static final String V3 = "struct<id:int,seq:int,home:struct<street:string,zip:int>,name:string,score:int,"
            + "work:struct<street:string,zip:int>>";
    private static final List<String> B3 = List.of(
            "1|1|(Main,1)|Ann|9|(Office,2)",
            "2|1|null|Bob|null|null",
            "4|1|null|Cy|7|null",
            "5|1|null|Di|3|null",
            "7|1|null|null|null|null");

    /* Values written before the type gained its field read it as null, frozen or not. */
    private static final String V4 = "struct<id:int,seq:int,home:struct<street:string,zip:int,city:string>,name:string,"
            + "score:int,work:struct<street:string,zip:int,city:string>>";
    private static final List<String> B4 = List.of(
            "1|1|(Main,1,null)|Ann|9|(Office,2,Hull)",
            "1|2|(High,4,Leeds)|Ann|null|(Lab,5,York)",
            "2|1|null|Bob|null|null",
            "4|1|null|Cy|7|null",
            "5|1|null|Di|3|null",
            "7|1|null|null|null|null");

    /** Per backup, the schema and the rows (SELECT *) as of that backup. */
    private static final Map<String, String> SCHEMAS = Map.of("b1", V1, "b2", V2, "b3", V3, "b4", V4);
    private static final Map<String, List<String>> ROWS = Map.of("b1", B1, "b2", B2, "b3", B3, "b4", B4);

    private static Map<String, String> readOptions(String backup) {
        return SharedSpark.backupOptions(S3, location, "shop.people", ReadOptions.AS_OF, started.get(backup).toString());
    }

    private static Dataset<Row> read(String backup) {
        return SharedSpark.session().read().format("cassandra-backup").options(readOptions(backup)).load();
    }

    @Test
    void eachAsOfReadUsesTheSchemaOfItsBackup() {
        assertThat(started).containsOnlyKeys("b1", "b2", "b3", "b4");
        for (String backup : started.keySet()) {
            Dataset<Row> frame = read(backup);
            assertThat(frame.schema().simpleString()).as(backup).isEqualTo(SCHEMAS.get(backup));
            assertThat(SharedSpark.rows(frame)).as(backup).containsExactlyElementsOf(ROWS.get(backup));
        }
    }

    @Test
    void columnsDroppedBeforeTheBackupAreRecordedAtTheTimeOfItsSchema() {
        ReadPlan beforeDrop = ReadPlanner.plan(ReadOptions.parse(readOptions("b2")), null);
        ReadPlan afterDrop = ReadPlanner.plan(ReadOptions.parse(readOptions("b3")), null);

        assertThat(beforeDrop.droppedColumns().isEmpty()).isTrue();
        assertThat(afterDrop.droppedColumns().names()).containsExactly("legacy", "prev", "region");
        assertThat(afterDrop.droppedColumns().droppedAtMicros())
                .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, started.get("b3")));
        assertThat(afterDrop.describe()).contains("columns dropped before the backup [legacy, prev, region]");
        TableMetadata opened = afterDrop.droppedColumns().applyTo(BackupSchema.table(afterDrop.schemaCql(),
                afterDrop.request().keyspace(), afterDrop.request().table(), afterDrop.backup()));
        assertThat(opened.droppedColumns).hasSize(3);
    }

    @Test
    void movementAtEachAsOfCreatesATableWithThatBackupsSchema() {
        for (String backup : started.keySet()) {
            String table = "people_" + backup;
            MovementReport report = runner.run(spec(table, backup));

            assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
            assertThat(report.source().backup()).isEqualTo(backup);
            assertThat(report.tables().get(0).created()).isTrue();
            assertThat(SparkSchemaUtil.convert(iceberg(table).schema()).simpleString()).as(backup)
                    .isEqualTo(SCHEMAS.get(backup));
            assertThat(rows(table)).as(backup).containsExactlyElementsOf(ROWS.get(backup));
        }
    }

    @Test
    void movementsIntoOneTableEvolveItsSchema() {
        MovementReport b1 = runner.run(spec("people", "b1"));
        assertThat(b1.outcome()).as(b1.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(SparkSchemaUtil.convert(iceberg("people").schema()).simpleString()).isEqualTo(V1);
        assertThat(rows("people")).containsExactlyElementsOf(B1);

        // The added column is appended to the table's columns.
        MovementReport b2 = runner.run(spec("people", "b2"));
        assertThat(b2.tables().get(0).addedColumns()).containsExactly("score");
        String evolved = "struct<id:int,seq:int,region:string,home:struct<street:string,zip:int>,legacy:string,"
                + "name:string,prev:struct<street:string,zip:int>,work:struct<street:string,zip:int>,score:int>";
        assertThat(SparkSchemaUtil.convert(iceberg("people").schema()).simpleString()).isEqualTo(evolved);
        assertThat(rows("people")).containsExactly(
                "1|1|north|(Main,1)|L1|Ann|(Elm,8)|(Office,2)|9",
                "2|1|null|null|L2|Bob|null|null|null",
                "3|1|null|null|only|null|null|null|null",
                "4|1|null|null|L4|Cy|null|null|7",
                "6|null|east|null|null|null|null|null|null",
                "7|1|null|null|future|null|null|null|null");

        // Dropped columns stay in the table; the backup's rows hold null in them.
        MovementReport b3 = runner.run(spec("people", "b3"));
        assertThat(b3.tables().get(0).addedColumns()).isEmpty();
        assertThat(SparkSchemaUtil.convert(iceberg("people").schema()).simpleString()).isEqualTo(evolved);
        assertThat(rows("people")).containsExactly(
                "1|1|null|(Main,1)|null|Ann|null|(Office,2)|9",
                "2|1|null|null|null|Bob|null|null|null",
                "4|1|null|null|null|Cy|null|null|7",
                "5|1|null|null|null|Di|null|null|3",
                "7|1|null|null|null|null|null|null|null");

        // The type's new field is added to the table's structs.
        MovementReport b4 = runner.run(spec("people", "b4"));
        assertThat(b4.outcome()).as(b4.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(b4.tables().get(0).addedColumns()).containsExactly("home.city", "work.city");
        assertThat(SparkSchemaUtil.convert(iceberg("people").schema()).simpleString()).isEqualTo(
                "struct<id:int,seq:int,region:string,home:struct<street:string,zip:int,city:string>,legacy:string,"
                        + "name:string,prev:struct<street:string,zip:int>,work:struct<street:string,zip:int,city:string>,"
                        + "score:int>");
        assertThat(rows("people")).containsExactly(
                "1|1|null|(Main,1,null)|null|Ann|null|(Office,2,Hull)|9",
                "1|2|null|(High,4,Leeds)|null|Ann|null|(Lab,5,York)|null",
                "2|1|null|null|null|Bob|null|null|null",
                "4|1|null|null|null|Cy|null|null|7",
                "5|1|null|null|null|Di|null|null|3",
                "7|1|null|null|null|null|null|null|null");
        assertThat(iceberg("people").snapshots()).hasSize(4);
    }

    /** A cassandra-table movement of shop.people as of the start of {@code backup}, overwriting {@code table}. */
    private MovementSpec spec(String table, String backup) {
        Map<String, String> s3 = S3.options();
        String yaml = """
                name: %s-%s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  asOf: %s
                  tables: [shop.people]
                connector:
                  name: cassandra-table
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: shop
                  table: %s
                reportDirectory: "%s"
                """.formatted(table, backup, location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), started.get(backup), CATALOG,
                work.resolve("warehouse"), table, work.resolve("reports"));
        return MovementSpec.parse(yaml, table + "-" + backup + ".yaml", name -> null);
    }

    private static List<String> rows(String table) {
        return SharedSpark.rows(SharedSpark.session().table(CATALOG + ".shop." + table));
    }

    private static Table iceberg(String table) {
        SparkCatalog catalog = (SparkCatalog) SharedSpark.session().sessionState().catalogManager().catalog(CATALOG);
        Table loaded = catalog.icebergCatalog().loadTable(TableIdentifier.of("shop", table));
        loaded.refresh();
        return loaded;
    }
}
