package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Three nodes, RF=3, replicas that disagree: ALL merges every replica, QUORUM two, ONE one per
 * token range; a missing node backup fails ALL by name and leaves ONE and QUORUM readable.
 */
class ConsistencyTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("consistency");

    private static final int PARTITIONS = 60;
    private static final String NODE1 = "node1.fixture.local";
    private static final String NODE2 = "node2.fixture.local";
    private static final String NODE3 = "node3.fixture.local";

    private static FixtureCluster cluster;
    private static StoreLocation location;

    @BeforeAll
    static void writeBackups() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                        CREATE TABLE ks.kv (k int PRIMARY KEY, v text);
                        """)
                .nodes(3)
                .build();
        for (int k = 0; k < PARTITIONS; k++) {
            cluster.execute("INSERT INTO ks.kv (k, v) VALUES (?, 'base') USING TIMESTAMP 10", k);
        }
        cluster.flush();
        for (int k = 0; k < PARTITIONS; k++) {
            if (k % 3 == 0) {
                // a newer write only node1 received
                cluster.executeOn(List.of(NODE1), "INSERT INTO ks.kv (k, v) VALUES (?, 'node1') USING TIMESTAMP 20", k);
            }
            if (k % 4 == 0) {
                // a deletion only node2 received, newer than everything
                cluster.executeOn(List.of(NODE2), "DELETE FROM ks.kv USING TIMESTAMP 30 WHERE k = ?", k);
            }
        }
        location = S3.location("consistency", "prod");
        try (ObjectStore store = S3.openStore("consistency")) {
            cluster.backup(store, location, "complete", BackupMode.DIFFERENTIAL);
            cluster.backup(store, location, "without-node3", BackupMode.DIFFERENTIAL, BackupOptions.defaults().skipNodes(NODE3));
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    /** What a read merging the given replicas returns for partition k. */
    private static String expected(int k, Set<String> replicas) {
        if (k % 4 == 0 && replicas.contains(NODE2)) {
            return null;
        }
        return k + "|" + (k % 3 == 0 && replicas.contains(NODE1) ? "node1" : "base");
    }

    private static Map<String, String> options(String backup, String consistency) {
        return SharedSpark.backupOptions(S3, location, "ks.kv", "name", backup, "consistency", consistency, "splitSizeMB", "1");
    }

    private static List<String> read(String backup, String consistency) {
        Dataset<Row> frame = SharedSpark.session().read().format("cassandra-backup").options(options(backup, consistency)).load();
        return SharedSpark.rows(frame.select("k", "v"));
    }

    /** The expected rows given the replicas the plan chose for each token range. */
    private static List<String> expectedFromPlan(String backup, String consistency) {
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(options(backup, consistency)), null);
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < PARTITIONS; k++) {
            long token = cluster.tokenOf("ks.kv", k);
            List<ReadSplit> owning = plan.splits().stream().filter(s -> s.range().contains(token)).toList();
            assertThat(owning).as("splits holding token of k=%d", k).hasSize(1);
            String row = expected(k, Set.copyOf(owning.get(0).replicas()));
            if (row != null) {
                rows.add(row);
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void allMergesEveryReplica() {
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < PARTITIONS; k++) {
            String row = expected(k, Set.of(NODE1, NODE2, NODE3));
            if (row != null) {
                expected.add(row);
            }
        }
        expected.sort(null);

        assertThat(read("complete", "ALL")).isEqualTo(expected);
    }

    @Test
    void oneReadsExactlyOneReplicaPerRangeAndSpreadsTheRanges() {
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(options("complete", "ONE")), null);

        assertThat(plan.splits()).allSatisfy(s -> assertThat(s.replicas()).hasSize(1));
        assertThat(plan.splits().stream().map(s -> s.replicas().get(0)).distinct()).hasSize(3);
        assertThat(read("complete", "ONE")).isEqualTo(expectedFromPlan("complete", "ONE"));
    }

    @Test
    void quorumReadsTwoReplicasPerRange() {
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(options("complete", "QUORUM")), null);

        assertThat(plan.splits()).allSatisfy(s -> assertThat(s.replicas()).hasSize(2).doesNotHaveDuplicates());
        assertThat(read("complete", "QUORUM")).isEqualTo(expectedFromPlan("complete", "QUORUM"));
    }

    @Test
    void allFailsNamingTheMissingNode() {
        assertThatThrownBy(() -> read("without-node3", "ALL"))
                .hasMessageContaining("consistency ALL")
                .hasMessageContaining(NODE3)
                .hasMessageContaining("without-node3");
    }

    @Test
    void oneAndQuorumStillReadWithoutTheMissingNode() {
        List<String> quorum = read("without-node3", "QUORUM");
        List<String> expectedQuorum = new ArrayList<>();
        for (int k = 0; k < PARTITIONS; k++) {
            String row = expected(k, Set.of(NODE1, NODE2));
            if (row != null) {
                expectedQuorum.add(row);
            }
        }
        expectedQuorum.sort(null);

        assertThat(quorum).isEqualTo(expectedQuorum);
        assertThat(read("without-node3", "ONE")).isEqualTo(expectedFromPlan("without-node3", "ONE"));
        assertThat(ReadPlanner.plan(ReadOptions.parse(options("without-node3", "ONE")), null).splits())
                .allSatisfy(s -> assertThat(s.replicas()).doesNotContain(NODE3));
    }
}
