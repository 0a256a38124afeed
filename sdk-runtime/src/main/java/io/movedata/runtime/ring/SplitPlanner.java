package io.movedata.runtime.ring;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * Cuts the token ring into read splits of roughly equal size, so that a Spark job reading a backup
 * gets tasks of similar length whatever the data skew between primary ranges.
 *
 * <p>Size estimate: backups only tell how many bytes each node holds, not how they spread over
 * tokens. Murmur3 spreads partitions evenly over tokens, so a node's bytes are assumed to be spread
 * over the primary ranges it replicates in proportion to their token width. A range's estimate is
 * the sum of its replicas' shares: the bytes a reader going through every replica's copy (as a read
 * at consistency ALL would, and as merging backups of all replicas does) has to read.
 *
 * <p>Each non-empty primary range becomes {@code ceil(estimate / target)} pieces of equal token
 * width, at least one; a range never shares a split with another, so a split's replicas are exactly
 * its primary range's. The splits hold every token exactly once.
 */
public final class SplitPlanner {

    /**
     * Splits per executor that {@link #suggestedExecutors} aims for: a few per executor lets a fast
     * executor take over the work of a slow one, while still starting few enough executors that
     * they are not idle most of the time.
     */
    public static final int SPLITS_PER_EXECUTOR = 4;

    /**
     * More splits than this means the target is far too small for the data (1 byte, say); refused
     * rather than filling the driver's memory with split objects.
     */
    public static final int MAX_SPLITS = 1_000_000;

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private SplitPlanner() {
    }

    /**
     * Plans the splits of a keyspace.
     *
     * @param ring                the ring the backup was taken on
     * @param replication         the keyspace's replication
     * @param bytesPerNode        bytes of the keyspace's data in each node's backup, by node name; a
     *                            node left out counts as 0, and the bytes of a node that
     *                            replicates nothing under {@code replication} are not counted
     * @param targetBytesPerSplit how many bytes a split should read
     * @throws IllegalArgumentException if the target is not positive, a byte count is negative or a
     *                                  name is not a node of the ring
     * @throws MovedataException        (invalid input) if more than {@link #MAX_SPLITS} splits would result
     */
    public static SplitPlan plan(TokenRing ring, Replication replication, Map<String, Long> bytesPerNode,
                                 long targetBytesPerSplit) {
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(bytesPerNode, "bytesPerNode");
        if (targetBytesPerSplit <= 0) {
            throw new IllegalArgumentException(
                    "target bytes per split must be positive, got " + targetBytesPerSplit);
        }
        checkNodeBytes(ring, bytesPerNode);

        Map<TokenRange, List<RingNode>> replicas = new LinkedHashMap<>();
        for (TokenRange range : ring.ranges()) {
            // (MAX_VALUE, MIN_VALUE] holds no token: a split for it would read nothing
            if (!range.isEmpty()) {
                replicas.put(range, ring.replicasFor(range, replication));
            }
        }
        Map<TokenRange, Long> estimates = estimateBytes(replicas, bytesPerNode);

        long pieceTotal = 0;
        Map<TokenRange, Long> pieceCounts = new LinkedHashMap<>();
        for (Map.Entry<TokenRange, Long> entry : estimates.entrySet()) {
            long pieces = Math.max(1, ceilDiv(entry.getValue(), targetBytesPerSplit));
            pieceTotal += Math.min(pieces, MAX_SPLITS + 1L);
            if (pieceTotal > MAX_SPLITS) {
                // The target comes from the user (splitSizeMB): too small a one is their input to fix.
                throw new MovedataException(ErrorKind.INVALID_INPUT, "A target of " + targetBytesPerSplit
                        + " bytes per split would give more than " + MAX_SPLITS + " splits; raise splitSizeMB");
            }
            pieceCounts.put(entry.getKey(), pieces);
        }

        List<PlannedSplit> splits = new ArrayList<>();
        long totalBytes = 0;
        for (Map.Entry<TokenRange, List<RingNode>> entry : replicas.entrySet()) {
            TokenRange range = entry.getKey();
            List<String> names = entry.getValue().stream().map(RingNode::name).toList();
            long estimate = estimates.get(range);
            totalBytes = Math.addExact(totalBytes, estimate);
            List<TokenRange> pieces = range.split(Math.toIntExact(pieceCounts.get(range)));
            splits.addAll(spreadBytes(range, pieces, names, estimate));
        }
        return new SplitPlan(splits, replicas.size(), totalBytes, targetBytesPerSplit,
                suggestedExecutors(totalBytes, targetBytesPerSplit, splits.size()));
    }

    /**
     * {@code ceil(totalBytes / (targetBytesPerSplit * SPLITS_PER_EXECUTOR))}, at least 1 and at most
     * one executor per split (more would have nothing to do).
     */
    public static int suggestedExecutors(long totalBytes, long targetBytesPerSplit, int splitCount) {
        if (targetBytesPerSplit <= 0) {
            throw new IllegalArgumentException(
                    "target bytes per split must be positive, got " + targetBytesPerSplit);
        }
        // ceil(ceil(a / b) / c) == ceil(a / (b * c)), and this form cannot overflow
        long executors = ceilDiv(ceilDiv(totalBytes, targetBytesPerSplit), SPLITS_PER_EXECUTOR);
        return (int) Math.max(1, Math.min(executors, Math.max(1, splitCount)));
    }

    /**
     * Estimated bytes of each primary range, as described in the class comment; package-private for
     * tests.
     */
    static Map<TokenRange, Long> estimateBytes(Map<TokenRange, List<RingNode>> replicas,
                                               Map<String, Long> bytesPerNode) {
        Map<String, BigInteger> replicatedWidth = new HashMap<>();
        replicas.forEach((range, nodes) -> {
            for (RingNode node : nodes) {
                replicatedWidth.merge(node.name(), range.width(), BigInteger::add);
            }
        });
        Map<TokenRange, Long> estimates = new LinkedHashMap<>();
        replicas.forEach((range, nodes) -> {
            BigDecimal width = new BigDecimal(range.width());
            BigDecimal sum = BigDecimal.ZERO;
            for (RingNode node : nodes) {
                long bytes = bytesPerNode.getOrDefault(node.name(), 0L);
                if (bytes == 0) {
                    continue;
                }
                BigDecimal share = BigDecimal.valueOf(bytes).multiply(width)
                        .divide(new BigDecimal(replicatedWidth.get(node.name())), PRECISION);
                sum = sum.add(share);
            }
            estimates.put(range, sum.setScale(0, RoundingMode.HALF_UP).longValueExact());
        });
        return estimates;
    }

    /** Gives each piece its width's share of the estimate, so the pieces add up to it exactly. */
    private static List<PlannedSplit> spreadBytes(TokenRange range, List<TokenRange> pieces,
                                                  List<String> replicas, long estimate) {
        BigInteger width = range.width();
        BigInteger twiceBytes = BigInteger.valueOf(estimate).shiftLeft(1);
        BigInteger twiceWidth = width.shiftLeft(1);
        BigInteger covered = BigInteger.ZERO;
        long assigned = 0;
        List<PlannedSplit> splits = new ArrayList<>(pieces.size());
        for (TokenRange piece : pieces) {
            covered = covered.add(piece.width());
            // rounding the running total rather than each piece: the last piece ends at
            // covered == width, so the pieces add up to the estimate exactly
            long upToHere = twiceBytes.multiply(covered).add(width).divide(twiceWidth).longValueExact();
            splits.add(new PlannedSplit(piece, replicas, upToHere - assigned));
            assigned = upToHere;
        }
        return splits;
    }

    private static void checkNodeBytes(TokenRing ring, Map<String, Long> bytesPerNode) {
        TreeSet<String> unknown = new TreeSet<>(bytesPerNode.keySet());
        ring.nodes().forEach(node -> unknown.remove(node.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("byte counts given for nodes not in the ring: " + unknown);
        }
        bytesPerNode.forEach((name, bytes) -> {
            if (bytes == null || bytes < 0) {
                throw new IllegalArgumentException("byte count of node " + name + " must be a"
                        + " non-negative number, got " + bytes);
            }
        });
    }

    private static long ceilDiv(long dividend, long divisor) {
        // Math.ceilDiv arrived in Java 18; both arguments are non-negative here
        return dividend / divisor + (dividend % divisor == 0 ? 0 : 1);
    }
}
