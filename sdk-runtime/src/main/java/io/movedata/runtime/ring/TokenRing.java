package io.movedata.runtime.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The token ring of a cluster as it was when a backup was taken: which node owns which token, and
 * from that which nodes replicate each range. Backups are per node, so this is what tells a
 * reader which nodes' files can hold the data of a token range.
 *
 * <p>Placement follows Cassandra 5.0's SimpleStrategy and NetworkTopologyStrategy, so the replica
 * lists match what the cluster itself used when the data was written.
 */
public final class TokenRing {
    private final List<RingNode> nodes;
    /** All tokens, ascending; {@code owners[i]} owns {@code tokens[i]}. */
    private final long[] tokens;
    private final RingNode[] owners;
    private final Map<String, Integer> nodesPerDatacenter;
    private final Map<String, Integer> racksPerDatacenter;

    /**
     * @throws IllegalArgumentException if there are no nodes, two nodes share a name, a node has no
     *                                  token, or a token is claimed twice
     */
    public TokenRing(List<RingNode> nodes) {
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a token ring needs at least one node");
        }
        Map<String, RingNode> byName = new HashMap<>();
        TreeMap<Long, RingNode> byToken = new TreeMap<>();
        Map<String, Integer> nodeCounts = new TreeMap<>();
        Map<String, Set<String>> racks = new TreeMap<>();
        for (RingNode node : nodes) {
            Objects.requireNonNull(node, "node");
            if (byName.putIfAbsent(node.name(), node) != null) {
                throw new IllegalArgumentException("two nodes are named " + node.name());
            }
            if (node.tokens().isEmpty()) {
                // a joining or removed node owns nothing; better to say so than to place no data on it
                throw new IllegalArgumentException("node " + node.name() + " has no tokens");
            }
            for (long token : node.tokens()) {
                RingNode previous = byToken.putIfAbsent(token, node);
                if (previous != null) {
                    throw new IllegalArgumentException("token " + token + " is claimed by both node "
                            + previous.name() + " and node " + node.name());
                }
            }
            nodeCounts.merge(node.datacenter(), 1, Integer::sum);
            racks.computeIfAbsent(node.datacenter(), dc -> new HashSet<>()).add(node.rack());
        }
        this.nodes = List.copyOf(nodes);
        this.tokens = new long[byToken.size()];
        this.owners = new RingNode[byToken.size()];
        int i = 0;
        for (Map.Entry<Long, RingNode> entry : byToken.entrySet()) {
            tokens[i] = entry.getKey();
            owners[i] = entry.getValue();
            i++;
        }
        this.nodesPerDatacenter = Map.copyOf(nodeCounts);
        Map<String, Integer> rackCounts = new HashMap<>();
        racks.forEach((dc, names) -> rackCounts.put(dc, names.size()));
        this.racksPerDatacenter = Map.copyOf(rackCounts);
    }

    /** The nodes, in the order given. */
    public List<RingNode> nodes() {
        return nodes;
    }

    /** The datacenters that have nodes, sorted. */
    public SortedSet<String> datacenters() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(nodesPerDatacenter.keySet()));
    }

    /** All tokens of all nodes, ascending. */
    public long[] sortedTokens() {
        return tokens.clone();
    }

    /**
     * The primary ranges: one {@code (previous token, token]} per token, ordered by start token, so
     * the range that wraps past {@link Long#MAX_VALUE} comes last. Together they hold every token
     * exactly once. With a single token the one range is the full ring, {@code (t, t]}.
     *
     * <p>If both {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} are tokens, the wrapping range
     * {@code (MAX_VALUE, MIN_VALUE]} is listed although it holds no token; see
     * {@link TokenRange#isEmpty()}.
     */
    public List<TokenRange> ranges() {
        if (tokens.length == 1) {
            return List.of(new TokenRange(tokens[0], tokens[0]));
        }
        List<TokenRange> ranges = new ArrayList<>(tokens.length);
        for (int i = 1; i < tokens.length; i++) {
            ranges.add(new TokenRange(tokens[i - 1], tokens[i]));
        }
        ranges.add(new TokenRange(tokens[tokens.length - 1], tokens[0]));
        return List.copyOf(ranges);
    }

    /**
     * The primary range holding {@code token}: the one ending at the first ring token at or after it.
     * {@link Long#MIN_VALUE}, which holds no data, maps to the wrapping range like its neighbours.
     */
    public TokenRange primaryRangeOf(long token) {
        int index = ownerIndex(token);
        if (tokens.length == 1) {
            return new TokenRange(tokens[0], tokens[0]);
        }
        long previous = tokens[(index - 1 + tokens.length) % tokens.length];
        return new TokenRange(previous, tokens[index]);
    }

    /** The node whose primary range holds {@code token}. */
    public RingNode primaryOwnerOf(long token) {
        return owners[ownerIndex(token)];
    }

    /**
     * How many replicas each range gets under {@code replication} on this ring: the factor, or the
     * per-datacenter factors, capped by the nodes available.
     */
    public int replicaCount(Replication replication) {
        Objects.requireNonNull(replication, "replication");
        if (replication instanceof Replication.Simple simple) {
            return Math.min(simple.replicationFactor(), nodes.size());
        }
        int total = 0;
        for (Map.Entry<String, Integer> dc : nodesPerDatacenter.entrySet()) {
            total += Math.min(replication.factorFor(dc.getKey()), dc.getValue());
        }
        return total;
    }

    /**
     * The nodes replicating {@code primaryRange}, in the order Cassandra picks them, so the first is
     * the range's primary owner. Any range lying inside one primary range may be passed (a split of
     * it, say): it has the same replicas.
     *
     * <p>Both strategies walk the ring clockwise from the range's end token.
     * <ul>
     *   <li>SimpleStrategy takes each node not yet taken until it has the replication factor, or
     *       every node if there are fewer.</li>
     *   <li>NetworkTopologyStrategy fills each listed datacenter independently during the same walk,
     *       as {@code NetworkTopologyStrategy.calculateNaturalReplicas} does in Cassandra 4.0 to 5.0:
     *       a node on a rack its datacenter has not used yet is taken; a node on a rack already used
     *       is taken only while fewer than {@code factor - racks in the datacenter} such repeats have
     *       been taken, which is how a datacenter with fewer racks than its factor still fills up. A
     *       datacenter whose factor exceeds its node count gets all its nodes; datacenters with
     *       factor 0 get none.</li>
     * </ul>
     * The list is in the order the walk picked the nodes, datacenters interleaved.
     *
     * @throws IllegalArgumentException if the range spans more than one primary range
     */
    public List<RingNode> replicasFor(TokenRange primaryRange, Replication replication) {
        Objects.requireNonNull(primaryRange, "primaryRange");
        Objects.requireNonNull(replication, "replication");
        int first = ownerIndex(primaryRange.end());
        TokenRange owning = primaryRangeOf(primaryRange.end());
        if (!owning.encloses(primaryRange)) {
            throw new IllegalArgumentException("range " + primaryRange + " is not inside one primary"
                    + " range; the primary range of its end token is " + owning);
        }
        if (replication instanceof Replication.Simple simple) {
            return simpleReplicas(first, Math.min(simple.replicationFactor(), nodes.size()));
        }
        return networkTopologyReplicas(first, replication);
    }

    private List<RingNode> simpleReplicas(int first, int wanted) {
        Map<String, RingNode> chosen = new LinkedHashMap<>();
        for (int step = 0; step < tokens.length && chosen.size() < wanted; step++) {
            RingNode node = owners[(first + step) % tokens.length];
            chosen.putIfAbsent(node.name(), node);
        }
        return List.copyOf(chosen.values());
    }

    private List<RingNode> networkTopologyReplicas(int first, Replication replication) {
        Map<String, DatacenterQuota> quotas = new HashMap<>();
        nodesPerDatacenter.forEach((dc, nodeCount) -> {
            int factor = replication.factorFor(dc);
            if (factor > 0) {
                quotas.put(dc, new DatacenterQuota(factor, nodeCount, racksPerDatacenter.get(dc)));
            }
        });
        Map<String, RingNode> chosen = new LinkedHashMap<>();
        int unfilled = quotas.size();
        for (int step = 0; step < tokens.length && unfilled > 0; step++) {
            RingNode node = owners[(first + step) % tokens.length];
            DatacenterQuota quota = quotas.get(node.datacenter());
            if (quota == null || quota.isFilled() || chosen.containsKey(node.name())) {
                continue;
            }
            if (quota.admit(node.rack())) {
                chosen.put(node.name(), node);
                if (quota.isFilled()) {
                    unfilled--;
                }
            }
        }
        return List.copyOf(chosen.values());
    }

    /** Index in {@link #tokens} of the first token at or after {@code token}, wrapping to 0. */
    private int ownerIndex(long token) {
        int index = Arrays.binarySearch(tokens, token);
        if (index < 0) {
            index = -index - 1;
        }
        return index == tokens.length ? 0 : index;
    }

    /** One datacenter's progress during a NetworkTopologyStrategy walk. */
    private static final class DatacenterQuota {
        private final Set<String> usedRacks = new HashSet<>();
        private int stillNeeded;
        private int rackRepeatsLeft;

        DatacenterQuota(int factor, int nodeCount, int rackCount) {
            // capped by the nodes, or the walk could never fill a small datacenter
            this.stillNeeded = Math.min(factor, nodeCount);
            // negative when there are more racks than replicas: then every replica is on its own rack
            this.rackRepeatsLeft = factor - rackCount;
        }

        boolean isFilled() {
            return stillNeeded <= 0;
        }

        boolean admit(String rack) {
            if (usedRacks.add(rack)) {
                stillNeeded--;
                return true;
            }
            if (rackRepeatsLeft > 0) {
                rackRepeatsLeft--;
                stillNeeded--;
                return true;
            }
            return false;
        }
    }

    @Override
    public String toString() {
        return "TokenRing[" + nodes.size() + " nodes, " + tokens.length + " tokens, datacenters "
                + new TreeMap<>(nodesPerDatacenter) + "]";
    }
}
