package io.movedata.runtime.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.ring.RingNode;
import io.movedata.runtime.ring.TokenRange;
import io.movedata.runtime.ring.TokenRing;
import io.movedata.runtime.sstable.BackupSchema;

/**
 * Whether a read of a keyspace at a consistency level could proceed on a backup selection, decided
 * before anything is read: the planner's own rule ({@link RangeReplicas}) applied to every primary
 * range of the selection's ring, with the ring and replication built the way the planner builds them.
 *
 * @param keyspace the keyspace
 * @param consistency the level
 * @param localDatacenter the datacenter a LOCAL_ level counts in; null for the other levels
 * @param ranges how many primary ranges the ring has (the empty one left out)
 * @param shortRanges the ranges whose replicas do not meet the level, in ring order
 */
public record ReadCoverage(String keyspace, Consistency consistency, String localDatacenter, int ranges,
                           List<RangeReplicas> shortRanges) {

    public ReadCoverage {
        shortRanges = List.copyOf(shortRanges);
    }

    /** Whether every range has the replicas the level needs. */
    public boolean readable() {
        return shortRanges.isEmpty();
    }

    /**
     * Checks every primary range of the selection's ring.
     *
     * @param localDatacenter for LOCAL_ levels, a datacenter of the ring; ignored by the others
     * @throws BackupException when the token map is not a valid ring
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when a LOCAL_ level names no datacenter of the ring
     */
    public static ReadCoverage check(ClusterBackup backup, String keyspace, Replication replication,
                                     Consistency consistency, String localDatacenter) {
        TokenRing ring = ring(backup);
        String local = consistency.isLocal() ? localDatacenter : null;
        if (consistency.isLocal() && !ring.datacenters().contains(local)) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Consistency " + consistency + " counts replicas of one datacenter; '"
                    + local + "' is not in the ring of " + backup.describe() + ", which has " + ring.datacenters());
        }
        int factor = consistency.replicationFactor(replication, ring, local);
        List<RangeReplicas> shortRanges = new ArrayList<>();
        int ranges = 0;
        for (TokenRange range : ring.ranges()) {
            if (range.isEmpty()) {
                continue;
            }
            ranges++;
            List<String> replicas = ring.replicasFor(range, replication).stream().map(RingNode::name).toList();
            RangeReplicas coverage = RangeReplicas.of(range, replicas, consistency, factor, local, backup);
            if (!coverage.met()) {
                shortRanges.add(coverage);
            }
        }
        return new ReadCoverage(keyspace, consistency, local, ranges, shortRanges);
    }

    /**
     * Whether the keyspace is one of Cassandra's own ({@code system}, {@code system_auth},
     * {@code system_schema}, ...) rather than one of the users' tables a movement reads.
     */
    public static boolean cassandraKeyspace(String keyspace) {
        return BackupSchema.systemKeyspace(keyspace);
    }

    /**
     * The ring of the selection's topology.
     *
     * @throws BackupException when the token map is not a valid ring (a token claimed twice, a node without one)
     */
    public static TokenRing ring(ClusterBackup backup) {
        List<RingNode> nodes = new ArrayList<>();
        for (NodeTopology node : backup.topology().values()) {
            nodes.add(new RingNode(node.fqdn(), node.datacenter(), node.rack(), node.tokens()));
        }
        try {
            return new TokenRing(nodes);
        } catch (IllegalArgumentException e) {
            throw new BackupException(backup.describe() + ": the token map is not a valid ring: " + e.getMessage(), e);
        }
    }

    /**
     * The keyspace's replication as the selection's schema declares it; empty for a keyspace each
     * node keeps for itself (LocalStrategy, like {@code system}), which no read places by token.
     *
     * @throws io.movedata.runtime.sstable.SchemaException when the schema has no such keyspace
     * @throws BackupException when its replication is malformed
     */
    public static Optional<Replication> replication(ClusterBackup backup, String keyspace) {
        Map<String, String> options = BackupSchema.replication(backup.schemaCql(), keyspace, backup.describe());
        String strategyClass = options.get(Replication.CLASS_OPTION);
        String strategy = strategyClass.substring(strategyClass.lastIndexOf('.') + 1);
        if (!strategy.equals(Replication.SIMPLE_STRATEGY) && !strategy.equals(Replication.NETWORK_TOPOLOGY_STRATEGY)) {
            return Optional.empty();
        }
        return Optional.of(replication(options, keyspace, backup.describe()));
    }

    /**
     * The keyspace's replication from its options as {@link BackupSchema#replication} gives them.
     *
     * @throws BackupException naming the keyspace when its strategy does not place data by token or is malformed
     */
    public static Replication replication(Map<String, String> options, String keyspace, String where) {
        try {
            return Replication.fromCql(options);
        } catch (IllegalArgumentException e) {
            throw new BackupException(where + ": keyspace '" + keyspace + "': " + e.getMessage(), e);
        }
    }
}
