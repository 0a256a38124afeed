package io.movedata.runtime.coverage;

import java.util.Arrays;
import java.util.Locale;

import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.ring.TokenRing;

/**
 * How many replicas of each token range a read merges, as Cassandra's consistency levels
 * define it: more replicas cost more bytes and give a result closer to the cluster's full truth.
 */
public enum Consistency {
    ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM;

    /** Parses a level name, case-insensitively. */
    public static Consistency parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown consistency '" + value + "'; expected one of "
                    + Arrays.toString(values()), e);
        }
    }

    /** Whether only replicas of the local datacenter count. */
    public boolean isLocal() {
        return this == LOCAL_ONE || this == LOCAL_QUORUM;
    }

    /**
     * Replicas needed per range.
     *
     * @param replicas replicas the range has (in the local datacenter for local levels)
     * @param replicationFactor the keyspace's total replication factor (local datacenter's for local levels)
     */
    public int required(int replicas, int replicationFactor) {
        return switch (this) {
            case ONE, LOCAL_ONE -> 1;
            case TWO -> 2;
            case THREE -> 3;
            case QUORUM, LOCAL_QUORUM -> replicationFactor / 2 + 1;
            case ALL -> replicas;
        };
    }

    /** The replication factor a level counts against: total, or the local datacenter's. */
    public int replicationFactor(Replication replication, TokenRing ring, String localDatacenter) {
        if (isLocal()) {
            return replication.factorFor(localDatacenter);
        }
        int total = 0;
        for (String dc : ring.datacenters()) {
            total += replication.factorFor(dc);
        }
        return total;
    }
}
