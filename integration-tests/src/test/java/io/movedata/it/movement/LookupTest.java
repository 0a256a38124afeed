package io.movedata.it.movement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementPlan;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.NodeBackupInfo;
import io.movedata.testkit.S3EndpointExtension;

/**
 * {@code ConnectorContext.lookup} in movements: a connector reads a slices table in {@code sources()}
 * and declares only the slice tables it lists, on a backup in S3 whose unlisted slice table is
 * poisoned (every byte of its Data.db objects flipped), so a movement that fetched any of it would
 * fail.
 */
class LookupTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("lookups");

    private static final String SCHEMA = """
            CREATE KEYSPACE ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
            CREATE TABLE ts.slices (namespace text, table_name text, status text, PRIMARY KEY (namespace, table_name));
            CREATE TABLE ts.slice_0 (series text, at int, value text, PRIMARY KEY (series, at));
            CREATE TABLE ts.slice_1 (series text, at int, value text, PRIMARY KEY (series, at));
            CREATE TABLE ts.slice_2 (series text, at int, value text, PRIMARY KEY (series, at));
            CREATE KEYSPACE bulk WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE bulk.listing (namespace text, table_name int, PRIMARY KEY (namespace, table_name));
            """;
    /** One row above the 100,000 a lookup may return. */
    private static final int ABOVE_THE_CAP = 100_001;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static ClusterBackupInfo clean;
    private static String damagedKey;
    private static MovementRunner runner;

    @BeforeAll
    static void writeBackups() {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).build();
        for (int slice = 0; slice <= 2; slice++) {
            cluster.execute("INSERT INTO ts.slices (namespace, table_name, status) VALUES ('events', ?, ?) USING TIMESTAMP 100",
                    "slice_" + slice, slice == 2 ? "OPEN" : "CLOSED");
            for (int at = 1; at <= 2; at++) {
                cluster.execute("INSERT INTO ts.slice_" + slice + " (series, at, value) VALUES (?, ?, ?) USING TIMESTAMP 100",
                        "s" + slice, at, "v" + slice + at);
            }
        }
        cluster.execute("INSERT INTO ts.slices (namespace, table_name, status) VALUES ('audit', 'slice_0', 'OPEN') USING TIMESTAMP 100");
        cluster.flush();
        // Dropped from the list after the first flush: only the merge of both SSTables leaves it out.
        cluster.execute("DELETE FROM ts.slices USING TIMESTAMP 200 WHERE namespace = 'events' AND table_name = 'slice_0'");
        for (int row = 0; row < ABOVE_THE_CAP; row++) {
            cluster.execute("INSERT INTO bulk.listing (namespace, table_name) VALUES ('events', ?)", row);
        }
        cluster.flush();
        location = S3.location("lookups", "cluster");
        try (ObjectStore store = S3.openStore("lookups")) {
            clean = cluster.backup(store, location, "clean", BackupMode.FULL);
            for (NodeBackupInfo node : clean.nodes().values()) {
                for (BackupObject object : node.objects("ts", "slice_0")) {
                    if (object.key().endsWith("Data.db")) {
                        flip(store, object.key(), true);
                    }
                }
            }
            ClusterBackupInfo damaged = cluster.backup(store, location, "damaged", BackupMode.FULL);
            damagedKey = damaged.node("node1.fixture.local").objects("ts", "slices").stream().map(BackupObject::key)
                    .filter(key -> key.endsWith("Data.db")).findFirst().orElseThrow();
            flip(store, damagedKey, false);
        }
        runner = new MovementRunner(SharedSpark.session());
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    /** Flips every byte of the object, or 16 of them a third of the way in. */
    private static void flip(ObjectStore store, String key, boolean whole) {
        byte[] bytes = store.readAll(key);
        int from = whole ? 0 : bytes.length / 3;
        int to = whole ? bytes.length : from + 16;
        for (int i = from; i < to; i++) {
            bytes[i] ^= 0x5a;
        }
        store.put(key, bytes);
    }

    private MovementSpec spec(String name, String backup, String slicesTable) {
        return spec(name, backup, slicesTable, "events");
    }

    private MovementSpec spec(String name, String backup, String slicesTable, String namespace) {
        Map<String, String> s3 = S3.options();
        String yaml = """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  backup: %s
                  consistency: ALL
                connector:
                  name: %s
                  options: {slices: %s, namespace: %s}
                destination:
                  catalog: {name: lookups, type: hadoop, warehouse: "%s"}
                  namespace: %s
                  tables: {events: events, slices: slices}
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), backup, SliceListConnector.NAME,
                slicesTable, namespace, work.resolve("warehouse"), name, work.resolve("reports"));
        MovementSpec parsed = MovementSpec.parse(yaml, name + ".yaml", variable -> null);
        return new MovementSpec(name, parsed.source(), parsed.connector(), parsed.destination(), parsed.spark(),
                parsed.reportDirectory());
    }

    /** The Data.db objects of one table in the clean backup, over every node. */
    private static List<BackupObject> dataObjects(String table) {
        return clean.nodes().values().stream().flatMap(node -> node.objects("ts", table).stream())
                .filter(object -> object.key().endsWith("Data.db")).toList();
    }

    @Test
    void sourcesLookedUpAreReadAndTheUnlistedSliceIsNeverFetched() {
        MovementSpec spec = spec("listed", "clean", "ts.slices");
        MovementPlan plan = runner.plan(spec);
        MovementReport report = runner.run(spec);

        assertThat(report.outcome()).as(report.summary()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(SharedSpark.rows(SharedSpark.session().table("lookups.listed.slices")))
                .containsExactly("audit|slice_0|OPEN", "events|slice_1|CLOSED", "events|slice_2|OPEN");
        assertThat(SharedSpark.rows(SharedSpark.session().table("lookups.listed.events")))
                .containsExactly("slice_1|s1|1|v11", "slice_1|s1|2|v12", "slice_2|s2|1|v21", "slice_2|s2|2|v22");
        assertThat(report.source().tables()).containsExactly("ts.slice_1", "ts.slice_2");

        // The sources' read: the listed slices' SSTables only, on every replica (ALL).
        List<BackupObject> listed = new ArrayList<>(dataObjects("slice_1"));
        listed.addAll(dataObjects("slice_2"));
        assertThat(plan.splits()).isNotEmpty().allSatisfy(split -> assertThat(split).matches("ts\\.slice_[12] #.*"));
        assertThat(report.read().rows()).isEqualTo(4);
        assertThat(report.read().sstables()).isEqualTo(listed.size()).isEqualTo(6);
        assertThat(report.read().plannedBytes()).isEqualTo(plan.plannedBytes())
                .isPositive().isLessThanOrEqualTo(listed.stream().mapToLong(BackupObject::size).sum());
        // Every split was read to its end, so what was read is what was planned.
        assertThat(report.read().bytesRead()).isPositive().isEqualTo(report.read().plannedBytes());
        assertThat(report.read().bytesFetched()).isPositive();

        // The lookup's read, apart: the slices table's two SSTables on three replicas, merged.
        assertThat(report.read().lookups()).singleElement().satisfies(lookup -> {
            assertThat(lookup.table()).isEqualTo("ts.slices");
            assertThat(lookup.rows()).isEqualTo(3);
            assertThat(lookup.bytesRead()).isPositive()
                    .isLessThanOrEqualTo(dataObjects("slices").stream().mapToLong(BackupObject::size).sum());
            assertThat(lookup.bytesFetched()).isPositive();
        });
        assertThat(report.summary()).containsPattern("\n  lookup  ts\\.slices: 3 rows, [0-9.]+ [KM]?i?B of SSTables, "
                + "[0-9.]+ [KM]?i?B fetched\n");
        assertThat(MovementReport.read(Path.of(report.reportPath())).read().lookups())
                .isEqualTo(report.read().lookups());

        // The dry run read the slices table (to plan the sources) and says so.
        assertThat(plan.lookups()).singleElement().satisfies(lookup -> {
            assertThat(lookup.table()).isEqualTo("ts.slices");
            assertThat(lookup.rows()).isEqualTo(3);
        });
        assertThat(plan.summary())
                .startsWith("dry run of movement listed: the run would proceed; nothing was written, and only the tables "
                        + "the connector looked up were read\n")
                .containsPattern("\n  lookup  ts\\.slices: 3 rows, [0-9.]+ [KM]?i?B of SSTables read, [0-9.]+ [KM]?i?B "
                        + "fetched \\(read to plan the sources\\)\n");
    }

    /** The control of the test above: reading the poisoned slice fails. */
    @Test
    void aMovementListingTheUnlistedSliceFailsOnItsPoisonedSSTables() {
        MovementReport report = runner.run(spec("poisoned", "clean", "ts.slices", "audit"));

        assertThat(report.source().tables()).containsExactly("ts.slice_0");
        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(report.error().kind()).isEqualTo("unreadable-source");
        assertThat(report.error().message()).contains("table ts.slice_0 split ", "-Data.db: chunk at bytes ");
    }

    @Test
    void aLookupAboveTheRowCapIsRefusedNamingTableAndCap() {
        MovementReport report = runner.run(spec("refused", "clean", "bulk.listing"));

        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(report.error().kind()).isEqualTo("invalid-input");
        assertThat(report.error().message()).isEqualTo("Connector 'slice-list' looked up table bulk.listing, but a lookup "
                + "reads at most 100,000 rows and it holds at least 100,001; a table that large belongs in the connector's "
                + "sources");
        assertThat(report.tables()).isEmpty();
    }

    @Test
    void aLookupOfATableMissingFromTheBackupFailsInOneLine() {
        MovementReport report = runner.run(spec("missing", "clean", "ts.nothing"));

        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(report.error().kind()).isEqualTo("invalid-input");
        assertThat(report.error().message())
                .startsWith("Connector 'slice-list' looked up table ts.nothing, which cannot be read: Table 'ts.nothing' "
                        + "is not in the schema.cql of ")
                .doesNotContain("\n");
    }

    @Test
    void aDamagedSSTableOfTheLookedUpTableFailsTheMovementNamingNodeAndObject() {
        MovementReport report = runner.run(spec("damaged", "damaged", "ts.slices"));

        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(report.error().kind()).isEqualTo("unreadable-source");
        assertThat(report.error().message())
                .startsWith("Connector 'slice-list' looked up table ts.slices, which cannot be read: ")
                .contains("node 'node1.fixture.local' object " + damagedKey + ": chunk at bytes ")
                .doesNotContain("\n", "Job aborted");
        assertThat(report.tables()).isEmpty();
    }
}
