package io.movedata.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Gives a fixture cluster's nodes their ring tokens: explicit tokens as declared; the other nodes
 * evenly spaced single tokens ({@code i * 2^64 / n - 2^63}), or {@code vnodes} random tokens each,
 * drawn from {@code seed}.
 */
final class TokenAssignment {
    /** A node as declared: its tokens, or null for tokens to assign. */
    record Declared(String fqdn, String datacenter, String rack, List<Long> tokens) {}

    private TokenAssignment() {}

    static List<FixtureNode> assign(List<Declared> declared, int vnodes, long seed) {
        Set<Long> used = new HashSet<>();
        int automatic = 0;
        for (Declared node : declared) {
            if (node.tokens() == null) {
                automatic++;
            } else {
                used.addAll(node.tokens());
            }
        }
        Random random = new Random(seed);
        BigInteger ringSize = BigInteger.ONE.shiftLeft(64);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        List<FixtureNode> nodes = new ArrayList<>();
        int auto = 0;
        for (Declared node : declared) {
            List<Long> tokens = node.tokens();
            if (tokens == null) {
                List<Long> assigned = new ArrayList<>();
                if (vnodes > 0) {
                    while (assigned.size() < vnodes) {
                        long t = random.nextLong();
                        if (t != Long.MIN_VALUE && used.add(t)) {
                            assigned.add(t);
                        }
                    }
                } else {
                    long t = ringSize.multiply(BigInteger.valueOf(auto)).divide(BigInteger.valueOf(automatic)).add(min).longValueExact();
                    if (!used.add(t)) {
                        throw new IllegalArgumentException("Evenly spaced token " + t + " of node " + node.fqdn() + " is taken by another node");
                    }
                    assigned.add(t);
                }
                auto++;
                tokens = assigned;
            }
            nodes.add(new FixtureNode(node.fqdn(), node.datacenter(), node.rack(), tokens));
        }
        return nodes;
    }
}
