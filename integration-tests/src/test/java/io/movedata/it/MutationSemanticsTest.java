package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.spark.ScanMetric;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Every kind of mutation, written as real SSTables spread over several generations, reads back as
 * exactly the rows {@code SELECT *} returns at the reference time; the scan counts the tombstones
 * and expired cells it purged on the way.
 */
class MutationSemanticsTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("mutations");

    private static final String SCHEMA = """
            CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE ks.t (k int, c int, s text static, v text, n int,
                               tags set<text>, attrs map<text, int>, items list<int>,
                               PRIMARY KEY (k, c));
            """;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static Instant reference;

    @BeforeAll
    static void writeBackup() {
        cluster = FixtureCluster.builder().schema(SCHEMA).nodes(1).build();
        // generation 1
        cluster.execute("INSERT INTO ks.t (k, c, v, n) VALUES (1, 1, 'a', 1) USING TIMESTAMP 10");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET v = 'u' WHERE k = 2 AND c = 1");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 1, 'old') USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 2, 'newer-first') USING TIMESTAMP 30");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET v = 'apple' WHERE k = 4 AND c = 1");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (4, 2, 'x') USING TIMESTAMP 10");
        for (int c = 1; c <= 2; c++) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (5, ?, 'r') USING TIMESTAMP 10", c);
        }
        for (int c = 1; c <= 3; c++) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (6, ?, 'gone') USING TIMESTAMP 10", c);
        }
        for (int c = 1; c <= 6; c++) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (7, ?, 'slice') USING TIMESTAMP 10", c);
        }
        cluster.execute("INSERT INTO ks.t (k, c, v, n) VALUES (8, 1, 'a', 5) USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.t (k, c, tags, attrs, items) VALUES (9, 1, {'a', 'b'}, {'x': 1, 'y': 2}, [1, 2]) USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.t (k, c, tags) VALUES (9, 2, {'a'}) USING TIMESTAMP 10");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET s = 'static-old' WHERE k = 10");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (10, 1, 'a') USING TIMESTAMP 10");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET s = 'only-static' WHERE k = 11");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (12, 1, 'short') USING TIMESTAMP 10 AND TTL 100");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (12, 2, 'long') USING TIMESTAMP 10 AND TTL 1000000");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 AND TTL 100 SET n = 7 WHERE k = 12 AND c = 2");
        cluster.execute("INSERT INTO ks.t (k, c) VALUES (13, 1) USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (14, 1, 'a') USING TIMESTAMP 10");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET v = 'a' WHERE k = 15 AND c = 1");
        cluster.flush();
        // generation 2: newer and older writes than generation 1, tombstones, collection changes
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 1, 'new') USING TIMESTAMP 20");
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (3, 2, 'older-later') USING TIMESTAMP 5");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 10 SET v = 'banana' WHERE k = 4 AND c = 1");
        cluster.execute("DELETE v FROM ks.t USING TIMESTAMP 10 WHERE k = 4 AND c = 2");
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 20 WHERE k = 5 AND c = 1");
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 5 WHERE k = 5 AND c = 2");
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 20 WHERE k = 6");
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 20 WHERE k = 7 AND c >= 2 AND c < 5");
        cluster.execute("DELETE n FROM ks.t USING TIMESTAMP 20 WHERE k = 8 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET tags = tags + {'c'} WHERE k = 9 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET tags = tags - {'a'} WHERE k = 9 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET attrs['x'] = 10 WHERE k = 9 AND c = 1");
        cluster.execute("DELETE attrs['y'] FROM ks.t USING TIMESTAMP 20 WHERE k = 9 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET items = items + [3] WHERE k = 9 AND c = 1");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET tags = {'z'} WHERE k = 9 AND c = 2");
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET s = 'static-new' WHERE k = 10");
        cluster.execute("DELETE v FROM ks.t USING TIMESTAMP 20 WHERE k = 14 AND c = 1");
        cluster.execute("DELETE v FROM ks.t USING TIMESTAMP 20 WHERE k = 15 AND c = 1");
        cluster.flush();
        // generation 3: a write newer than the partition deletion
        cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (6, 4, 'after-delete') USING TIMESTAMP 30");

        location = S3.location("mutations", "cluster-a");
        try (ObjectStore store = S3.openStore("mutations")) {
            cluster.backup(store, location, "backup-1", BackupMode.DIFFERENTIAL);
        }
        // R: after the 100 s TTLs ran out, long before the 1,000,000 s ones.
        reference = Instant.now().plusSeconds(1000);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static Map<String, String> options() {
        return SharedSpark.backupOptions(S3, location, "ks.t", "name", "backup-1", "consistency", "ALL",
                "referenceTime", reference.toString());
    }

    private static Dataset<Row> read(Map<String, String> extra) {
        return SharedSpark.session().read().format("cassandra-backup").options(options()).options(extra).load();
    }

    @Test
    void everyMutationKindReadsAsSelectStarAtTheReferenceTime() {
        List<String> rows = SharedSpark.rows(read(Map.of()).select("k", "c", "s", "v", "n", "tags", "attrs", "items"));

        assertThat(rows).containsExactlyInAnyOrder(
                "1|1|null|a|1|null|null|null",                 // insert
                "2|1|null|u|null|null|null|null",              // update creates the row
                "3|1|null|new|null|null|null|null",            // newer timestamp wins
                "3|2|null|newer-first|null|null|null|null",    // older write arriving later loses
                "4|1|null|banana|null|null|null|null",         // equal timestamps: greater value wins
                "4|2|null|null|null|null|null|null",           // equal timestamps: tombstone wins; row marker keeps the row
                "5|2|null|r|null|null|null|null",              // row delete; an older row delete changes nothing
                "6|4|null|after-delete|null|null|null|null",   // partition delete, then a newer insert
                "7|1|null|slice|null|null|null|null",          // range delete of 2 <= c < 5
                "7|5|null|slice|null|null|null|null",
                "7|6|null|slice|null|null|null|null",
                "8|1|null|a|null|null|null|null",              // cell delete
                "9|1|null|null|null|[b, c]|{x=10}|[1, 2, 3]",  // set add/remove, map put/remove, list append
                "9|2|null|null|null|[z]|null|null",            // whole collection replaced
                "10|1|static-new|a|null|null|null|null",       // newest static value on every row
                "11|null|only-static|null|null|null|null|null",// static only: one row, clustering null
                "12|2|null|long|null|null|null|null",          // TTL: expired row and cell gone, live one stays
                "13|1|null|null|null|null|null|null",          // only its primary key
                "14|1|null|null|null|null|null|null");         // inserted row whose cells are all deleted stays
        // k=15 (row from UPDATE whose only cell was deleted) has no row marker and is gone.
    }

    /**
     * The scan's {@code tombstonesPurged} metric for one partition, read alone: each kind of
     * deletion the merge applied counts once, however many SSTables held it.
     */
    @ParameterizedTest(name = "k={0}: {1} ({2})")
    @CsvSource({
            "6, 1, partition deletion",
            "7, 1, range deletion of 2 <= c < 5: its start and end markers count once",
            "5, 2, row deletions: the newer and the older one",
            "8, 1, cell tombstone",
            "4, 1, cell tombstone winning a tie with a write",
            "9, 2, collection elements removed: not the collection overwrites (whole-collection deletions)",
            "12, 2, cells whose TTL ran out by the reference time: not the expired row marker",
            "3, 0, no deletion: only writes that lost to newer ones",
            "11, 0, no deletion: a static-only partition"})
    void eachKindOfTombstoneCountsOnceInTheScansMetrics(int k, long purged, String kind) {
        Dataset<Row> frame = read(Map.of()).where("k = " + k);
        frame.collectAsList();

        assertThat(ScanMetrics.of(List.of(frame.queryExecution())).get(ScanMetric.TOMBSTONES_PURGED.metricName()))
                .as(kind).isEqualTo(purged);
    }

    /**
     * The whole table: the partitions above plus the cell tombstones of k=14 and k=15, 12 in all;
     * the rows deleted, shadowed or expired are not rows read.
     */
    @Test
    void theScanCountsEveryTombstoneOfTheTable() {
        Dataset<Row> frame = read(Map.of());
        List<Row> rows = frame.collectAsList();

        Map<String, Long> metrics = ScanMetrics.of(List.of(frame.queryExecution()));
        assertThat(rows).hasSize(19);
        assertThat(metrics.get(ScanMetric.ROWS.metricName())).isEqualTo(19);
        assertThat(metrics.get(ScanMetric.TOMBSTONES_PURGED.metricName())).isEqualTo(12);
    }

    @Test
    void rowsOfTtlNotYetExpiredAtTheBackupTimeArePresent() {
        List<String> rows = SharedSpark.rows(SharedSpark.session().read().format("cassandra-backup")
                .options(S3.options())
                .option("backup", location.toString())
                .option("table", "ks.t")
                .option("consistency", "ONE")
                .load()
                .where("k = 12")
                .select("k", "c", "v", "n"));

        assertThat(rows).containsExactly("12|1|short|null", "12|2|long|7");
    }

    @Test
    void prunedColumnsAndMetadataColumnsDescribeTheCells() {
        Dataset<Row> frame = read(Map.of("rowWritetime", "true", "cellMetadata", "v,n"))
                .where("k in (3, 12)")
                .select("k", "c", "_row_writetime", "_writetime_v", "_ttl_v", "_expiry_v", "_writetime_n");
        List<Row> rows = frame.orderBy("k", "c").collectAsList();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getTimestamp(2)).isEqualTo(micros(20));
        assertThat(rows.get(0).getTimestamp(3)).isEqualTo(micros(20));
        assertThat(rows.get(1).getTimestamp(3)).isEqualTo(micros(30));
        assertThat(rows.get(0).isNullAt(4)).isTrue();
        Row ttlRow = rows.get(2);
        assertThat(ttlRow.getInt(1)).isEqualTo(2);
        assertThat(ttlRow.getTimestamp(2)).isEqualTo(micros(10));
        assertThat(ttlRow.getInt(4)).isBetween(1_000_000 - 1000 - 120, 1_000_000 - 1000);
        assertThat(ttlRow.getTimestamp(5).toInstant()).isAfter(reference.plusSeconds(990_000));
        assertThat(ttlRow.isNullAt(6)).isTrue();
    }

    @Test
    void partitionKeyFiltersArePushedDownAndReadNoOtherPartition() {
        Dataset<Row> frame = read(Map.of()).where("k IN (7, 11)").select("k", "c", "s");
        String plan = frame.queryExecution().executedPlan().toString();

        assertThat(plan).contains("partition keys [[7, 11]]");
        assertThat(SharedSpark.rows(frame)).containsExactlyInAnyOrder(
                "11|null|only-static", "7|1|null", "7|5|null", "7|6|null");
    }

    @Test
    void pushedDownKeysAreTheOnlyPartitionsTheSplitsRead() throws Exception {
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(options()), List.of(List.of(7, 11)));
        long partitions = 0;
        long rows = 0;
        Path work = Files.createTempDirectory("pushdown");
        for (ReadSplit split : plan.splits()) {
            try (SplitReader reader = new SplitReader(plan.withoutSplits(), split, plan.columns(), work)) {
                while (reader.hasNext()) {
                    reader.next();
                }
                partitions += reader.partitionsRead();
                rows += reader.rowsRead();
            }
        }

        assertThat(plan.splits()).allSatisfy(split -> assertThat(split.partitionKeys()).isNotEmpty());
        assertThat(plan.splits().stream().mapToInt(split -> split.partitionKeys().size()).sum()).isEqualTo(2);
        assertThat(partitions).isEqualTo(2);
        assertThat(rows).isEqualTo(4);
    }

    @Test
    void aReadAndItsAggregationPlanHaveNoShuffleOfTheScan() {
        Dataset<Row> frame = read(Map.of()).where("v IS NOT NULL").select("k", "v");
        String plan = frame.queryExecution().executedPlan().toString();

        assertThat(plan).contains("BatchScan").doesNotContain("Exchange");
        assertThat(frame.count()).isEqualTo(13);
    }

    private static java.sql.Timestamp micros(long micros) {
        java.sql.Timestamp ts = new java.sql.Timestamp(micros / 1000);
        ts.setNanos((int) (micros % 1_000_000) * 1000);
        return ts;
    }
}
