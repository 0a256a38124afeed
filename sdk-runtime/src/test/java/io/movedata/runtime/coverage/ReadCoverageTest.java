package io.movedata.runtime.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.movedata.api.MovedataException;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.ring.TokenRange;
import io.movedata.runtime.sstable.SchemaException;
import io.movedata.runtime.store.StoreLocation;

/** Whether reads of a selection could proceed, per consistency level, before anything is read. */
class ReadCoverageTest {
    private static final Instant STARTED = Instant.parse("2026-11-20T00:00:00Z");
    private static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3', 'dc2': '3'};
            CREATE TABLE shop.orders (id int PRIMARY KEY, v text);
            CREATE KEYSPACE one WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
            CREATE KEYSPACE system WITH replication = {'class': 'LocalStrategy'};
            """;

    /** Three nodes per datacenter, tokens interleaved; {@code missing} have no chosen node backup. */
    private static ClusterBackup backup(List<String> missing) {
        SortedMap<String, NodeTopology> ring = new TreeMap<>();
        SortedMap<String, NodeBackup> chosen = new TreeMap<>();
        SortedMap<String, String> unavailable = new TreeMap<>();
        String[] names = {"a1", "b1", "a2", "b2", "a3", "b3"};
        for (int i = 0; i < names.length; i++) {
            String dc = names[i].startsWith("a") ? "dc1" : "dc2";
            ring.put(names[i], new NodeTopology(names[i], List.of(-3_000_000_000_000_000_000L + i * 1_000_000_000_000_000_000L),
                    true, "rack1", dc));
            if (missing.contains(names[i])) {
                unavailable.put(names[i], "b1 (" + STARTED + "): STARTED: never finished");
            } else {
                chosen.put(names[i], new NodeBackup(new NodeBackupEntry(names[i], "b1", STARTED, Optional.of(STARTED),
                        names[i] + "/b1/meta/"), NodeBackup.State.COMPLETE, List.of(), Map.copyOf(ring), Optional.of("5.0.9"),
                        true, List.of()));
            }
        }
        return new ClusterBackup(StoreLocation.parse("s3://backups/cluster1", Map.of()), "medusa", "b1", null, chosen,
                unavailable, ring, SCHEMA, List.of());
    }

    @Test
    void localLevelsCountOneDatacenterAndAllCountsEveryReplica() {
        ClusterBackup backup = backup(List.of("b3"));
        Replication replication = ReadCoverage.replication(backup, "shop").orElseThrow();

        assertThat(ReadCoverage.check(backup, "shop", replication, Consistency.LOCAL_QUORUM, "dc1").readable()).isTrue();
        assertThat(ReadCoverage.check(backup, "shop", replication, Consistency.LOCAL_QUORUM, "dc2").readable()).isTrue();
        assertThat(ReadCoverage.check(backup, "shop", replication, Consistency.QUORUM, null).readable()).isTrue();
        ReadCoverage all = ReadCoverage.check(backup, "shop", replication, Consistency.ALL, null);
        assertThat(all.readable()).isFalse();
        assertThat(all.ranges()).isEqualTo(6);
        assertThat(all.shortRanges()).hasSize(6).allSatisfy(range -> {
            assertThat(range.required()).isEqualTo(6);
            assertThat(range.missing()).containsExactly("b3");
        });
        assertThat(all.shortRanges().get(0).shortfall(backup)).isEqualTo("s3://backups/cluster1 backup 'b1': consistency ALL needs 6 of "
                + "the replicas [b1, a2, b2, a3, b3, a1] of token range (-3000000000000000000, -2000000000000000000] but only 5 "
                + "have a complete node backup [b1, a2, b2, a3, a1]. Unavailable: b3: b1 (2026-11-20T00:00:00Z): STARTED: never finished");
    }

    @Test
    void twoMissingReplicasOfADatacenterLoseItsLocalQuorumOnly() {
        ClusterBackup backup = backup(List.of("b2", "b3"));
        Replication replication = ReadCoverage.replication(backup, "shop").orElseThrow();

        assertThat(ReadCoverage.check(backup, "shop", replication, Consistency.LOCAL_QUORUM, "dc1").readable()).isTrue();
        assertThat(ReadCoverage.check(backup, "shop", replication, Consistency.LOCAL_QUORUM, "dc2").shortRanges()).hasSize(6);
        assertThat(ReadCoverage.check(backup, "shop", replication, Consistency.LOCAL_ONE, "dc2").readable()).isTrue();
        assertThatThrownBy(() -> ReadCoverage.check(backup, "shop", replication, Consistency.LOCAL_ONE, "dc3"))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessage("Consistency LOCAL_ONE counts replicas of one datacenter; 'dc3' is not in the ring of "
                        + "s3://backups/cluster1 backup 'b1', which has [dc1, dc2]");
    }

    @Test
    void aLevelNeedingMoreReplicasThanTheRingGivesIsShortEvenWithEveryNode() {
        ClusterBackup backup = backup(List.of());
        Replication replication = ReadCoverage.replication(backup, "one").orElseThrow();

        ReadCoverage two = ReadCoverage.check(backup, "one", replication, Consistency.TWO, null);

        assertThat(two.shortRanges()).hasSize(6).noneMatch(RangeReplicas::ringHasEnough);
        assertThat(two.shortRanges().get(0).range()).isEqualTo(new TokenRange(-3_000_000_000_000_000_000L, -2_000_000_000_000_000_000L));
        assertThat(two.shortRanges().get(0).shortfall(backup)).isEqualTo("s3://backups/cluster1 backup 'b1': consistency TWO needs 2 "
                + "replicas of token range (-3000000000000000000, -2000000000000000000] but the ring gives it only [b1]");
    }

    @Test
    void nodeLocalKeyspacesHaveNoPlacementAndUnknownOnesAreNamed() {
        ClusterBackup backup = backup(List.of());

        assertThat(ReadCoverage.replication(backup, "system")).isEmpty();
        assertThat(ReadCoverage.cassandraKeyspace("system_auth")).isTrue();
        assertThat(ReadCoverage.cassandraKeyspace("shop")).isFalse();
        assertThatThrownBy(() -> ReadCoverage.replication(backup, "nope")).isInstanceOf(SchemaException.class)
                .hasMessageStartingWith("Keyspace 'nope' is not in the schema.cql of s3://backups/cluster1 backup 'b1'");
    }
}
