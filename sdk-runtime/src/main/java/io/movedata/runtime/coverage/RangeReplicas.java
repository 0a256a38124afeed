package io.movedata.runtime.coverage;

import java.util.ArrayList;
import java.util.List;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.ring.TokenRange;

/**
 * The replicas one token range offers a read at a consistency level: those the ring gives it (of
 * the local datacenter only, for the LOCAL_ levels), how many the level needs, and which of them
 * have a chosen node backup. The planner reads a range only when {@link #met()}; {@code backups
 * verify} asks the same question of every range without reading anything.
 *
 * @param range the token range
 * @param consistency the level asked for
 * @param candidates the range's replicas the level counts, in Cassandra's replica order
 * @param required how many of them the level needs
 * @param available the candidates with a chosen node backup, in replica order
 */
public record RangeReplicas(TokenRange range, Consistency consistency, List<String> candidates, int required,
                            List<String> available) {

    public RangeReplicas {
        candidates = List.copyOf(candidates);
        available = List.copyOf(available);
    }

    /**
     * @param replicas the range's replicas in Cassandra's order (all datacenters)
     * @param factor the replication factor the level counts against (see {@link Consistency#required})
     * @param localDatacenter the datacenter LOCAL_ levels count in; ignored by the others
     */
    public static RangeReplicas of(TokenRange range, List<String> replicas, Consistency consistency, int factor,
                            String localDatacenter, ClusterBackup backup) {
        List<String> candidates = new ArrayList<>();
        for (String node : replicas) {
            if (!consistency.isLocal() || localDatacenter.equals(backup.topology().get(node).datacenter())) {
                candidates.add(node);
            }
        }
        List<String> available = candidates.stream().filter(backup.nodes()::containsKey).toList();
        return new RangeReplicas(range, consistency, candidates, consistency.required(candidates.size(), factor), available);
    }

    /** Whether the ring gives the range as many replicas as the level needs (TWO on a one-node ring does not). */
    public boolean ringHasEnough() {
        return !candidates.isEmpty() && required <= candidates.size();
    }

    /** Whether a read at the level can proceed on this range with the node backups chosen. */
    public boolean met() {
        return ringHasEnough() && available.size() >= required;
    }

    /** The candidates without a chosen node backup. */
    public List<String> missing() {
        return candidates.stream().filter(node -> !available.contains(node)).toList();
    }

    /**
     * Why a read cannot proceed on this range: the level, what it needs, the replicas, and why each
     * missing one is unavailable.
     */
    public String shortfall(ClusterBackup backup) {
        if (!ringHasEnough()) {
            return backup.describe() + ": " + need();
        }
        StringBuilder reasons = new StringBuilder();
        for (String node : missing()) {
            reasons.append(reasons.isEmpty() ? "" : "; ").append(node).append(": ").append(backup.unavailable().get(node));
        }
        return backup.describe() + ": " + need() + ". Unavailable: " + reasons;
    }

    /**
     * What the level needs of this range and what it has: {@code consistency QUORUM needs 2 of the
     * replicas [n1, n2] of token range (a, b] but only 1 have a complete node backup [n1]}; the
     * words a failed read and {@code backups verify} both use.
     */
    public String need() {
        if (!ringHasEnough()) {
            return "consistency " + consistency + " needs " + Math.max(required, 1) + " replicas of token range " + range
                    + " but the ring gives it only " + candidates;
        }
        return "consistency " + consistency + " needs " + required + " of the replicas " + candidates + " of token range "
                + range + " but only " + available.size() + " have a complete node backup " + available;
    }
}
