package io.movedata.runtime.ring;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One unit of read work: a token range and the nodes whose backups hold its data. Serializable
 * because it travels from the Spark driver to the executor that reads it.
 *
 * @param range          the tokens to read; lies inside a single primary range
 * @param replicas       names of the nodes replicating the range, in Cassandra's replica order
 *                       (primary owner first)
 * @param estimatedBytes bytes a reader of all replicas would go through for this range; see
 *                       {@link SplitPlanner}
 */
public record PlannedSplit(TokenRange range, List<String> replicas, long estimatedBytes)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PlannedSplit {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(replicas, "replicas");
        if (estimatedBytes < 0) {
            throw new IllegalArgumentException("estimated bytes must not be negative, got " + estimatedBytes);
        }
        replicas = List.copyOf(replicas);
    }
}
