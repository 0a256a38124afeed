package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.dht.Token;
import org.apache.cassandra.locator.AbstractNetworkTopologySnitch;
import org.apache.cassandra.locator.AbstractReplicationStrategy;
import org.apache.cassandra.locator.InetAddressAndPort;
import org.apache.cassandra.locator.NetworkTopologyStrategy;
import org.apache.cassandra.locator.Replica;
import org.apache.cassandra.locator.SimpleStrategy;
import org.apache.cassandra.locator.TokenMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.junit.jupiter.api.Test;

/**
 * Every partition lands on exactly the replicas Cassandra's own replication strategies choose for
 * its token, checked by reading each node's SSTables back.
 */
class FixtureClusterPlacementTest {

    @Test
    void simpleStrategyRf2OnThreeNodes() throws Exception {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};"
                        + "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))")
                .nodes(3)
                .build()) {
            assertThat(cluster.nodeNames()).containsExactly("node1.fixture.local", "node2.fixture.local", "node3.fixture.local");
            assertThat(cluster.nodes()).extracting(FixtureNode::tokens).containsExactly(
                    List.of(Long.MIN_VALUE), List.of(-3074457345618258603L), List.of(3074457345618258602L));
            int partitions = 300;
            for (int k = 0; k < partitions; k++) {
                for (int c = 0; c < 3; c++) {
                    cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP ?", k, c, "v" + k + "/" + c, 100L);
                }
            }
            cluster.flush();

            Map<String, Set<Integer>> expected = expectedOwners(cluster, "ks", partitions,
                    tm -> new SimpleStrategy("ks", tm, snitch(cluster), Map.of("replication_factor", "2")));
            Map<String, Set<Integer>> actual = actualOwners(cluster, "ks", "t");
            assertThat(actual).isEqualTo(expected);
            assertThat(expected.values()).allSatisfy(keys -> assertThat(keys).isNotEmpty());
            for (int k = 0; k < partitions; k++) {
                int key = k;
                assertThat(actual.values().stream().filter(s -> s.contains(key)).count()).as("copies of partition %d", k).isEqualTo(2);
                assertThat(cluster.replicasOf("ks.t", k)).hasSize(2)
                        .allSatisfy(node -> assertThat(actual.get(node)).contains(key));
            }
        }
    }

    @Test
    void networkTopologyWithRacksAndVnodes() throws Exception {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2};"
                        + "CREATE TABLE ks.t (k int PRIMARY KEY, v int)")
                .nodes(5, "dc1", "r1", "r2", "r3")
                .nodes(3, "dc2", "r1", "r1", "r2")
                .vnodes(8)
                .seed(7)
                .build()) {
            assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.tokens()).hasSize(8));
            int partitions = 400;
            for (int k = 0; k < partitions; k++) {
                cluster.execute("INSERT INTO ks.t (k, v) VALUES (?, ?)", k, k * 10);
            }
            cluster.flush();
            Map<String, Set<Integer>> expected = expectedOwners(cluster, "ks", partitions,
                    tm -> new NetworkTopologyStrategy("ks", tm, snitch(cluster), Map.of("dc1", "3", "dc2", "2")));
            assertThat(actualOwners(cluster, "ks", "t")).isEqualTo(expected);
            for (int k = 0; k < partitions; k++) {
                assertThat(cluster.replicasOf("ks.t", k)).hasSize(5);
            }
        }
        // same seed, same ring
        List<FixtureNode> a = ring(7);
        assertThat(ring(7)).isEqualTo(a);
        assertThat(ring(8)).isNotEqualTo(a);
    }

    private static List<FixtureNode> ring(long seed) {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .nodes(3).vnodes(4).seed(seed).build()) {
            return cluster.nodes();
        }
    }

    @Test
    void tokenOfMatchesTheKeysInTheSSTables() {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"
                        + "CREATE TABLE ks.composite (a text, b bigint, c int, v int, PRIMARY KEY ((a, b), c))")
                .node("only.example", "dc1", "r1", List.of(0L))
                .build()) {
            for (int i = 0; i < 20; i++) {
                cluster.execute("INSERT INTO ks.composite (a, b, c, v) VALUES (?, ?, ?, ?)", "a" + i, (long) i, 1, i);
            }
            cluster.flush();
            TableMetadata metadata = cluster.tableMetadata("ks", "composite");
            Set<Long> tokens = new TreeSet<>();
            SSTableScan.forEachPartition(cluster.tableDirectory("only.example", "ks", "composite"), metadata,
                    p -> tokens.add((Long) p.partitionKey().getToken().getTokenValue()));
            Set<Long> computed = new TreeSet<>();
            for (int i = 0; i < 20; i++) {
                computed.add(cluster.tokenOf("ks.composite", "a" + i, (long) i));
            }
            assertThat(computed).isEqualTo(tokens).hasSize(20);
            assertThat(cluster.replicasOf("ks.composite", "a1", 1L)).containsExactly("only.example");
        }
    }

    @Test
    void executeOnWritesOnlyToTheChosenReplicas() {
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};"
                        + "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))")
                .nodes(3)
                .build()) {
            List<String> replicas = cluster.replicasOf("ks.t", 42);
            assertThat(replicas).hasSize(2);
            String chosen = replicas.get(1);
            String other = replicas.get(0);
            String notAReplica = cluster.nodeNames().stream().filter(n -> !replicas.contains(n)).findFirst().orElseThrow();

            cluster.executeOn(List.of(chosen), "UPDATE ks.t USING TIMESTAMP ? SET v = ? WHERE k = ? AND c = ?", 5L, "only-one", 42, 1);
            cluster.flush();
            Map<String, Set<Integer>> owners = actualOwners(cluster, "ks", "t");
            assertThat(owners.get(chosen)).containsExactly(42);
            assertThat(owners.get(other)).isEmpty();
            assertThat(owners.get(notAReplica)).isEmpty();

            assertThatThrownBy(() -> cluster.executeOn(List.of(notAReplica), "INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 42, 2, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(notAReplica).hasMessageContaining("not a replica");
            assertThatThrownBy(() -> cluster.executeOn(List.of("nobody.example"), "INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 42, 2, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody.example");
        }
    }

    /** Owners of partitions 0..n-1 by Cassandra's own strategy over a TokenMetadata of the fixture ring. */
    private static Map<String, Set<Integer>> expectedOwners(FixtureCluster cluster, String keyspace, int partitions,
                                                           java.util.function.Function<TokenMetadata, AbstractReplicationStrategy> strategy)
            throws UnknownHostException {
        Map<InetAddressAndPort, String> names = new HashMap<>();
        TokenMetadata tm = new TokenMetadata(snitch(cluster));
        int i = 1;
        for (FixtureNode node : cluster.nodes()) {
            InetAddressAndPort address = address(i++);
            names.put(address, node.fqdn());
            List<Token> tokens = new ArrayList<>();
            node.tokens().forEach(t -> tokens.add(new Murmur3Partitioner.LongToken(t)));
            tm.updateNormalTokens(tokens, address);
        }
        AbstractReplicationStrategy replication = strategy.apply(tm);
        Map<String, Set<Integer>> owners = new HashMap<>();
        cluster.nodeNames().forEach(n -> owners.put(n, new TreeSet<>()));
        for (int k = 0; k < partitions; k++) {
            Token token = Murmur3Partitioner.instance.getToken(Int32Type.instance.decompose(k));
            for (Replica replica : replication.calculateNaturalReplicas(token, tm)) {
                owners.get(names.get(replica.endpoint())).add(k);
            }
        }
        return owners;
    }

    private static Map<String, Set<Integer>> actualOwners(FixtureCluster cluster, String keyspace, String table) {
        TableMetadata metadata = cluster.tableMetadata(keyspace, table);
        Map<String, Set<Integer>> owners = new HashMap<>();
        for (String node : cluster.nodeNames()) {
            Set<Integer> keys = new TreeSet<>();
            List<ByteBuffer> raw = SSTableScan.partitionKeys(cluster.tableDirectory(node, keyspace, table), metadata);
            raw.forEach(b -> keys.add(Int32Type.instance.compose(b)));
            assertThat(new HashSet<>(raw)).as("partitions of %s appear once per SSTable", node).hasSize(raw.size());
            owners.put(node, keys);
        }
        return owners;
    }

    private static InetAddressAndPort address(int i) throws UnknownHostException {
        return InetAddressAndPort.getByAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
    }

    /** A snitch that knows the fixture's datacenters and racks by address (127.0.0.<i>). */
    private static AbstractNetworkTopologySnitch snitch(FixtureCluster cluster) {
        List<FixtureNode> nodes = cluster.nodes();
        return new AbstractNetworkTopologySnitch() {
            @Override
            public String getRack(InetAddressAndPort endpoint) {
                return nodes.get((endpoint.getAddress().getAddress()[3] & 0xff) - 1).rack();
            }

            @Override
            public String getDatacenter(InetAddressAndPort endpoint) {
                return nodes.get((endpoint.getAddress().getAddress()[3] & 0xff) - 1).datacenter();
            }
        };
    }
}
