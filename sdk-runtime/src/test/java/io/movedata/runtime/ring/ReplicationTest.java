package io.movedata.runtime.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationTest {

    @Test
    void readsSimpleStrategyByShortAndQualifiedName() {
        assertThat(Replication.fromCql(Map.of("class", "SimpleStrategy", "replication_factor", "3")))
                .isEqualTo(new Replication.Simple(3));
        assertThat(Replication.fromCql(Map.of(
                "class", "org.apache.cassandra.locator.SimpleStrategy", "replication_factor", "1")))
                .isEqualTo(new Replication.Simple(1));
    }

    @Test
    void readsNetworkTopologyStrategyByShortAndQualifiedName() {
        Replication shortName = Replication.fromCql(Map.of(
                "class", "NetworkTopologyStrategy", "dc1", "3", "dc2", "2"));
        Replication qualified = Replication.fromCql(Map.of(
                "class", "org.apache.cassandra.locator.NetworkTopologyStrategy", "dc1", "3", "dc2", "2"));

        assertThat(shortName).isEqualTo(qualified)
                .isEqualTo(new Replication.NetworkTopology(Map.of("dc1", 3, "dc2", 2)));
        assertThat(shortName.factorFor("dc1")).isEqualTo(3);
        assertThat(shortName.factorFor("dc2")).isEqualTo(2);
        assertThat(shortName.factorFor("dc3")).as("a datacenter not listed gets no replica").isZero();
    }

    @Test
    void transientReplicationTakesTheTotalBeforeTheSlash() {
        assertThat(Replication.fromCql(Map.of("class", "SimpleStrategy", "replication_factor", "3/1")))
                .isEqualTo(new Replication.Simple(3));
        Replication nts = Replication.fromCql(Map.of("class", "NetworkTopologyStrategy", "dc1", "5/2", "dc2", " 2 "));
        assertThat(nts.factorFor("dc1")).isEqualTo(5);
        assertThat(nts.factorFor("dc2")).isEqualTo(2);
    }

    @Test
    void transientReplicationNeedsAFullReplica() {
        assertThatThrownBy(() -> Replication.fromCql(
                Map.of("class", "NetworkTopologyStrategy", "dc1", "2/2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dc1")
                .hasMessageContaining("full replica");
    }

    @Test
    void networkTopologyReplicationFactorShorthandAppliesToUnlistedDatacenters() {
        Replication nts = Replication.fromCql(Map.of(
                "class", "NetworkTopologyStrategy", "replication_factor", "3", "dc2", "1"));

        assertThat(nts).isEqualTo(new Replication.NetworkTopology(Map.of("dc2", 1), 3));
        assertThat(nts.factorFor("dc1")).isEqualTo(3);
        assertThat(nts.factorFor("dc2")).isEqualTo(1);
    }

    @Test
    void simpleStrategyFactorIsTheSameEverywhere() {
        assertThat(Replication.simple(2).factorFor("anything")).isEqualTo(2);
    }

    @Test
    void unsupportedStrategiesAreRefusedNamingTheSupportedOnes() {
        for (String strategy : new String[] {"LocalStrategy", "org.apache.cassandra.locator.LocalStrategy",
                "EverywhereStrategy", "com.example.MyStrategy"}) {
            assertThatThrownBy(() -> Replication.fromCql(Map.of("class", strategy, "replication_factor", "1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(strategy)
                    .hasMessageContaining("SimpleStrategy")
                    .hasMessageContaining("NetworkTopologyStrategy");
        }
    }

    @Test
    void missingClassIsRefused() {
        assertThatThrownBy(() -> Replication.fromCql(Map.of("replication_factor", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class");
    }

    @Test
    void simpleStrategyNeedsItsFactorAndNothingElse() {
        assertThatThrownBy(() -> Replication.fromCql(Map.of("class", "SimpleStrategy")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replication_factor");
        assertThatThrownBy(() -> Replication.fromCql(
                Map.of("class", "SimpleStrategy", "replication_factor", "1", "dc1", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dc1");
    }

    @Test
    void malformedFactorsAreRefusedNamingTheKey() {
        for (String bad : new String[] {"three", "-1", "", "3/", "/1", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> Replication.fromCql(Map.of("class", "NetworkTopologyStrategy", "dc9", bad)))
                    .as("factor '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dc9");
        }
    }

    @Test
    void networkTopologyWithoutDatacentersReplicatesNowhere() {
        Replication nts = Replication.fromCql(Map.of("class", "NetworkTopologyStrategy"));

        assertThat(nts.factorFor("dc1")).isZero();
    }

    @Test
    void negativeFactorsAreRefusedWhenBuiltDirectly() {
        assertThatThrownBy(() -> new Replication.Simple(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Replication.NetworkTopology(Map.of("dc1", -2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dc1");
    }
}
