package io.movedata.it.movement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementPlan;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.TableReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Incremental writes ({@code Connector.writes()}, {@code TargetWrite}) in movements of three backups
 * in S3 of a growing series of slices: the connector writes only the slices its table's lineage
 * does not record as closed, replacing the table's rows from the first of them on.
 */
class IncrementalWriteTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("incremental");

    private static final String CATALOG = "increments";
    private static final String SCHEMA = """
            CREATE KEYSPACE ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE ts.slices (slice int PRIMARY KEY, status text);
            CREATE TABLE ts.readings (series text, at int, value text, PRIMARY KEY (series, at));
            """;
    /** A full movement of the last backup: every slice, as the movements of the three backups should end. */
    private static final List<String> LAST_BACKUP = List.of("0|s1|1|a", "0|s1|2|b", "0|s2|5|c", "1|s1|11|d", "1|s2|12|e",
            "2|s1|21|f2", "2|s2|22|g", "3|s1|31|h");

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static MovementRunner runner;

    @BeforeAll
    static void writeBackups() {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(1).build();
        location = S3.location("incremental", "cluster");
        try (ObjectStore store = S3.openStore("incremental")) {
            // Slice 1 is open: it gains a reading before it closes.
            slice(0, "CLOSED");
            slice(1, "OPEN");
            reading("s1", 1, "a");
            reading("s1", 2, "b");
            reading("s2", 5, "c");
            reading("s1", 11, "d");
            cluster.flush().backup(store, location, "b1", BackupMode.FULL);
            slice(1, "CLOSED");
            slice(2, "OPEN");
            reading("s2", 12, "e");
            reading("s1", 21, "f");
            cluster.flush().backup(store, location, "b2", BackupMode.FULL);
            // Slice 2's reading changes while it is open.
            slice(2, "CLOSED");
            slice(3, "OPEN");
            reading("s1", 21, "f2");
            reading("s2", 22, "g");
            reading("s1", 31, "h");
            cluster.flush().backup(store, location, "b3", BackupMode.FULL);
        }
        runner = new MovementRunner(SharedSpark.session());
    }

    private static void slice(int slice, String status) {
        cluster.execute("INSERT INTO ts.slices (slice, status) VALUES (?, ?)", slice, status);
    }

    private static void reading(String series, int at, String value) {
        cluster.execute("INSERT INTO ts.readings (series, at, value) VALUES (?, ?, ?)", series, at, value);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static MovementSpec spec(String namespace, String backup, String mode, Map<String, String> options) {
        Map<String, String> s3 = S3.options();
        String connectorOptions = options.entrySet().stream().map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
        String yaml = """
                name: %s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "%s", secretKey: "%s"}
                  backup: %s
                connector:
                  name: %s
                  options: %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: %s
                  table: readings
                  mode: %s
                reportDirectory: "%s"
                """.formatted(namespace, location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), backup, OpenSlicesConnector.NAME,
                connectorOptions, CATALOG, work.resolve("warehouse"), namespace, mode, work.resolve("reports"));
        return MovementSpec.parse(yaml, namespace + ".yaml", variable -> null);
    }

    private static MovementSpec spec(String namespace, String backup) {
        return spec(namespace, backup, "overwrite", Map.of());
    }

    private static MovementReport run(MovementSpec spec) {
        MovementReport report = runner.run(spec);
        assertThat(report.outcome()).as(report.summary()).isIn(MovementReport.Outcome.SUCCEEDED, MovementReport.Outcome.UP_TO_DATE);
        return report;
    }

    private static List<String> rows(String namespace) {
        return SharedSpark.rows(SharedSpark.session().table(CATALOG + "." + namespace + ".readings"));
    }

    private static Map<String, String> summary(String namespace, long snapshotId) {
        return SharedSpark.session().sql("SELECT summary FROM " + CATALOG + "." + namespace + ".readings.snapshots "
                + "WHERE snapshot_id = " + snapshotId).collectAsList().get(0).getJavaMap(0);
    }

    private static long snapshots(String namespace) {
        return SharedSpark.session().table(CATALOG + "." + namespace + ".readings.snapshots").count();
    }

    private static List<String> dataFiles(String namespace, int slice) {
        return SharedSpark.session().sql("SELECT file_path FROM " + CATALOG + "." + namespace + ".readings.files "
                + "WHERE partition.slice = " + slice + " ORDER BY file_path").as(Encoders.STRING()).collectAsList();
    }

    @Test
    void threeBackupsReplaceOnlyTheirOpenSlicesAndEndAsAFullMovementOfTheLast() {
        TableReport first = run(spec("incremental", "b1")).tables().get(0);
        List<String> sliceZeroFiles = dataFiles("incremental", 0);
        MovementPlan plan = runner.plan(spec("incremental", "b2"));
        MovementReport secondReport = run(spec("incremental", "b2"));
        TableReport second = secondReport.tables().get(0);
        TableReport third = run(spec("incremental", "b3")).tables().get(0);
        run(spec("full", "b3", "overwrite", Map.of("full", "true")));

        assertThat(first.created()).isTrue();
        assertThat(first.replacedWhere()).isEqualTo("slice >= 0");
        assertThat(first.rowsWritten()).isEqualTo(4);
        assertThat(summary("incremental", first.snapshotId())).containsEntry("movedata.connector.appended", "0");

        // The second movement read the first's lineage: slice 0 was closed and written, so it is left alone.
        assertThat(plan.summary()).contains("\n  table   increments.incremental.readings: would get a new snapshot\n"
                + "            replace its rows where slice >= 1\n");
        assertThat(second.replacedWhere()).isEqualTo("slice >= 1");
        assertThat(second.rowsDeleted()).isEqualTo(1);
        assertThat(second.rowsWritten()).isEqualTo(3);
        assertThat(secondReport.summary()).contains("  table   increments.incremental.readings: 3 rows written replacing "
                + "1 rows where slice >= 1, snapshot " + second.snapshotId() + "\n");
        assertThat(MovementReport.read(Path.of(secondReport.reportPath())).tables().get(0).replacedWhere())
                .isEqualTo("slice >= 1");
        assertThat(summary("incremental", second.snapshotId())).containsEntry("movedata.connector.appended", "0,1")
                .containsEntry("movedata.connector", OpenSlicesConnector.NAME).containsEntry("movedata.backup.name", "b2");

        assertThat(third.replacedWhere()).isEqualTo("slice >= 2");
        assertThat(third.rowsDeleted()).isEqualTo(1);
        assertThat(third.rowsWritten()).isEqualTo(3);
        assertThat(summary("incremental", third.snapshotId())).containsEntry("movedata.connector.appended", "0,1,2");

        assertThat(rows("full")).isEqualTo(LAST_BACKUP);
        assertThat(rows("incremental")).isEqualTo(LAST_BACKUP);
        // Slice 0 was written once, by the first movement: its file is the one the table still reads.
        assertThat(dataFiles("incremental", 0)).isEqualTo(sliceZeroFiles).hasSize(1);
        assertThat(snapshots("incremental")).isEqualTo(3);
    }

    @Test
    void aSecretOptionsValueTheConnectorPutsInItsLineageIsMasked() {
        String token = "feed-token-91c2e7";
        MovementReport report = run(spec("careless", "b1", "overwrite", Map.of("feedToken", token)));

        assertThat(summary("careless", report.tables().get(0).snapshotId()))
                .containsEntry("movedata.connector.feed", "https://feed.example/v1?token=****")
                .containsEntry("movedata.connector.appended", "0");
        assertThat(report.connector().options()).containsEntry("feedToken", "****");
    }

    @Test
    void aRerunOfTheSameBackupIsUpToDateAndWritesNothing() {
        TableReport first = run(spec("rerun", "b1")).tables().get(0);

        MovementReport rerun = run(spec("rerun", "b1"));

        assertThat(rerun.outcome()).isEqualTo(MovementReport.Outcome.UP_TO_DATE);
        assertThat(rerun.tables()).singleElement().satisfies(table -> {
            assertThat(table.outcome()).isEqualTo("UP_TO_DATE");
            assertThat(table.snapshotId()).isEqualTo(first.snapshotId());
            assertThat(table.rowsWritten()).isZero();
            assertThat(table.replacedWhere()).isNull();
        });
        assertThat(snapshots("rerun")).isEqualTo(1);
        assertThat(rows("rerun")).containsExactly("0|s1|1|a", "0|s1|2|b", "0|s2|5|c", "1|s1|11|d");
    }

    @Test
    void aDataFileWithRowsOnBothSidesOfTheConditionIsRefusedInOneLineAndTheTableIsUnchanged() {
        TableReport first = run(spec("straddle", "b1")).tables().get(0);
        String sliceZeroFile = dataFiles("straddle", 0).get(0);

        MovementReport refused = runner.run(spec("straddle", "b2", "overwrite", Map.of("rows", "at >= 2", "condition", "at >= 2")));

        assertThat(refused.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(refused.error().kind()).isEqualTo("invalid-input");
        assertThat(refused.error().message()).isEqualTo("Writing table straddle.readings failed: its rows where at >= 2 "
                + "cannot be replaced: a data file holds rows on both sides of that condition, and Iceberg removes whole "
                + "files only (Cannot delete file where some, but not all, rows match filter ref(name=\"at\") >= 2: "
                + sliceZeroFile + "). No table had been changed.");
        assertThat(SharedSpark.session().table(CATALOG + ".straddle.readings.snapshots")
                .select("snapshot_id").as(Encoders.LONG()).collectAsList()).containsExactly(first.snapshotId());
        assertThat(rows("straddle")).containsExactly("0|s1|1|a", "0|s1|2|b", "0|s2|5|c", "1|s1|11|d");
    }

    @Test
    void appendModeIsRefusedForAConnectorThatReplacesRowsItself() {
        MovementReport refused = runner.run(spec("append", "b1", "append", Map.of()));

        assertThat(refused.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(refused.error().kind()).isEqualTo("invalid-input");
        assertThat(refused.error().message()).isEqualTo("Table append.readings: mode append cannot write target 'readings' "
                + "of connector 'open-slices', which replaces the target's rows itself (where slice >= 0); use mode overwrite");
        assertThat(refused.tables()).isEmpty();
        assertThat(work.resolve("warehouse/append")).doesNotExist();
    }

    @Test
    void aConditionOnAColumnTheTargetLacksIsRefusedInOneLine() {
        MovementReport refused = runner.run(spec("badcondition", "b1", "overwrite", Map.of("condition", "nope >= 1")));

        assertThat(refused.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(refused.error().kind()).isEqualTo("internal");
        assertThat(refused.error().message())
                .startsWith("Connector 'open-slices' replaces the rows of target 'readings' where 'nope >= 1', which is not "
                        + "a condition on the target's columns: [UNRESOLVED_COLUMN.WITH_SUGGESTION] ")
                .contains("`nope`")
                .endsWith(" (a bug in the connector, not in the movement's input)")
                .doesNotContain("\n");
        assertThat(work.resolve("warehouse/badcondition")).doesNotExist();
    }

    @Test
    void aWriteOfAnUndeclaredTargetAndTwoWritesOfOneAreRefusedNamingThem() {
        MovementReport undeclared = runner.run(spec("undeclared", "b1", "overwrite", Map.of("writes", "events")));
        MovementReport twice = runner.run(spec("twice", "b1", "overwrite", Map.of("writes", "readings,readings")));

        assertThat(undeclared.error().kind()).isEqualTo("internal");
        assertThat(undeclared.error().message()).isEqualTo("Connector 'open-slices' lists a write of target 'events', which "
                + "it does not declare; it declares [readings]");
        assertThat(twice.error().kind()).isEqualTo("internal");
        assertThat(twice.error().message()).isEqualTo("Connector 'open-slices' lists two writes of target 'readings' (where "
                + "slice >= 0, and where slice >= 0); expected at most one per target");
    }
}
