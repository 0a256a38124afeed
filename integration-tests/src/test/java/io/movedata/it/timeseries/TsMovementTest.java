package io.movedata.it.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.SparkCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.connector.timeseries.fixture.WrittenEventItem;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.Outcome;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.NodeBackupInfo;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Movements of a time-series namespace with the {@code timeseries} connector through the real
 * runtime: a fixture backup written by {@link TimeSeriesWriter} (two nodes, RF 2, read at ALL) of
 * four slices with their own bucket settings, generated events (several items under every codec,
 * overwrites, TTLs, expiries, deletes of items, events, ranges and partitions, some in later
 * SSTables), the tables they leave, exactly; the executed plans; window pruning in the report's
 * bytes, on a backup whose pruned slice is poisoned; events spread over buckets.
 */
class TsMovementTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("ts-moves");

    private static final Instant NOW = Instant.now();
    private static final Instant DAY = NOW.truncatedTo(ChronoUnit.DAYS);

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static TimeSeriesWriter metrics;
    private static TimeSeriesWriter spread;
    private static TsSpecs specs;
    private static ClusterBackupInfo clean;
    private static MovementReport full;
    private static MovementReport pruned;
    private static MovementReport windowed;
    private static MovementReport spreadPerPartition;
    private static MovementReport spreadShuffled;
    private static MovementReport missingSlice;
    private static final QueryExecutions FULL_PLANS = new QueryExecutions(SharedSpark.session());
    private static final QueryExecutions SHUFFLE_PLANS = new QueryExecutions(SharedSpark.session());

    private static Instant day(int offset) {
        return DAY.plus(offset, ChronoUnit.DAYS);
    }

    @BeforeAll
    static void writeBackupsAndMove() throws Exception {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE tsit WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};\n"
                        + TimeSeriesWriter.schema("tsit", "m", List.of("m_1", "m_2", "m_3", "m_4")) + ";\n"
                        + TimeSeriesWriter.schema("tsit", "sp", List.of("sp_1")) + ";\n"
                        + TimeSeriesWriter.schema("tsit", "gone", List.of()))
                .nodes(2)
                .build();
        metrics = new TimeSeriesWriter(cluster, "tsit", "m");
        metrics.slice("m_1", day(-4), day(-3)).secondsPerBucket(3600).eventBuckets(4).status("CLOSED").write();
        metrics.slice("m_2", day(-3), day(-2)).secondsPerBucket(7200).eventBuckets(2).status("CLOSED").write();
        metrics.slice("m_3", day(-2), day(-1)).secondsPerBucket(86_400).eventBuckets(1).status("CLOSED").write();
        metrics.slice("m_4", day(-1), day(1)).secondsPerBucket(3600).eventBuckets(3).write();
        TimeSeriesWriter.EventWrite codecs = metrics.event("series-codecs", day(-2).plusSeconds(100), "every-codec");
        for (ValueCodec codec : ValueCodec.values()) {
            codecs.item(metrics.item(codec.label()).value(("under " + codec.label() + " ").repeat(50)).codec(codec));
        }
        codecs.write();
        List<WrittenEventItem> generated = metrics.generate(11, 5, 15, NOW, 1);
        cluster.flush();
        // Later SSTables: deletes and overwrites of what the first ones hold.
        for (int i = 0; i < generated.size(); i += 13) {
            WrittenEventItem item = generated.get(i);
            switch (i % 3) {
                case 0 -> metrics.deleteItem(item.series(), item.eventTime(), item.eventId(), item.key(), metrics.nextTimestamp());
                case 1 -> metrics.deleteEvent(item.series(), item.eventTime(), item.eventId(), metrics.nextTimestamp());
                default -> metrics.event(item.series(), item.eventTime(), item.eventId())
                        .item(metrics.item(item.key()).value("overwritten later").codec(ValueCodec.LZ4)).write();
            }
        }
        metrics.deletePartition("series-001", day(-3).plusSeconds(60), metrics.nextTimestamp());
        spread = new TimeSeriesWriter(cluster, "tsit", "sp");
        spread.slice("sp_1", day(-4), day(-3)).secondsPerBucket(3600).eventBuckets(4).write();
        spread.event("s", day(-4).plusSeconds(10), "whole").item("a", "1").item("b", "2").write();
        for (int e = 0; e < 2; e++) {
            spread.event("s", day(-4).plusSeconds(600 + e), "spread-" + e).item("a", "1").item("b", "2").item("c", "3")
                    .spreadOverBuckets().write();
        }
        new TimeSeriesWriter(cluster, "tsit", "gone").slice("gone_1", day(-4), day(-3)).write();
        cluster.flush();
        Thread.sleep(1500); // the 1-second TTLs have run out by the backups' reference time
        StoreLocation location = S3.location("ts-moves", "cluster");
        try (ObjectStore store = S3.openStore("ts-moves")) {
            clean = cluster.backup(store, location, "clean", BackupMode.FULL);
            ClusterBackupInfo poisoned = cluster.backup(store, location, "poisoned", BackupMode.FULL);
            for (NodeBackupInfo node : poisoned.nodes().values()) {
                for (BackupObject object : node.objects("tsit", "m_1")) {
                    if (object.key().endsWith("Data.db")) {
                        byte[] bytes = store.readAll(object.key());
                        for (int i = 0; i < bytes.length; i++) {
                            bytes[i] ^= 0x5a;
                        }
                        store.put(object.key(), bytes);
                    }
                }
            }
        }
        specs = new TsSpecs(S3, location, "tsmove", work);
        MovementRunner runner = new MovementRunner(SharedSpark.session());
        full = FULL_PLANS.during(() -> runner.run(specs.spec("full", "clean", "ALL", "keyspace: tsit, namespace: m, form: both",
                "{events: full_events, event_items: full_items}")));
        pruned = runner.run(specs.spec("pruned", "clean", "ALL", "keyspace: tsit, namespace: m, start: '" + day(-4)
                + "', end: '" + day(-3) + "'", "{events: pruned_events}"));
        windowed = runner.run(specs.spec("windowed", "poisoned", "ALL", "keyspace: tsit, namespace: m, start: '"
                + day(-3).plusSeconds(3600) + "'", "{events: windowed_events}"));
        spreadPerPartition = runner.run(specs.spec("spread", "clean", "ALL", "keyspace: tsit, namespace: sp",
                "{events: spread_events}"));
        missingSlice = runner.run(specs.spec("gone", "clean", "ALL", "keyspace: tsit, namespace: gone", "{events: gone_events}"));
        spreadShuffled = SHUFFLE_PLANS.during(() -> runner.run(specs.spec("shuffled", "clean", "ALL",
                "keyspace: tsit, namespace: sp, assembly: shuffle, incremental: false", "{events: shuffled_events}")));
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Instant referenceTime(MovementReport report) {
        return Instant.parse(report.source().referenceTime());
    }

    private static void succeeded(MovementReport report) {
        assertThat(report.outcome()).as(report.summary()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void bothTargetsHoldExactlyTheEventsAReaderFindsAcrossSlicesAndBuckets() {
        succeeded(full);
        Instant r = referenceTime(full);

        List<String> expected = TsRows.expectedEvents(metrics.expectedEvents(r, null, null));
        assertThat(TsRows.events(specs.table("full_events"))).containsExactlyElementsOf(expected);
        assertThat(TsRows.items(specs.table("full_items")))
                .containsExactlyElementsOf(TsRows.expectedItems(metrics.expectedEvents(r, null, null)));
        assertThat(full.source().tables()).containsExactly("tsit.m_1", "tsit.m_2", "tsit.m_3", "tsit.m_4");
        List<WrittenEventItem> written = metrics.written();
        assertThat(written).as("every slice, and several event buckets of a slice")
                .extracting(WrittenEventItem::table).contains("tsit.m_1", "tsit.m_2", "tsit.m_3", "tsit.m_4");
        assertThat(written).filteredOn(item -> item.table().equals("tsit.m_1")).extracting(WrittenEventItem::eventBucket)
                .contains(0, 1, 2, 3);
        assertThat(written).filteredOn(item -> item.ttlSeconds() == 1).isNotEmpty();
        assertThat(TsRows.expectedItems(metrics.expectedEvents(r, null, null)).size())
                .as("deletes, TTLs, expiries and overwrites hide writes").isLessThan(written.size() - 50);
        assertThat(expected).anySatisfy(line -> assertThat(line).contains("|every-codec|{lz4=", "none=", "snappy=", "zstd="));
    }

    @Test
    void bothTargetsComeFromOneReadAndNoPlanHasAnExchange() {
        List<String> plans = FULL_PLANS.executed().stream().map(qe -> qe.executedPlan().treeString()).toList();

        assertThat(plans).as("the executed plans of the events and event_items writes").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(plan -> assertThat(plan).doesNotContain("Exchange"))
                .anySatisfy(plan -> assertThat(plan).contains("BatchScan"))
                .anySatisfy(plan -> assertThat(plan).contains("InMemoryTableScan"));
        MovementReport.ReadReport read = full.read();
        assertThat(read.splitReads()).as("every split read once for both targets").isEqualTo(read.splitsDone())
                .isEqualTo(read.splits());
        assertThat(read.lookups()).singleElement().satisfies(lookup -> {
            assertThat(lookup.table()).isEqualTo("tsit.m_slices");
            assertThat(lookup.rows()).isEqualTo(4);
        });
        assertThat(full.tables()).extracting(MovementReport.TableReport::target).containsExactly("events", "event_items");
    }

    @Test
    void aWindowReadsOnlyTheSlicesItOverlapsNeverFetchingTheOthers() {
        succeeded(pruned);
        succeeded(windowed);
        Instant start = day(-3).plusSeconds(3600);

        assertThat(windowed.source().tables()).containsExactly("tsit.m_2", "tsit.m_3", "tsit.m_4");
        assertThat(pruned.source().tables()).containsExactly("tsit.m_1");
        // Each slice is its own read: the full movement's bytes are the windowed one's and the pruned slice's.
        assertThat(windowed.read().bytesRead() + pruned.read().bytesRead()).isEqualTo(full.read().bytesRead());
        assertThat(windowed.read().bytesFetched() + pruned.read().bytesFetched()).isEqualTo(full.read().bytesFetched());
        long m1Data = clean.nodes().values().stream().flatMap(node -> node.objects("tsit", "m_1").stream())
                .filter(object -> object.key().endsWith("Data.db")).mapToLong(BackupObject::size).sum();
        assertThat(pruned.read().bytesRead()).as("the pruned slice's Data.db on both replicas").isEqualTo(m1Data);
        assertThat(pruned.read().bytesRead()).isPositive();
        // The windowed movement read the backup whose m_1 Data.db objects are garbage: never opened or fetched.
        assertThat(TsRows.events(specs.table("windowed_events")))
                .containsExactlyElementsOf(TsRows.expectedEvents(metrics.expectedEvents(referenceTime(windowed), start, null)))
                .isNotEmpty();
        assertThat(windowed.connector().counts().get("slicesOutsideWindow").samples())
                .containsExactly("tsit.m_1 [" + day(-4) + ", " + day(-3) + ")");
        assertThat(TsRows.events(specs.table("pruned_events")))
                .containsExactlyElementsOf(TsRows.expectedEvents(metrics.expectedEvents(referenceTime(pruned), day(-4), day(-3))));
    }

    @Test
    void anEventSpreadOverBucketsFailsPerPartitionAssemblyLoudlyAndIsExactWithTheShuffle() {
        assertThat(spreadPerPartition.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(spreadPerPartition.error().kind()).isEqualTo("unreadable-source");
        assertThat(spreadPerPartition.error().message()).contains("Misplaced item row in tsit.sp_1, series 's', event ",
                "'spread-", "it is in time bucket", "its event_time places it in time bucket", "assembly=shuffle");
        SparkCatalog catalog = (SparkCatalog) SharedSpark.session().sessionState().catalogManager().catalog("tsmove");
        assertThat(catalog.icebergCatalog().tableExists(TableIdentifier.of("ts", "spread_events"))).isFalse();

        succeeded(spreadShuffled);
        assertThat(TsRows.events(specs.table("shuffled_events")))
                .containsExactlyElementsOf(TsRows.expectedEvents(spread.expectedEvents(referenceTime(spreadShuffled), null, null)))
                .hasSize(3).anySatisfy(line -> assertThat(line).contains("|spread-0|{a=31, b=32, c=33}|"));
        assertThat(spreadShuffled.connector().counts().get("misplacedRows").count()).isEqualTo(4);
        assertThat(SHUFFLE_PLANS.executed()).map(qe -> qe.executedPlan().treeString())
                .filteredOn(plan -> !plan.contains("sp_slices")).as("the write's plan, not the slices table's lookup")
                .singleElement().satisfies(plan -> assertThat(finalPlan(plan).split("Exchange hashpartitioning", -1))
                        .as("one shuffle in the adaptive plan's final plan:%n%s", plan).hasSize(2));
    }

    @Test
    void aListedSliceWhoseTableTheBackupLacksFailsTheMovementNamingIt() {
        assertThat(missingSlice.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missingSlice.error().message()).contains("Table 'tsit.gone_1' is not in the schema.cql of");
        assertThat(missingSlice.read().splitsDone()).as("no slice table read").isZero();
    }

    /** The final plan of an adaptive plan's tree string (which shows the initial plan too). */
    private static String finalPlan(String plan) {
        return plan.substring(plan.indexOf("== Final Plan =="), plan.indexOf("== Initial Plan =="));
    }
}
