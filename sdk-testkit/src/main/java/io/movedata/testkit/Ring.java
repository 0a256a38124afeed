package io.movedata.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token ring of a fixture cluster and replica placement on it, following Cassandra's
 * SimpleStrategy and NetworkTopologyStrategy: a partition with token {@code t} belongs to the node
 * owning the first ring token {@code >= t} (wrapping), and further replicas are found walking the
 * ring clockwise (NTS: per datacenter, distinct racks first).
 */
final class Ring {
    /** How a keyspace replicates. */
    sealed interface Replication permits Simple, PerDatacenter {}

    /** SimpleStrategy. */
    record Simple(int replicationFactor) implements Replication {}

    /** NetworkTopologyStrategy: replicas per datacenter. */
    record PerDatacenter(Map<String, Integer> replicationFactors) implements Replication {}

    private final List<FixtureNode> nodes;
    private final long[] tokens;
    private final int[] owners;
    private final Map<Replication, List<String>[]> placements = new HashMap<>();

    Ring(List<FixtureNode> nodes) {
        this.nodes = List.copyOf(nodes);
        List<long[]> pairs = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            for (long token : nodes.get(n).tokens()) {
                pairs.add(new long[] {token, n});
            }
        }
        pairs.sort((a, b) -> Long.compare(a[0], b[0]));
        tokens = new long[pairs.size()];
        owners = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            tokens[i] = pairs.get(i)[0];
            owners[i] = (int) pairs.get(i)[1];
            if (i > 0 && tokens[i] == tokens[i - 1]) {
                throw new IllegalArgumentException("Token " + tokens[i] + " is given to both "
                        + nodes.get(owners[i - 1]).fqdn() + " and " + nodes.get(owners[i]).fqdn());
            }
        }
    }

    /** Index in the sorted ring of the first token {@code >= token}, wrapping to 0. */
    int primaryIndex(long token) {
        int i = Arrays.binarySearch(tokens, token);
        if (i < 0) {
            i = -i - 1;
        }
        return i == tokens.length ? 0 : i;
    }

    /** The replicas of {@code token}, primary first. */
    List<String> replicas(Replication replication, long token) {
        return placement(replication)[primaryIndex(token)];
    }

    private List<String>[] placement(Replication replication) {
        return placements.computeIfAbsent(replication, r -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<String>[] byIndex = new List[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                byIndex[i] = List.copyOf(r instanceof Simple s ? simple(i, s.replicationFactor()) : perDatacenter(i, ((PerDatacenter) r).replicationFactors()));
            }
            return byIndex;
        });
    }

    private List<String> simple(int start, int rf) {
        List<String> replicas = new ArrayList<>();
        for (int k = 0; k < tokens.length && replicas.size() < rf; k++) {
            String fqdn = nodes.get(owners[(start + k) % tokens.length]).fqdn();
            if (!replicas.contains(fqdn)) {
                replicas.add(fqdn);
            }
        }
        return replicas;
    }

    /** NetworkTopologyStrategy: one pass around the ring, filling each datacenter's quota. */
    private List<String> perDatacenter(int start, Map<String, Integer> rfs) {
        Map<String, Set<String>> racksOfDc = new HashMap<>();
        Map<String, Integer> nodesOfDc = new HashMap<>();
        for (FixtureNode node : nodes) {
            racksOfDc.computeIfAbsent(node.datacenter(), dc -> new HashSet<>()).add(node.rack());
            nodesOfDc.merge(node.datacenter(), 1, Integer::sum);
        }
        Map<String, int[]> quota = new LinkedHashMap<>(); // dc -> {replicas left, rack repeats still allowed}
        for (Map.Entry<String, Integer> e : rfs.entrySet()) {
            int nodeCount = nodesOfDc.getOrDefault(e.getKey(), 0);
            if (e.getValue() <= 0 || nodeCount == 0) {
                continue;
            }
            int racks = racksOfDc.get(e.getKey()).size();
            quota.put(e.getKey(), new int[] {Math.min(e.getValue(), nodeCount), e.getValue() - racks});
        }
        List<String> replicas = new ArrayList<>();
        Set<String> seenRacks = new HashSet<>();
        int unfilled = quota.size();
        for (int k = 0; k < tokens.length && unfilled > 0; k++) {
            FixtureNode node = nodes.get(owners[(start + k) % tokens.length]);
            int[] q = quota.get(node.datacenter());
            if (q == null || q[0] == 0 || replicas.contains(node.fqdn())) {
                continue;
            }
            if (seenRacks.add(node.datacenter() + "\u0000" + node.rack())) {
                replicas.add(node.fqdn());
                q[0]--;
            } else if (q[1] > 0) {
                replicas.add(node.fqdn());
                q[1]--;
                q[0]--;
            } else {
                continue;
            }
            if (q[0] == 0) {
                unfilled--;
            }
        }
        return replicas;
    }
}
