package io.movedata.connector.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.ErrorKind;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetSnapshot;
import io.movedata.api.TargetTable;
import io.movedata.api.TargetWrite;
import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.timeseries.fixture.ItemCorruption;
import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.TestConnectorContext;
import io.movedata.testkit.TestSpark;

/**
 * The connector as the runtime drives it, on a real backup read held in memory: options, the
 * slices it looks up and the sources it declares from them, targets, output through per-slice
 * cogroups (here over in-memory partitions of the read), corrupt and misplaced items, and the
 * incremental writes it declares.
 */
class TimeSeriesConnectorTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("connector");

    /** The reference time: an hour from now, so the generator's short TTLs (60 s) have run out. */
    private static final Instant R = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant DAY = R.truncatedTo(ChronoUnit.DAYS);
    private static final TimeSeriesConnector FACTORY = new TimeSeriesConnector();

    private static FixtureCluster cluster;
    private static TimeSeriesWriter metrics;
    private static TimeSeriesWriter spread;
    private static TimeSeriesWriter bad;
    private static BackupTables backup;

    @BeforeAll
    static void writeAndRead() {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(TimeSeriesWriter.schema("ts", "metrics", List.of("metrics_1", "metrics_2", "metrics_3",
                        "wide_data_metrics_1")))
                .schema(TimeSeriesWriter.schema("ts", "spread", List.of("spread_1")))
                .schema(TimeSeriesWriter.schema("ts", "bad", List.of("bad_1")))
                .schema(TimeSeriesWriter.schema("ts", "plain", List.of()) + ";\nCREATE TABLE ts.plain_1 (time_series_id text, "
                        + "time_bucket bigint, event_bucket text, event_time timestamp, event_id text, event_item_key text, "
                        + "event_item_value blob, value_metadata blob, PRIMARY KEY ((time_series_id, time_bucket, event_bucket), "
                        + "event_time, event_id, event_item_key))")
                .nodes(1).build();
        metrics = new TimeSeriesWriter(cluster, "ts", "metrics");
        metrics.slice("metrics_1", DAY.minus(3, ChronoUnit.DAYS), DAY.minus(2, ChronoUnit.DAYS)).secondsPerBucket(3600)
                .eventBuckets(4).status("CLOSED").write();
        metrics.slice("metrics_2", DAY.minus(2, ChronoUnit.DAYS), DAY.minus(1, ChronoUnit.DAYS)).secondsPerBucket(7200)
                .eventBuckets(2).status("CLOSED").write();
        metrics.slice("metrics_3", DAY.minus(1, ChronoUnit.DAYS), DAY.plus(1, ChronoUnit.DAYS)).secondsPerBucket(86_400)
                .eventBuckets(1).write();
        Instant at = DAY.minus(3, ChronoUnit.DAYS).plusSeconds(1800);
        TimeSeriesWriter.EventWrite codecs = metrics.event("series-x", at, "codecs");
        for (ValueCodec codec : ValueCodec.values()) {
            codecs.item(metrics.item(codec.label()).value("a value under " + codec.label()).codec(codec).contentType("text/plain"));
        }
        codecs.write();
        metrics.generate(7, 4, 12, Instant.now(), 60);
        // Another namespace's row in this slices table, and a wide-partition copy the slices table does not list.
        cluster.execute("INSERT INTO ts.metrics_slices (namespace, start_time, end_time, table_name, status, seconds_per_bucket, "
                + "event_buckets) VALUES ('other', ?, ?, 'other_1', 'ACTIVE', 60, 1)", DAY.minus(9, ChronoUnit.DAYS),
                DAY.minus(8, ChronoUnit.DAYS));
        cluster.execute("INSERT INTO ts.wide_data_metrics_1 (time_series_id, time_bucket, event_bucket, event_time, event_id, "
                + "event_item_key, event_item_value) VALUES ('series-x', 1, 0, ?, 'copy', 'k', 0x00)", at);

        spread = new TimeSeriesWriter(cluster, "ts", "spread");
        spread.slice("spread_1", DAY.minus(3, ChronoUnit.DAYS), DAY.minus(2, ChronoUnit.DAYS)).secondsPerBucket(3600)
                .eventBuckets(4).write();
        spread.event("s", at, "whole").item("a", "1").item("b", "2").write();
        spread.event("s", at.plusSeconds(1), "spread").item("a", "1").item("b", "2").item("c", "3").spreadOverBuckets().write();

        bad = new TimeSeriesWriter(cluster, "ts", "bad");
        bad.slice("bad_1", DAY.minus(3, ChronoUnit.DAYS), DAY.minus(2, ChronoUnit.DAYS)).write();
        TimeSeriesWriter.EventWrite torn = bad.event("s", at, "torn").item("fine", "ok");
        for (ItemCorruption corruption : ItemCorruption.values()) {
            torn.item(bad.item(corruption.name()).value("broken").codec(ValueCodec.LZ4).corrupt(corruption));
        }
        torn.write();

        new TimeSeriesWriter(cluster, "ts", "plain").slice("plain_1", DAY.minus(3, ChronoUnit.DAYS), DAY).write();

        Map<String, Boolean> tables = new LinkedHashMap<>();
        for (String ns : List.of("metrics", "spread", "bad", "plain")) {
            tables.put("ts." + ns + "_slices", false);
        }
        for (String slice : List.of("metrics_1", "metrics_2", "metrics_3", "spread_1", "bad_1", "plain_1")) {
            tables.put("ts." + slice, true);
        }
        backup = BackupTables.read(S3, "connector", cluster, "b1", R, tables);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static ConnectorOptions options(String... pairs) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return ConnectorOptions.validate(FACTORY.name(), FACTORY.options(), raw);
    }

    /** A connector of namespace {@code ns} with {@code pairs} of options, its targets declared as the runtime does. */
    private static Connector connector(TestConnectorContext context, String ns, String... pairs) {
        String[] all = new String[pairs.length + 4];
        all[0] = "keyspace";
        all[1] = "ts";
        all[2] = "namespace";
        all[3] = ns;
        System.arraycopy(pairs, 0, all, 4, pairs.length);
        Connector connector = FACTORY.create(options(all), context);
        connector.targets(backup.schemas());
        return connector;
    }

    @Test
    void theFactoryIsFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("timeseries")).findFirst()).get().isInstanceOf(TimeSeriesConnector.class);
    }

    @Test
    void optionsHaveTheirDefaultsAndEachProblemIsNamedInOneMessage() {
        assertThat(options("keyspace", "ts", "namespace", "metrics").masked()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "keyspace", "ts", "namespace", "metrics", "acceptWindow", "PT10M", "form", "wide", "incremental", "true",
                "assembly", "partition", "onCorrupt", "fail"));
        assertThatThrownBy(() -> options("keyspace", "ts.x", "namespace", "metrics", "start", "yesterday", "acceptWindow",
                "-PT1M", "form", "tall", "assembly", "hash"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Invalid options for connector 'timeseries': "
                        + "option 'keyspace': expected a name without dots or white space, found 'ts.x' (the keyspace of the "
                        + "namespace's slices table and slice tables); "
                        + "option 'start': expected an ISO-8601 instant such as 2026-12-01T00:00:00Z, found 'yesterday' "
                        + "(moves only events with event_time at or after this ISO-8601 instant (e.g. 2026-12-01T00:00:00Z); "
                        + "absent: no lower bound); "
                        + "option 'acceptWindow': expected an ISO-8601 duration of zero or more, found '-PT1M' (how long after "
                        + "a slice's end_time the namespace still accepts writes to it (its accept limit), an ISO-8601 "
                        + "duration; a slice is closed once end_time plus this is at or before the backup's reference time); "
                        + "option 'form': expected one of wide, long, both, found 'tall' ('wide': target 'events', one row "
                        + "per event with its items in a map; 'long': target 'event_items', one row per item; 'both': both "
                        + "targets from one read); "
                        + "option 'assembly': expected one of partition, shuffle, found 'hash' ('partition': each event is "
                        + "built from its one partition, streaming, and a row stored outside its event's bucket fails the "
                        + "movement; 'shuffle': events are joined across buckets and slices with one shuffle (needs "
                        + "incremental=false and form wide or long))");
    }

    @Test
    void optionsThatContradictEachOtherAreRefusedInOneMessage() {
        TestConnectorContext context = backup.context(R);

        assertThatThrownBy(() -> connector(context, "metrics", "start", "2026-02-01T00:00:00Z", "end", "2026-01-01T00:00:00Z",
                "assembly", "shuffle", "form", "both"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Invalid options for connector 'timeseries': option 'start' (2026-02-01T00:00:00Z) must be before "
                        + "option 'end' (2026-01-01T00:00:00Z); assembly=shuffle needs incremental=false: the shuffle mixes "
                        + "slices in the files it writes, which an incremental movement could not replace slice by slice; "
                        + "assembly=shuffle writes form wide or long, not both: each target would read and shuffle the slices "
                        + "again");
    }

    @Test
    void theSourcesAreTheNamespacesSlicesOverlappingTheWindowWithTheirWriteTimes() {
        TestConnectorContext context = backup.context(R);
        Instant start = DAY.minus(2, ChronoUnit.DAYS).plusSeconds(3600);

        Connector connector = connector(context, "metrics", "start", start.toString(), "incremental", "false");

        assertThat(connector.sources()).containsExactly(SourceTable.of("ts.metrics_2").withRowWritetime(),
                SourceTable.of("ts.metrics_3").withRowWritetime());
        assertThat(context.samples("slicesRead")).containsExactly(
                "ts.metrics_2 [" + DAY.minus(2, ChronoUnit.DAYS) + ", " + DAY.minus(1, ChronoUnit.DAYS) + ") closed",
                "ts.metrics_3 [" + DAY.minus(1, ChronoUnit.DAYS) + ", " + DAY.plus(1, ChronoUnit.DAYS) + ") open");
        assertThat(context.samples("slicesOutsideWindow")).containsExactly(
                "ts.metrics_1 [" + DAY.minus(3, ChronoUnit.DAYS) + ", " + DAY.minus(2, ChronoUnit.DAYS) + ")");
        assertThat(context.counted()).containsOnlyKeys("slicesRead", "slicesOutsideWindow");
    }

    @Test
    void targetsArePartitionedByDayOfEventTimeSortedAndWrittenWithoutAShuffle() {
        Map<String, String> properties = Map.of("write.distribution-mode", "none",
                "write.parquet.dict-size-bytes", "262144", "write.parquet.compression-level", "1");
        List<TargetTable> targets = FACTORY.create(options("keyspace", "ts", "namespace", "metrics", "form", "both"),
                backup.context(R)).targets(backup.schemas());

        assertThat(targets).containsExactly(
                TargetTable.of("events", TsOutputs.EVENTS_SCHEMA).partitionedBy(List.of("days(event_time)"))
                        .sortedBy(List.of("time_series_id", "event_time")).withProperties(properties),
                TargetTable.of("event_items", TsOutputs.EVENT_ITEMS_SCHEMA).partitionedBy(List.of("days(event_time)"))
                        .sortedBy(List.of("time_series_id", "event_time", "event_id", "event_item_key")).withProperties(properties));
        assertThat(TsOutputs.EVENTS_SCHEMA.simpleString()).isEqualTo("struct<time_series_id:string,event_time:timestamp,"
                + "event_id:string,items:map<string,binary>,write_time:timestamp>");
        assertThat(TsOutputs.EVENT_ITEMS_SCHEMA.simpleString()).isEqualTo("struct<time_series_id:string,event_time:timestamp,"
                + "event_id:string,event_item_key:string,event_item_value:binary,write_time:timestamp>");
        assertThat(connector(backup.context(R), "metrics", "form", "long").targets(backup.schemas()))
                .extracting(TargetTable::name).containsExactly("event_items");
    }

    @Test
    void aSliceTableNotOfTheModelIsRefusedNamingTableAndColumns() {
        Connector connector = FACTORY.create(options("keyspace", "ts", "namespace", "plain"), backup.context(R));

        assertThatThrownBy(() -> connector.targets(backup.schemas()))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Table ts.plain_1 is not a time-series slice table: expected partition key (time_series_id text, "
                        + "time_bucket bigint, event_bucket int), found (time_series_id text, time_bucket bigint, event_bucket text)");
    }

    @Test
    void bothFormsHoldExactlyTheEventsTheWriterSaysAReaderFinds() {
        TestConnectorContext context = backup.context(R);
        Connector connector = connector(context, "metrics", "form", "both");

        Map<String, Dataset<Row>> frames = connector.output(backup);

        assertThat(backup.cogrouped).endsWith(List.of("ts.metrics_1"), List.of("ts.metrics_2"), List.of("ts.metrics_3"));
        List<String> expected = EventRows.expectedEvents(metrics.expectedEvents(R, null, null));
        assertThat(EventRows.events(frames.get("events"))).containsExactlyElementsOf(expected);
        assertThat(EventRows.items(frames.get("event_items")))
                .containsExactlyElementsOf(EventRows.expectedItems(metrics.expectedEvents(R, null, null)));
        assertThat(expected).as("events of every slice, several items, every codec").hasSizeGreaterThan(100)
                .anySatisfy(line -> assertThat(line).contains("codecs|{lz4=", "none=", "snappy=", "zstd="));
        assertThat(metrics.written()).as("items written that a reader does not find: deleted, expired, overwritten")
                .hasSizeGreaterThan(EventRows.expectedItems(metrics.expectedEvents(R, null, null)).size() + 30);
        assertThat(context.counted()).as("per-partition assembly counts no misplaced row: one fails")
                .doesNotContainKey("misplacedRows");
    }

    @Test
    void theWindowLeavesOutTheEventsOfOverlappingSlicesOutsideIt() {
        Instant start = DAY.minus(2, ChronoUnit.DAYS).plusSeconds(5 * 3600);
        Instant end = DAY.minus(1, ChronoUnit.DAYS).plusSeconds(3 * 3600);
        Connector connector = connector(backup.context(R), "metrics", "start", start.toString(), "end", end.toString());

        List<String> events = EventRows.events(connector.output(backup).get("events"));

        assertThat(events).containsExactlyElementsOf(EventRows.expectedEvents(metrics.expectedEvents(R, start, end)))
                .isNotEmpty().hasSizeLessThan(EventRows.expectedEvents(metrics.expectedEvents(R, null, null)).size() / 2);
    }

    @Test
    void aCorruptItemFailsTheMovementNamingItOrIsLeftOutAndCounted() {
        Connector failing = connector(backup.context(R), "bad");
        TestConnectorContext skipping = backup.context(R);
        Connector skipper = connector(skipping, "bad", "onCorrupt", "skip");
        String item = "ts.bad_1, series 's', event " + DAY.minus(3, ChronoUnit.DAYS).plusSeconds(1800) + " 'torn', item '";

        assertThatThrownBy(() -> failing.output(backup).get("events").collect())
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ErrorKind.UNREADABLE_SOURCE))
                .hasMessage("Corrupt item in " + item + "CHUNKED': value_metadata says the value is in 2 chunks, but a "
                        + "time-series slice has no chunks table (connector option onCorrupt=skip leaves corrupt items out "
                        + "and counts them)");
        assertThat(EventRows.events(skipper.output(backup).get("events")))
                .containsExactlyElementsOf(EventRows.expectedEvents(bad.expectedEvents(R, null, null)))
                .singleElement().asString().contains("{fine=6f6b}");
        assertThat(skipping.samples("corruptItems")).containsExactly(
                item + "CHUNKED': value_metadata says the value is in 2 chunks, but a time-series slice has no chunks table",
                item + "CRC_MISMATCH': the decoded value's CRC-32C is " + Integer.toHexString(
                        io.movedata.connector.kv.ValueMetadata.crc32c("broken".getBytes())) + ", value_metadata says "
                        + Integer.toHexString(~io.movedata.connector.kv.ValueMetadata.crc32c("broken".getBytes())),
                item + "TRUNCATED_METADATA': value_metadata is truncated: 10 bytes end inside its fields");
        assertThat(bad.corruptItems(R)).hasSize(3);
    }

    @Test
    void anItemOutsideItsEventsBucketFailsPerPartitionAssemblyAndIsJoinedByTheShuffle() {
        Connector partitioned = connector(backup.context(R), "spread");
        TestConnectorContext shuffled = backup.context(R);
        Connector shuffle = connector(shuffled, "spread", "assembly", "shuffle", "incremental", "false");
        Instant at = DAY.minus(3, ChronoUnit.DAYS).plusSeconds(1801);
        long timeBucket = at.getEpochSecond() / 3600;

        int own = Placement.eventBucket(at.toEpochMilli(), 3600, 4);
        List<String> misplaced = List.of("b", "c").stream().map(key -> "Misplaced item row in ts.spread_1, series 's', event " + at
                + " 'spread', item '" + key + "': it is in time bucket " + timeBucket + ", event bucket "
                + (own + (key.equals("b") ? 1 : 2)) % 4 + "; its event_time places it in time bucket " + timeBucket
                + ", event bucket " + own + " (seconds_per_bucket 3600, event_buckets 4); the item could belong to an event "
                + "split over partitions, which per-partition assembly cannot join (connector option "
                + "assembly=shuffle joins each event's items across partitions with one shuffle)").toList();

        assertThatThrownBy(() -> partitioned.output(backup).get("events").collect())
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("the first misplaced row read, in token order").isIn(misplaced));
        Dataset<Row> events = shuffle.output(backup).get("events");
        assertThat(EventRows.events(events)).containsExactlyElementsOf(EventRows.expectedEvents(spread.expectedEvents(R, null, null)))
                .anySatisfy(line -> assertThat(line).contains("|spread|{a=31, b=32, c=33}|"));
        assertThat(events.queryExecution().executedPlan().toString()).contains("Exchange hashpartitioning");
        assertThat(shuffled.samples("misplacedRows")).hasSize(2)
                .allSatisfy(sample -> assertThat(sample).startsWith("ts.spread_1, series 's', event " + at + " 'spread', item '"));
    }

    @Test
    void theShuffleEncodesTimestampsAsTheSessionDoesUnderMovedataRunsJava8Api() {
        String java8Api = "spark.sql.datetime.java8API.enabled";
        TestSpark.session().conf().set(java8Api, "true");
        try {
            Connector wide = connector(backup.context(R), "spread", "assembly", "shuffle", "incremental", "false");
            Connector narrow = connector(backup.context(R), "spread", "assembly", "shuffle", "incremental", "false",
                    "form", "long");
            Dataset<Row> events = wide.output(backup).get("events");
            Dataset<Row> items = narrow.output(backup).get("event_items");

            assertThat(EventRows.events(events))
                    .containsExactlyElementsOf(EventRows.expectedEvents(spread.expectedEvents(R, null, null)));
            assertThat(EventRows.items(items))
                    .containsExactlyElementsOf(EventRows.expectedItems(spread.expectedEvents(R, null, null)));
            assertThat(events.first().get(1)).isInstanceOf(Instant.class);
        } finally {
            TestSpark.session().conf().set(java8Api, "false");
        }
    }

    @Test
    void anIncrementalMovementSkipsTheClosedSlicesItsTargetHoldsAndReplacesTheRowsOfTheOthers() {
        TestConnectorContext first = backup.context(R);
        TargetWrite firstWrite = connector(first, "metrics").writes().get(0);
        TestConnectorContext next = backup.context(R);
        next.backupName("b2");
        Map<String, String> lineage = new LinkedHashMap<>();
        firstWrite.lineage().forEach((key, value) -> lineage.put("connector." + key, value));
        next.snapshot("events", new TargetSnapshot("lake.ts.events", 1L, R, lineage));

        Connector connector = connector(next, "metrics");

        assertThat(first.samples("slicesRead")).hasSize(3);
        assertThat(firstWrite.target()).isEqualTo("events");
        assertThat(connector.sources()).containsExactly(SourceTable.of("ts.metrics_3").withRowWritetime());
        assertThat(next.samples("slicesSkipped")).containsExactly(
                "ts.metrics_1 [" + DAY.minus(3, ChronoUnit.DAYS) + ", " + DAY.minus(2, ChronoUnit.DAYS) + ")",
                "ts.metrics_2 [" + DAY.minus(2, ChronoUnit.DAYS) + ", " + DAY.minus(1, ChronoUnit.DAYS) + ")");
        assertThat(next.samples("targetsReplacedWhole")).isEmpty();
        TargetWrite write = connector.writes().get(0);
        assertThat(write.lineage().get("timeseries.closed")).isEqualTo(firstWrite.lineage().get("timeseries.closed"))
                .contains("ts.metrics_1@", "ts.metrics_2@").doesNotContain("ts.metrics_3");
        // The condition, as Spark SQL reads it: the open slice's rows only, its end excluded.
        Dataset<Row> times = TestSpark.session().sql("SELECT explode(array(TIMESTAMP '" + DAY.minus(2, ChronoUnit.DAYS) + "', "
                + "TIMESTAMP '" + DAY.minus(1, ChronoUnit.DAYS) + "', TIMESTAMP '" + DAY.plus(1, ChronoUnit.DAYS).minusMillis(1)
                + "', TIMESTAMP '" + DAY.plus(1, ChronoUnit.DAYS) + "')) AS event_time");
        assertThat(times.where(write.replacingRowsWhere()).collectAsList()).extracting(row -> TsOutputs.millis(row.get(0)))
                .containsExactly(DAY.minus(1, ChronoUnit.DAYS).toEpochMilli(), DAY.plus(1, ChronoUnit.DAYS).toEpochMilli() - 1);
    }
}
