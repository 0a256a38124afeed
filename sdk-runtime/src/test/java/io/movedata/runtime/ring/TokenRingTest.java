package io.movedata.runtime.ring;

import static java.lang.Long.MAX_VALUE;
import static java.lang.Long.MIN_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRingTest {

    private static List<String> names(List<RingNode> nodes) {
        return nodes.stream().map(RingNode::name).toList();
    }

    @Test
    void rangesCoverTheRingIncludingTheWrapAround() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("c", "dc1", "r1", 100),
                RingNode.of("a", "dc1", "r1", -100),
                RingNode.of("b", "dc1", "r1", 0)));

        assertThat(ring.ranges()).containsExactly(
                new TokenRange(-100, 0), new TokenRange(0, 100), new TokenRange(100, -100));
        assertThat(ring.sortedTokens()).containsExactly(-100, 0, 100);
    }

    @Test
    void primaryOwnerIsTheNodeOfTheRangesEndToken() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", -100),
                RingNode.of("b", "dc1", "r1", 0),
                RingNode.of("c", "dc1", "r1", 100)));

        assertThat(ring.primaryOwnerOf(0).name()).isEqualTo("b");
        assertThat(ring.primaryOwnerOf(-99).name()).isEqualTo("b");
        assertThat(ring.primaryOwnerOf(1).name()).isEqualTo("c");
        assertThat(ring.primaryOwnerOf(101).name()).isEqualTo("a");
        assertThat(ring.primaryOwnerOf(MAX_VALUE).name()).isEqualTo("a");
        assertThat(ring.primaryOwnerOf(MIN_VALUE + 1).name()).isEqualTo("a");
        assertThat(ring.primaryOwnerOf(-100).name()).isEqualTo("a");
        assertThat(ring.primaryRangeOf(MAX_VALUE)).isEqualTo(new TokenRange(100, -100));
        assertThat(ring.primaryRangeOf(50)).isEqualTo(new TokenRange(0, 100));
    }

    @Test
    void aSingleTokenOwnsTheWholeRing() {
        TokenRing ring = new TokenRing(List.of(RingNode.of("solo", "dc1", "r1", 42)));

        assertThat(ring.ranges()).containsExactly(new TokenRange(42, 42));
        assertThat(ring.primaryRangeOf(-5)).isEqualTo(new TokenRange(42, 42));
        assertThat(names(ring.replicasFor(new TokenRange(42, 42), Replication.simple(3)))).containsExactly("solo");
    }

    @Test
    void aSingleNodeWithVnodesOwnsEveryRange() {
        TokenRing ring = new TokenRing(List.of(RingNode.of("solo", "dc1", "r1", 30, -10, 20)));

        assertThat(ring.ranges()).containsExactly(
                new TokenRange(-10, 20), new TokenRange(20, 30), new TokenRange(30, -10));
        for (TokenRange range : ring.ranges()) {
            assertThat(names(ring.replicasFor(range, Replication.simple(3)))).containsExactly("solo");
        }
    }

    @Test
    void duplicateTokensAreRefusedNamingBothNodes() {
        assertThatThrownBy(() -> new TokenRing(List.of(
                RingNode.of("alpha", "dc1", "r1", 1, 5),
                RingNode.of("beta", "dc1", "r1", 9, 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha")
                .hasMessageContaining("beta")
                .hasMessageContaining("5");
    }

    @Test
    void malformedLayoutsAreRefused() {
        assertThatThrownBy(() -> new TokenRing(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", 1), RingNode.of("a", "dc1", "r1", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a");
        assertThatThrownBy(() -> new TokenRing(List.of(RingNode.of("idle", "dc1", "r1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idle");
    }

    /** Tokens 0:a 10:b 20:a 30:c 40:b, all one rack. */
    private static TokenRing vnodeRing() {
        return new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", 0, 20),
                RingNode.of("b", "dc1", "r1", 10, 40),
                RingNode.of("c", "dc1", "r1", 30)));
    }

    @Test
    void simpleStrategyWalksClockwiseFromTheEndTokenSkippingNodesAlreadyTaken() {
        TokenRing ring = vnodeRing();
        Replication rf2 = Replication.simple(2);

        assertThat(names(ring.replicasFor(new TokenRange(40, 0), rf2))).containsExactly("a", "b");
        assertThat(names(ring.replicasFor(new TokenRange(10, 20), rf2))).containsExactly("a", "c");
        assertThat(names(ring.replicasFor(new TokenRange(30, 40), rf2))).containsExactly("b", "a");
        assertThat(names(ring.replicasFor(new TokenRange(0, 10), Replication.simple(3))))
                .containsExactly("b", "a", "c");
        assertThat(names(ring.replicasFor(new TokenRange(20, 30), Replication.simple(3))))
                .containsExactly("c", "b", "a");
    }

    @Test
    void simpleStrategyWithMoreReplicasThanNodesTakesEveryNode() {
        TokenRing ring = vnodeRing();

        assertThat(names(ring.replicasFor(new TokenRange(30, 40), Replication.simple(5))))
                .containsExactly("b", "a", "c");
        assertThat(ring.replicaCount(Replication.simple(5))).isEqualTo(3);
        assertThat(ring.replicasFor(new TokenRange(30, 40), Replication.simple(0))).isEmpty();
    }

    @Test
    void aPieceOfAPrimaryRangeHasThePrimaryRangesReplicas() {
        TokenRing ring = vnodeRing();

        assertThat(names(ring.replicasFor(new TokenRange(40, 45), Replication.simple(2))))
                .containsExactly("a", "b");
        assertThat(names(ring.replicasFor(new TokenRange(MAX_VALUE - 3, MIN_VALUE), Replication.simple(2))))
                .containsExactly("a", "b");
        assertThat(names(ring.replicasFor(new TokenRange(12, 15), Replication.simple(2))))
                .containsExactly("a", "c");
    }

    @Test
    void aRangeSpanningTwoPrimaryRangesIsRefused() {
        assertThatThrownBy(() -> vnodeRing().replicasFor(new TokenRange(5, 15), Replication.simple(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(5, 15]")
                .hasMessageContaining("(10, 20]");
        assertThatThrownBy(() -> vnodeRing().replicasFor(new TokenRange(0, 0), Replication.simple(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * dc1 has racks r1, r2, r3; dc2 has racks rA, rB.
     * 0:a1(dc1,r1) 10:x1(dc2,rA) 20:a2(dc1,r1) 30:b1(dc1,r2) 40:x2(dc2,rA) 50:y1(dc2,rB) 60:c1(dc1,r3)
     */
    private static TokenRing twoDatacenterRing() {
        return new TokenRing(List.of(
                RingNode.of("a1", "dc1", "r1", 0),
                RingNode.of("x1", "dc2", "rA", 10),
                RingNode.of("a2", "dc1", "r1", 20),
                RingNode.of("b1", "dc1", "r2", 30),
                RingNode.of("x2", "dc2", "rA", 40),
                RingNode.of("y1", "dc2", "rB", 50),
                RingNode.of("c1", "dc1", "r3", 60)));
    }

    @Test
    void networkTopologyPrefersDistinctRacksInEachDatacenter() {
        TokenRing ring = twoDatacenterRing();
        Replication nts = Replication.networkTopology(Map.of("dc1", 3, "dc2", 2));

        // from 0: a1 (r1), x1 (rA), a2 skipped (r1 used, dc1 has 3 racks for 3 replicas), b1 (r2),
        // x2 skipped (rA used), y1 (rB, dc2 done), c1 (r3, dc1 done)
        assertThat(names(ring.replicasFor(new TokenRange(60, 0), nts)))
                .containsExactly("a1", "x1", "b1", "y1", "c1");
        // from 20: a2 (r1), b1 (r2), x2 (rA), y1 (rB, dc2 done), c1 (r3, dc1 done)
        assertThat(names(ring.replicasFor(new TokenRange(10, 20), nts)))
                .containsExactly("a2", "b1", "x2", "y1", "c1");
        // from 40: x2, y1 (dc2 done), c1 (r3), a1 (r1), x1 ignored, a2 skipped (r1 used), b1 (r2)
        assertThat(names(ring.replicasFor(new TokenRange(30, 40), nts)))
                .containsExactly("x2", "y1", "c1", "a1", "b1");
        assertThat(ring.replicaCount(nts)).isEqualTo(5);
    }

    @Test
    void networkTopologyLeavesOutDatacentersNotListed() {
        TokenRing ring = twoDatacenterRing();
        Replication dc1Only = Replication.fromCql(Map.of("class", "NetworkTopologyStrategy", "dc1", "2"));

        // from 10: x1 ignored, a2 (r1), b1 (r2, done)
        assertThat(names(ring.replicasFor(new TokenRange(0, 10), dc1Only))).containsExactly("a2", "b1");
        assertThat(ring.replicaCount(dc1Only)).isEqualTo(2);
        assertThat(ring.replicasFor(new TokenRange(0, 10),
                Replication.networkTopology(Map.of("elsewhere", 3)))).isEmpty();
    }

    @Test
    void networkTopologyWithMoreReplicasThanADatacentersNodesTakesAllOfThem() {
        TokenRing ring = twoDatacenterRing();
        Replication nts = Replication.networkTopology(Map.of("dc1", 3, "dc2", 5));

        // dc2 has 3 nodes on 2 racks: x1 (rA), x2 (rA, a repeat allowed since 5 > 2 racks), y1 (rB)
        assertThat(names(ring.replicasFor(new TokenRange(0, 10), nts)))
                .containsExactly("x1", "a2", "b1", "x2", "y1", "c1");
        assertThat(ring.replicaCount(nts)).isEqualTo(6);
    }

    @Test
    void networkTopologyReplicationFactorShorthandCoversEveryDatacenter() {
        TokenRing ring = twoDatacenterRing();
        Replication everywhere = Replication.fromCql(Map.of(
                "class", "NetworkTopologyStrategy", "replication_factor", "1"));

        assertThat(names(ring.replicasFor(new TokenRange(30, 40), everywhere))).containsExactly("x2", "c1");
    }

    /** One datacenter, 2 racks: 0:p(r1) 10:q(r1) 20:s(r1) 30:t(r2). */
    private static TokenRing twoRackRing() {
        return new TokenRing(List.of(
                RingNode.of("p", "dc1", "r1", 0),
                RingNode.of("q", "dc1", "r1", 10),
                RingNode.of("s", "dc1", "r1", 20),
                RingNode.of("t", "dc1", "r2", 30)));
    }

    @Test
    void withFewerRacksThanReplicasTheFirstRackRepeatsInWalkOrderFillIn() {
        TokenRing ring = twoRackRing();
        Replication rf3 = Replication.networkTopology(Map.of("dc1", 3));

        // RF 3 on 2 racks allows one repeat: p (r1), q (r1, the repeat), s refused (no repeat left), t (r2).
        // The set is what Cassandra 3.x also picks; the order is Cassandra 4.0+'s (3.x gave p, t, q).
        assertThat(names(ring.replicasFor(new TokenRange(30, 0), rf3))).containsExactly("p", "q", "t");
        assertThat(names(ring.replicasFor(new TokenRange(20, 30), rf3))).containsExactly("t", "p", "q");
        assertThat(names(ring.replicasFor(new TokenRange(0, 10), rf3))).containsExactly("q", "s", "t");
        // RF 2 on 2 racks: no repeat, so the walk passes the other r1 nodes to reach t
        assertThat(names(ring.replicasFor(new TokenRange(30, 0),
                Replication.networkTopology(Map.of("dc1", 2))))).containsExactly("p", "t");
    }

    @Test
    void networkTopologyOnASingleRackBehavesLikeSimpleStrategy() {
        TokenRing ring = vnodeRing();
        Replication nts = Replication.networkTopology(Map.of("dc1", 2));

        for (TokenRange range : ring.ranges()) {
            assertThat(ring.replicasFor(range, nts)).isEqualTo(ring.replicasFor(range, Replication.simple(2)));
        }
    }

    @Test
    void datacentersAreListed() {
        assertThat(twoDatacenterRing().datacenters()).containsExactly("dc1", "dc2");
        assertThat(twoDatacenterRing().nodes()).hasSize(7);
    }
}
