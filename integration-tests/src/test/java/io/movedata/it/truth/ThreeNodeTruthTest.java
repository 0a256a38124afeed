package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.Dataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * Three real nodes, RF=3, replicas that disagree: node 3 is down for part of the workload (no
 * hints, no repair), and each node is backed up at a different moment. A movement at ALL equals
 * {@code SELECT *} at CONSISTENCY ALL; at ONE it reads one replica per token range, the report says
 * which, and every partition read from an up-to-date replica equals the truth.
 */
class ThreeNodeTruthTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("three");

    @TempDir
    static Path work;

    private static CassandraCluster cluster;
    private static StoreLocation location;
    private static TruthHarness harness;
    private static List<Row> atAll;
    private static Map<String, Long> tokenOfPartition;

    @BeforeAll
    static void divergeAndBackUp() throws Exception {
        cluster = CassandraCluster.builder().nodes(3).directory(work.resolve("cluster")).hintedHandoff(false).start();
        Workload.createSchema(cluster.session(), 3);
        new Workload(cluster.session(), 11, ConsistencyLevel.ALL).run(400, 200, ThreeNodeTruthTest::flushRunning);
        CassandraNode node3 = cluster.node(3);
        node3.stop();
        new Workload(cluster.node(1).session(), 12, ConsistencyLevel.ONE).run(400, 200, ThreeNodeTruthTest::flushRunning);
        node3.start();
        Thread.sleep(1500); // the workloads' 1 s TTLs have run out before any snapshot

        location = S3.location("three", "cluster");
        harness = new TruthHarness(S3, work, "truth_three");
        for (CassandraNode node : cluster.nodes()) {
            harness.backup(node, location, "nightly");
            Thread.sleep(1100); // the node backups of one cluster backup start seconds apart
        }
        // After every snapshot: the read repair ALL may trigger cannot reach the backups.
        atAll = CqlRows.selectAll(cluster.session(), Workload.TABLE, ConsistencyLevel.ALL);
        tokenOfPartition = new HashMap<>();
        for (Row row : cluster.session().execute("SELECT tenant, bucket, token(tenant, bucket) FROM " + Workload.TABLE)) {
            tokenOfPartition.put(row.getString(0) + "/" + row.getInt(1), row.getLong(2));
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void flushRunning() {
        for (CassandraNode node : cluster.nodes()) {
            if (node.isRunning()) {
                node.flush(Workload.KEYSPACE);
            }
        }
    }

    @Test
    void movementAtAllEqualsSelectStarAtAll() throws Exception {
        harness.move(location, "nightly", "ALL", "three_all");
        String moved = harness.moved("three_all");

        TruthHarness.Run validate = harness.validate(harness.selectedInto(atAll, moved, "three_all"), moved);

        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(atAll).hasSizeGreaterThan(50);
    }

    @Test
    void movementAtOneReadsOneReplicaPerRangeAndSaysWhich() throws Exception {
        TruthHarness.Run run = harness.move(location, "nightly", "ONE", "three_one");
        String moved = harness.moved("three_one");
        Dataset<org.apache.spark.sql.Row> truth = SharedSpark.session().table(harness.selectedInto(atAll, moved, "three_one"));
        MovementReport report = TruthHarness.report(run);

        Pattern selection = Pattern.compile("\\((-?\\d+), (-?\\d+)] <- \\[([^,\\]]+)]");
        TreeMap<Long, String[]> ranges = new TreeMap<>();
        for (String line : report.read().replicaSelection()) {
            Matcher m = selection.matcher(line);
            assertThat(m.matches()).as("one replica for range %s", line).isTrue();
            ranges.put(Long.parseLong(m.group(2)), new String[] {m.group(1), m.group(3)});
        }
        assertThat(ranges.values()).extracting(r -> r[1]).allMatch(node -> node.startsWith("127.0.0."));

        String stale = cluster.node(3).address();
        List<String> upToDate = new ArrayList<>();
        List<String> fromStale = new ArrayList<>();
        for (Map.Entry<String, Long> partition : tokenOfPartition.entrySet()) {
            (replicaOf(ranges, partition.getValue()).equals(stale) ? fromStale : upToDate).add(partition.getKey());
        }
        assertThat(upToDate).as("partitions read from node 1 or 2").isNotEmpty();
        assertThat(fromStale).as("partitions read from node 3, which missed writes (ranges rotate over replicas)")
                .isNotEmpty();
        assertThat(SharedSpark.rows(SharedSpark.session().table(moved).where(inPartitions(upToDate))))
                .isEqualTo(SharedSpark.rows(truth.where(inPartitions(upToDate))));
        // One replica, not a merge: what node 3 missed is missing from its ranges.
        assertThat(SharedSpark.rows(SharedSpark.session().table(moved).where(inPartitions(fromStale))))
                .isNotEqualTo(SharedSpark.rows(truth.where(inPartitions(fromStale))));
    }

    private static String inPartitions(List<String> partitions) {
        return "concat(tenant, '/', cast(bucket as string)) in ('" + String.join("', '", partitions) + "')";
    }

    /** The replica the plan chose for the range holding {@code token}, ranges keyed by their upper bound. */
    private static String replicaOf(TreeMap<Long, String[]> ranges, long token) {
        Map.Entry<Long, String[]> ceiling = ranges.ceilingEntry(token);
        for (Map.Entry<Long, String[]> range : ceiling == null ? ranges.entrySet() : List.of(ceiling)) {
            long start = Long.parseLong(range.getValue()[0]);
            long end = range.getKey();
            boolean inside = start < end ? token > start && token <= end : token > start || token <= end;
            if (inside) {
                return range.getValue()[1];
            }
        }
        throw new AssertionError("No planned range holds token " + BigInteger.valueOf(token));
    }
}
