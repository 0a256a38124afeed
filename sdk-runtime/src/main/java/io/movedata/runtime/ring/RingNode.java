package io.movedata.runtime.ring;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Cassandra node as replica placement sees it: its name (how backups identify it), where it
 * sits (datacenter and rack, which NetworkTopologyStrategy spreads replicas over) and the tokens
 * it owns (many with vnodes).
 *
 * @param name       unique node name, e.g. the host id or address the backup was taken under
 * @param datacenter datacenter as reported by the snitch
 * @param rack       rack as reported by the snitch
 * @param tokens     the node's tokens, in any order
 */
public record RingNode(String name, String datacenter, String rack, List<Long> tokens)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public RingNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(tokens, "tokens");
        if (name.isBlank()) {
            throw new IllegalArgumentException("node name must not be blank");
        }
        // a copy, so a caller mutating its list cannot change the ring after it was checked
        tokens = List.copyOf(tokens);
    }

    /** Convenience for tests and hand-written layouts. */
    public static RingNode of(String name, String datacenter, String rack, long... tokens) {
        return new RingNode(name, datacenter, rack, Arrays.stream(tokens).boxed().toList());
    }
}
