package io.movedata.testkit.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/** Three real nodes, every row on all three (RF 3): the ring, replicas in agreement, and a replica that missed a write. */
class CassandraNodeReplicasTest {
    @RegisterExtension
    static final CassandraClusterExtension CASSANDRA = new CassandraClusterExtension(CassandraCluster.builder()
            .nodes(3).racks("r1", "r2", "r3").numTokens(4));

    @BeforeAll
    static void table() {
        CqlSession session = CASSANDRA.session();
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}");
        // No speculative read of a second replica: a read at ONE shows the coordinator's own data.
        session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text) WITH speculative_retry = 'NONE'");
    }

    @Test
    void theRingHasThreeUpNodesWithDistinctTokensAndRacks() {
        List<String> addresses = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");
        Map<Long, String> ownTokens = new HashMap<>();
        for (CassandraNode node : CASSANDRA.cluster().nodes()) {
            assertThat(node.liveNodes()).as("live nodes seen by %s", node.address()).isEqualTo(addresses);
            node.tokens().forEach(token -> ownTokens.put(token, node.address()));
        }

        assertThat(ownTokens).hasSize(12);
        for (CassandraNode node : CASSANDRA.cluster().nodes()) {
            assertThat(node.tokenRing()).as("ring seen by %s", node.address()).isEqualTo(ownTokens);
        }
        assertThat(CASSANDRA.cluster().nodes().stream().map(CassandraNode::hostId).distinct()).hasSize(3);
        Map<String, String> peerRacks = new HashMap<>();
        for (Row peer : CASSANDRA.node(1).session().execute("SELECT peer, data_center, rack FROM system.peers_v2")) {
            assertThat(peer.getString("data_center")).isEqualTo("dc1");
            peerRacks.put(peer.getInetAddress("peer").getHostAddress(), peer.getString("rack"));
        }
        assertThat(peerRacks).isEqualTo(Map.of("127.0.0.2", "r2", "127.0.0.3", "r3"));
    }

    @Test
    void aWriteAtAllIsReadFromEachNodeAlone() {
        write(CASSANDRA.session(), DefaultConsistencyLevel.ALL, 1, "written at ALL");

        List<String> seen = new ArrayList<>();
        for (CassandraNode node : CASSANDRA.cluster().nodes()) {
            seen.add(read(node.session(), DefaultConsistencyLevel.ONE, 1));
        }
        assertThat(seen).containsExactly("written at ALL", "written at ALL", "written at ALL");
    }

    @Test
    void aReplicaThatWasDownMissesTheWriteUntilAReadAtAllRepairsIt() {
        CassandraNode third = CASSANDRA.node(3);
        third.stop();
        write(CASSANDRA.node(1).session(), DefaultConsistencyLevel.ONE, 2, "written while node 3 was down");
        third.start();

        // Without hints and repair node 3 never got the row; at ONE it answers from its own data.
        assertThat(read(third.session(), DefaultConsistencyLevel.ONE, 2)).isNull();
        assertThat(read(CASSANDRA.node(2).session(), DefaultConsistencyLevel.ONE, 2)).isEqualTo("written while node 3 was down");
        // At ALL node 3 sees the other replicas disagree, merges, and (blocking read repair) writes the row to itself.
        assertThat(read(third.session(), DefaultConsistencyLevel.ALL, 2)).isEqualTo("written while node 3 was down");
        assertThat(read(third.session(), DefaultConsistencyLevel.ONE, 2)).isEqualTo("written while node 3 was down");
    }

    private static void write(CqlSession session, ConsistencyLevel consistency, int k, String v) {
        session.execute(SimpleStatement.newInstance("INSERT INTO ks.t (k, v) VALUES (?, ?)", k, v).setConsistencyLevel(consistency));
    }

    /** v of row k, or null when the replicas read have no such row. */
    private static String read(CqlSession session, ConsistencyLevel consistency, int k) {
        Row row = session.execute(SimpleStatement.newInstance("SELECT v FROM ks.t WHERE k = ?", k).setConsistencyLevel(consistency)).one();
        return row == null ? null : row.getString("v");
    }
}
