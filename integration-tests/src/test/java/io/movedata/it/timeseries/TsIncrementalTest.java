package io.movedata.it.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.timeseries.Slice;
import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementPlan;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.Outcome;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Three backups of a namespace whose slices close between them (real time passes: slices of a few
 * seconds, accept window 1 s), moved incrementally into one table: the second and third movements
 * read only the slices open or closed since (the report's source tables and bytes), the table after
 * the third equals a full movement of the third backup, and a rerun of the third backup writes
 * nothing.
 *
 * <pre>
 * slice  range                     backup 1   backup 2        backup 3
 * s1     [T-2h, T-1h)              closed     closed, held    closed, held
 * s2     [T-1h, T+8s)              open       closed, new     closed, held
 * s3     [T+8s, 6 s after move 1)  -          open            closed, new
 * s4     [end of s3, +1h)          -          -               open
 * </pre>
 */
class TsIncrementalTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("ts-incremental");

    private static final String OPTIONS = "keyspace: tsinc, namespace: m, acceptWindow: PT1S";
    private static final String TABLES = "{events: events}";

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static TimeSeriesWriter ts;
    private static TsSpecs specs;
    private static final ClusterBackupInfo[] BACKUPS = new ClusterBackupInfo[3];
    private static final MovementReport[] MOVES = new MovementReport[3];
    private static MovementPlan dryRun;
    private static MovementReport rerun;
    private static MovementReport full;
    private static final QueryExecutions PLANS = new QueryExecutions(SharedSpark.session());

    @BeforeAll
    static void threeBackupsMovedOneAfterTheOther() throws Exception {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE tsinc WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                        + TimeSeriesWriter.schema("tsinc", "m", List.of("s1", "s2", "s3", "s4")))
                .nodes(1)
                .build();
        ts = new TimeSeriesWriter(cluster, "tsinc", "m");
        specs = new TsSpecs(S3, S3.location("ts-incremental", "cluster"), "tsinc", work);
        MovementRunner runner = new MovementRunner(SharedSpark.session());
        Random random = new Random(3);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Slice s1 = ts.slice("s1", t.minus(Duration.ofHours(2)), t.minus(Duration.ofHours(1))).status("CLOSED").write();
        Slice s2 = ts.slice("s2", t.minus(Duration.ofHours(1)), t.plusSeconds(8)).eventBuckets(2).write();
        events(s1, 30, random);
        events(s2, 30, random);
        backup(0);
        MOVES[0] = runner.run(specs.spec("first", "b1", "ONE", OPTIONS, TABLES));

        // Backup 2: s2 has closed (its end plus the accept window has passed), s3 is open.
        sleepUntil(s2.end());
        Slice s3 = ts.slice("s3", s2.end(), Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(6)).secondsPerBucket(2)
                .eventBuckets(3).write();
        events(s2, 10, random);
        events(s3, 20, random);
        ts.slice("s2", s2.start(), s2.end()).eventBuckets(2).status("CLOSED").write();
        sleepUntil(s2.end().plusSeconds(1));
        backup(1);
        MOVES[1] = runner.run(specs.spec("second", "b2", "ONE", OPTIONS, TABLES));

        // Backup 3: s3 has closed, s4 is open; events of s3 deleted and overwritten before it closed.
        Slice s4 = ts.slice("s4", s3.end(), s3.end().plus(Duration.ofHours(1))).write();
        events(s3, 10, random);
        events(s4, 20, random);
        var s3Event = ts.written().stream().filter(item -> item.table().equals("tsinc.s3")).findFirst().orElseThrow();
        ts.deleteEvent(s3Event.series(), s3Event.eventTime(), s3Event.eventId(), ts.nextTimestamp());
        sleepUntil(s3.end().plusSeconds(1));
        backup(2);
        dryRun = runner.plan(specs.spec("third", "b3", "ONE", OPTIONS, TABLES));
        MOVES[2] = PLANS.during(() -> runner.run(specs.spec("third", "b3", "ONE", OPTIONS, TABLES)));
        rerun = runner.run(specs.spec("third-again", "b3", "ONE", OPTIONS, TABLES));
        full = runner.run(specs.spec("full", "b3", "ONE", OPTIONS + ", incremental: false", "{events: full_events}"));
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** {@code count} events of 1 to 3 items at random times of the slice, the part of it already past. */
    private static void events(Slice slice, int count, Random random) {
        long span = Math.min(slice.end().toEpochMilli(), Instant.now().toEpochMilli()) - slice.start().toEpochMilli();
        for (int e = 0; e < count; e++) {
            TimeSeriesWriter.EventWrite event = ts.event("series-" + random.nextInt(3),
                    slice.start().plusMillis((long) (random.nextDouble() * span)), "e" + random.nextInt(1_000_000));
            for (int i = 0, items = 1 + random.nextInt(3); i < items; i++) {
                event.item(ts.item("k" + i).value("value " + random.nextInt()).codec(ValueCodec.values()[random.nextInt(4)]));
            }
            event.write();
        }
    }

    private static void backup(int index) {
        try (ObjectStore store = S3.openStore("ts-incremental")) {
            BACKUPS[index] = cluster.backup(store, S3.location("ts-incremental", "cluster"), "b" + (index + 1),
                    BackupMode.DIFFERENTIAL);
        }
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis + 200);
        }
    }

    /** The Data.db bytes of the tables in a backup: what a read of them at consistency ONE on one node reads. */
    private static long dataBytes(ClusterBackupInfo backup, String... tables) {
        return backup.nodes().values().stream().flatMap(node -> List.of(tables).stream()
                        .flatMap(table -> node.objects("tsinc", table).stream()))
                .filter(object -> object.key().endsWith("Data.db")).mapToLong(BackupObject::size).sum();
    }

    @Test
    void eachMovementReadsOnlyTheSlicesOpenOrClosedSinceTheLastOne() {
        for (MovementReport move : MOVES) {
            assertThat(move.outcome()).as(move.summary()).isEqualTo(Outcome.SUCCEEDED);
        }

        assertThat(MOVES[0].source().tables()).containsExactly("tsinc.s1", "tsinc.s2");
        assertThat(MOVES[1].source().tables()).containsExactly("tsinc.s2", "tsinc.s3");
        assertThat(MOVES[2].source().tables()).containsExactly("tsinc.s3", "tsinc.s4");
        assertThat(MOVES[1].read().bytesRead()).isEqualTo(dataBytes(BACKUPS[1], "s2", "s3"));
        assertThat(MOVES[2].read().bytesRead()).isEqualTo(dataBytes(BACKUPS[2], "s3", "s4"))
                .isLessThan(full.read().bytesRead());
        assertThat(full.read().bytesRead()).isEqualTo(dataBytes(BACKUPS[2], "s1", "s2", "s3", "s4"));
        assertThat(MOVES[2].connector().counts().get("slicesSkipped").samples())
                .allSatisfy(sample -> assertThat(sample).matches("tsinc\\.s[12] \\[.*\\)")).hasSize(2);
        assertThat(MOVES[2].connector().counts().get("slicesRead").samples())
                .containsExactly(ts.slices().get(2).describe() + " closed", ts.slices().get(3).describe() + " open");
        assertThat(MOVES[2].connector().counts().get("targetsReplacedWhole").count()).isZero();
    }

    @Test
    void eachMovementReplacesTheRowsOfTheSlicesItReadAndKeepsTheOthers() {
        List<Slice> slices = ts.slices();
        MovementReport.TableReport second = MOVES[1].tables().get(0);
        MovementReport.TableReport third = MOVES[2].tables().get(0);

        assertThat(second.replacedWhere()).isEqualTo("(event_time >= TIMESTAMP '" + slices.get(1).start() + "' AND "
                + "event_time < TIMESTAMP '" + slices.get(2).end() + "')");
        assertThat(third.replacedWhere()).isEqualTo("(event_time >= TIMESTAMP '" + slices.get(2).start() + "' AND "
                + "event_time < TIMESTAMP '" + slices.get(3).end() + "')");
        assertThat(second.rowsDeleted()).as("the first movement's rows of the open slice s2").isPositive();
        assertThat(PLANS.executed()).map(qe -> qe.executedPlan().treeString())
                .allSatisfy(plan -> assertThat(plan).doesNotContain("Exchange"));
    }

    @Test
    void theTableAfterTheThirdMovementEqualsAFullMovementOfTheThirdBackup() {
        assertThat(full.outcome()).as(full.summary()).isEqualTo(Outcome.SUCCEEDED);
        Instant r3 = Instant.parse(MOVES[2].source().referenceTime());

        List<String> expected = TsRows.expectedEvents(ts.expectedEvents(r3, null, null));
        assertThat(TsRows.events(specs.table("events"))).containsExactlyElementsOf(expected)
                .isEqualTo(TsRows.events(specs.table("full_events")));
        assertThat(expected).hasSizeGreaterThan(100);
    }

    @Test
    void aDryRunLooksUpTheSlicesAndSaysWhichRowsItWouldReplace() {
        List<Slice> slices = ts.slices();

        assertThat(dryRun.source().tables()).containsExactly("tsinc.s3", "tsinc.s4");
        assertThat(dryRun.summary()).contains("only the tables the connector looked up were read", "lookup  tsinc.m_slices: 4 rows",
                "replace its rows where (event_time >= TIMESTAMP '" + slices.get(2).start() + "' AND event_time < TIMESTAMP '"
                        + slices.get(3).end() + "')");
    }

    @Test
    void aRerunOfTheSameBackupWritesNothing() {
        assertThat(rerun.outcome()).as(rerun.summary()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(rerun.source().tables()).isEqualTo(MOVES[2].source().tables());
        assertThat(rerun.tables().get(0).snapshotId()).isEqualTo(MOVES[2].tables().get(0).snapshotId());
    }
}
