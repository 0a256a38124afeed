package io.movedata.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One node of a {@link FixtureCluster}: its host name (the key of its Medusa folder), datacenter,
 * rack and ring tokens (Murmur3Partitioner, sorted).
 */
public record FixtureNode(String fqdn, String datacenter, String rack, List<Long> tokens) {
    public FixtureNode {
        Objects.requireNonNull(fqdn, "fqdn");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(rack, "rack");
        tokens = tokens.stream().sorted().toList();
        if (fqdn.isBlank() || fqdn.contains("/")) {
            throw new IllegalArgumentException("Node name '" + fqdn + "' must be a host name (non-blank, no '/')");
        }
    }
}
