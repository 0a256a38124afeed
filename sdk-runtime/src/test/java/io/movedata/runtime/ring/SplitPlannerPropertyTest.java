package io.movedata.runtime.ring;

import static java.lang.Long.MAX_VALUE;
import static java.lang.Long.MIN_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plans splits for random rings and checks the one property every reader relies on: each token is
 * read exactly once. Seeded, so a failure names the layout that broke it.
 */
class SplitPlannerPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 250);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void plannedSplitsCoverTheRingExactlyOnce(long seed) {
        Random random = new Random(seed);
        TokenRing ring = new TokenRing(randomNodes(random));
        Replication replication = randomReplication(random);
        Map<String, Long> bytes = randomBytes(random, ring);
        long target = randomTarget(random, bytes);

        SplitPlan plan = SplitPlanner.plan(ring, replication, bytes, target);
        String layout = "seed " + seed + ": " + ring + " " + replication + " bytes " + bytes + " target " + target;

        assertTilesTheLongLine(plan, layout);
        assertEachTokenInExactlyOneSplit(plan, ring, random, layout);
        assertPiecesFollowTheirPrimaryRange(plan, ring, replication, bytes, target, layout);
    }

    /** Sorted, the non-wrapping pieces of all splits must run from MIN_VALUE to MAX_VALUE end to end. */
    private static void assertTilesTheLongLine(SplitPlan plan, String layout) {
        List<TokenRange> pieces = new ArrayList<>();
        for (PlannedSplit split : plan.splits()) {
            pieces.addAll(split.range().unwrap());
        }
        pieces.sort(Comparator.comparingLong(TokenRange::start));

        assertThat(pieces).as(layout).isNotEmpty();
        assertThat(pieces.get(0).start()).as(layout).isEqualTo(MIN_VALUE);
        for (int i = 0; i < pieces.size(); i++) {
            TokenRange piece = pieces.get(i);
            assertThat(piece.start()).as("%s: piece %s is not a plain range", layout, piece).isLessThan(piece.end());
            if (i > 0) {
                assertThat(piece.start()).as("%s: gap or overlap before %s", layout, piece)
                        .isEqualTo(pieces.get(i - 1).end());
            }
        }
        assertThat(pieces.get(pieces.size() - 1).end()).as(layout).isEqualTo(MAX_VALUE);
        assertThat(plan.splits().stream().map(s -> s.range().width()).reduce(BigInteger.ZERO, BigInteger::add))
                .as(layout).isEqualTo(TokenRange.RING_SIZE);
    }

    private static void assertEachTokenInExactlyOneSplit(SplitPlan plan, TokenRing ring, Random random,
                                                         String layout) {
        Set<Long> probes = new HashSet<>(List.of(MAX_VALUE, MAX_VALUE - 1, MIN_VALUE + 1, MIN_VALUE + 2, 0L, 1L, -1L));
        for (long token : ring.sortedTokens()) {
            probes.add(token);
            probes.add(token + 1);
            probes.add(token - 1);
        }
        for (PlannedSplit split : plan.splits()) {
            probes.add(split.range().start());
            probes.add(split.range().end());
            probes.add(split.range().end() + 1);
        }
        for (int i = 0; i < 50; i++) {
            probes.add(random.nextLong());
        }
        for (long token : probes) {
            long containing = plan.splits().stream().filter(s -> s.range().contains(token)).count();
            // MIN_VALUE (also reached as MAX_VALUE + 1) holds no data, so no split reads it
            assertThat(containing).as("%s: splits containing token %d", layout, token)
                    .isEqualTo(token == MIN_VALUE ? 0 : 1);
        }
    }

    /**
     * Each split lies in one non-empty primary range and carries that range's replicas; a range is
     * cut into ceil(estimate / target) pieces (at least one, at most one per token) whose estimates
     * add up to the range's.
     */
    private static void assertPiecesFollowTheirPrimaryRange(SplitPlan plan, TokenRing ring, Replication replication,
                                                            Map<String, Long> bytes, long target, String layout) {
        Map<TokenRange, List<RingNode>> replicas = new LinkedHashMap<>();
        for (TokenRange range : ring.ranges()) {
            if (!range.isEmpty()) {
                replicas.put(range, ring.replicasFor(range, replication));
            }
        }
        Map<TokenRange, Long> estimates = SplitPlanner.estimateBytes(replicas, bytes);
        Map<TokenRange, List<PlannedSplit>> byRange = new HashMap<>();
        for (PlannedSplit split : plan.splits()) {
            List<TokenRange> owners = replicas.keySet().stream().filter(r -> r.encloses(split.range())).toList();
            assertThat(owners).as("%s: primary ranges enclosing %s", layout, split.range()).hasSize(1);
            TokenRange primary = owners.get(0);
            List<String> expected = replicas.get(primary).stream().map(RingNode::name).toList();
            assertThat(split.replicas()).as(layout).isEqualTo(expected);
            assertThat(split.replicas()).as(layout).doesNotHaveDuplicates().hasSize(ring.replicaCount(replication));
            byRange.computeIfAbsent(primary, r -> new ArrayList<>()).add(split);
        }
        assertThat(byRange.keySet()).as(layout).isEqualTo(replicas.keySet());
        assertThat(plan.primaryRangeCount()).as(layout).isEqualTo(replicas.size());
        long total = 0;
        for (Map.Entry<TokenRange, List<PlannedSplit>> entry : byRange.entrySet()) {
            long estimate = estimates.get(entry.getKey());
            long wanted = Math.max(1, (estimate + target - 1) / target);
            long expectedPieces = entry.getKey().width().min(BigInteger.valueOf(wanted)).longValueExact();
            assertThat((long) entry.getValue().size()).as("%s: pieces of %s", layout, entry.getKey())
                    .isEqualTo(expectedPieces);
            assertThat(entry.getValue().stream().mapToLong(PlannedSplit::estimatedBytes).sum())
                    .as(layout).isEqualTo(estimate);
            total += estimate;
        }
        assertThat(plan.totalEstimatedBytes()).as(layout).isEqualTo(total);
        assertThat(plan.suggestedExecutors()).as(layout).isBetween(1, plan.splitCount());
    }

    private static List<RingNode> randomNodes(Random random) {
        int nodeCount = 1 + random.nextInt(6);
        Set<Long> used = new HashSet<>();
        List<Long> usedInOrder = new ArrayList<>();
        List<RingNode> nodes = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            int vnodes = 1 + random.nextInt(16);
            List<Long> tokens = new ArrayList<>();
            while (tokens.size() < vnodes) {
                long token = randomToken(random, usedInOrder);
                if (used.add(token)) {
                    usedInOrder.add(token);
                    tokens.add(token);
                }
            }
            String dc = random.nextInt(3) == 0 ? "dc2" : "dc1";
            nodes.add(new RingNode("node" + n, dc, "rack" + random.nextInt(3), tokens));
        }
        return nodes;
    }

    /** Mostly uniform, with a bias towards the ends of the long line and towards neighbours. */
    private static long randomToken(Random random, List<Long> used) {
        return switch (random.nextInt(8)) {
            case 0 -> MIN_VALUE + random.nextInt(1000);
            case 1 -> MAX_VALUE - random.nextInt(1000);
            case 2 -> random.nextInt(2001) - 1000;
            case 3 -> used.isEmpty() ? random.nextLong() : used.get(random.nextInt(used.size())) + (random.nextBoolean() ? 1 : -1);
            default -> random.nextLong();
        };
    }

    private static Replication randomReplication(Random random) {
        if (random.nextBoolean()) {
            return Replication.simple(random.nextInt(5));
        }
        Map<String, Integer> factors = new HashMap<>();
        factors.put("dc1", random.nextInt(5));
        if (random.nextBoolean()) {
            factors.put("dc2", random.nextInt(4));
        }
        if (random.nextInt(4) == 0) {
            factors.put("dc-without-nodes", 3);
        }
        return Replication.networkTopology(factors);
    }

    private static Map<String, Long> randomBytes(Random random, TokenRing ring) {
        Map<String, Long> bytes = new HashMap<>();
        if (random.nextInt(8) == 0) {
            return bytes;
        }
        for (RingNode node : ring.nodes()) {
            if (random.nextInt(6) > 0) {
                bytes.put(node.name(), (long) (random.nextDouble() * 1e12));
            }
        }
        return bytes;
    }

    /**
     * Mostly between half the data and a 200th of it per split, so plans stay small but ranges get
     * cut; sometimes larger than all the data.
     */
    private static long randomTarget(Random random, Map<String, Long> bytes) {
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return 1 + random.nextInt(1_000_000);
        }
        if (random.nextInt(10) == 0) {
            return MAX_VALUE / (1 + random.nextInt(4));
        }
        return Math.max(1, total / (2 + random.nextInt(199)));
    }
}
