package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * A split fetches from S3 only the parts of each Data.db its token range occupies, so reading a
 * table in many splits costs about one copy of its bytes, not one per split, with exact rows.
 */
class PartialFetchTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("partial");

    private static final int PARTITIONS = 400;
    private static final int ROWS_PER_PARTITION = 20;
    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static long expectedLengthSum;

    @BeforeAll
    static void writeBackup() {
        cluster = CompressedAndPlainTables.cluster();
        Random random = new Random(7);
        for (int generation = 0; generation < 2; generation++) {
            for (int k = 0; k < PARTITIONS; k++) {
                for (int c = generation; c < ROWS_PER_PARTITION; c += 2) {
                    String value = CompressedAndPlainTables.randomText(random, 200 + random.nextInt(400));
                    expectedLengthSum += value.length();
                    CompressedAndPlainTables.insert(cluster, k, c, value);
                }
            }
            cluster.flush();
        }
        location = S3.location("partial", "");
        try (ObjectStore store = S3.openStore("partial")) {
            cluster.backup(store, location, "b1", BackupMode.DIFFERENTIAL);
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static Map<String, String> options(String table) {
        return SharedSpark.backupOptions(S3, location, "ks." + table, "splitSizeMB", "1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"compressed", "plain"})
    void manySplitsFetchAboutOneCopyOfTheDataAndReadExactRows(String table) throws Exception {
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(options(table)), null);
        long componentBytes = 0;
        long dataBytes = 0;
        for (SSTableFiles sstable : plan.splits().get(0).sstables()) {
            dataBytes += sstable.dataSize();
            componentBytes += sstable.components().values().stream().mapToLong(o -> o.size()).sum();
        }
        long fetched = 0;
        long rows = 0;
        Path work = Files.createTempDirectory("partial-fetch");
        for (ReadSplit split : plan.splits()) {
            assertThat(split.sstables()).hasSize(2);
            try (SplitReader reader = new SplitReader(plan.withoutSplits(), split, plan.columns(), work)) {
                while (reader.hasNext()) {
                    reader.next();
                    rows++;
                }
                fetched += reader.bytesFetched();
            }
        }
        long otherComponents = (componentBytes - dataBytes) * plan.splits().size();

        assertThat(plan.splits()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rows).isEqualTo((long) PARTITIONS * ROWS_PER_PARTITION);
        // Every split needs its chunks of both Data.db files; together about one copy of them.
        assertThat(fetched - otherComponents).isBetween(dataBytes, dataBytes + plan.splits().size() * 2L * 2 * 64 * 1024);

        List<Row> totals = SharedSpark.session().read().format("cassandra-backup").options(options(table)).load()
                .selectExpr("count(*)", "count(distinct k)", "sum(length(v))").collectAsList();
        assertThat(totals.get(0).getLong(0)).isEqualTo((long) PARTITIONS * ROWS_PER_PARTITION);
        assertThat(totals.get(0).getLong(1)).isEqualTo(PARTITIONS);
        assertThat(totals.get(0).getLong(2)).isEqualTo(expectedLengthSum);
    }
}
