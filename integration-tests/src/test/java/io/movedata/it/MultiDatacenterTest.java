package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.FixtureNode;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Two datacenters with racks and vnodes under NetworkTopologyStrategy: local levels read only the
 * local datacenter's replicas, and a write that reached only the other datacenter stays there.
 */
class MultiDatacenterTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("multi-dc");

    private static final int PARTITIONS = 200;
    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static List<String> dc2Nodes;

    @BeforeAll
    static void writeBackup() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2};
                        CREATE TABLE ks.kv (k int PRIMARY KEY, v text);
                        """)
                .nodes(4, "dc1", "r1", "r2", "r3")
                .nodes(3, "dc2", "r1", "r2")
                .vnodes(8)
                .build();
        dc2Nodes = cluster.nodes().stream().filter(n -> n.datacenter().equals("dc2")).map(FixtureNode::fqdn).toList();
        for (int k = 0; k < PARTITIONS; k++) {
            cluster.execute("INSERT INTO ks.kv (k, v) VALUES (?, 'everywhere') USING TIMESTAMP 10", k);
        }
        for (int k = 0; k < PARTITIONS; k += 5) {
            List<String> dc2Replicas = cluster.replicasOf("ks.kv", k).stream().filter(dc2Nodes::contains).toList();
            cluster.executeOn(dc2Replicas, "INSERT INTO ks.kv (k, v) VALUES (?, 'dc2-only') USING TIMESTAMP 20", k);
        }
        location = S3.location("multi-dc", "");
        try (ObjectStore store = S3.openStore("multi-dc")) {
            cluster.backup(store, location, "b1", BackupMode.DIFFERENTIAL);
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static Map<String, String> options(String consistency, String datacenter) {
        Map<String, String> options = SharedSpark.backupOptions(S3, location, "ks.kv", "consistency", consistency);
        if (datacenter != null) {
            options.put("datacenter", datacenter);
        }
        return options;
    }

    private static List<String> expected(boolean seesDc2Writes) {
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < PARTITIONS; k++) {
            rows.add(k + "|" + (seesDc2Writes && k % 5 == 0 ? "dc2-only" : "everywhere"));
        }
        rows.sort(null);
        return rows;
    }

    private static List<String> read(String consistency, String datacenter) {
        return SharedSpark.rows(SharedSpark.session().read().format("cassandra-backup")
                .options(options(consistency, datacenter)).load().select("k", "v"));
    }

    @Test
    void localQuorumReadsTwoReplicasOfTheLocalDatacenterOnly() {
        ReadPlan plan = ReadPlanner.plan(ReadOptions.parse(options("LOCAL_QUORUM", "dc1")), null);

        assertThat(plan.splits()).hasSizeGreaterThanOrEqualTo(7 * 8);
        assertThat(plan.splits()).allSatisfy(s -> assertThat(s.replicas()).hasSize(2).noneMatch(dc2Nodes::contains));
        assertThat(read("LOCAL_QUORUM", "dc1")).isEqualTo(expected(false));
    }

    @Test
    void localOneInTheOtherDatacenterSeesItsOwnWrites() {
        assertThat(read("LOCAL_ONE", "dc2")).isEqualTo(expected(true));
    }

    @Test
    void allMergesBothDatacenters() {
        assertThat(read("ALL", null)).isEqualTo(expected(true));
    }

    @Test
    void localLevelsNeedADatacenterWhenThereAreSeveral() {
        assertThatThrownBy(() -> read("LOCAL_QUORUM", null))
                .hasStackTraceContaining("needs a local datacenter (option 'datacenter'); the ring has [dc1, dc2]");
    }
}
