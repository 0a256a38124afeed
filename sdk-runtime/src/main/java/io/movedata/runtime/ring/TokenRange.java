package io.movedata.runtime.ring;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A range of Murmur3Partitioner tokens, {@code (start, end]}: left-exclusive, right-inclusive,
 * the way Cassandra describes the slice of the ring a token owns.
 *
 * <p>Three shapes share one representation so that ranges read from Cassandra metadata can be used
 * as they are:
 * <ul>
 *   <li>{@code start < end}: the plain interval {@code (start, end]};</li>
 *   <li>{@code start > end}: a range that wraps past {@link Long#MAX_VALUE}, i.e.
 *       {@code (start, MAX_VALUE]} followed by {@code (MIN_VALUE, end]};</li>
 *   <li>{@code start == end}: the whole ring (what a single-token cluster owns).</li>
 * </ul>
 *
 * <p>{@link Long#MIN_VALUE} is Murmur3's minimum token: no partition key ever hashes to it, so it is
 * treated as holding nothing. Every method follows from that: {@link #contains(long)} is false for
 * it, {@link #width()} does not count it, and the ring has {@link #RING_SIZE} = 2^64 - 1 tokens.
 * A consequence is that {@code (MAX_VALUE, MIN_VALUE]} is the one empty range.
 */
public record TokenRange(long start, long end) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Number of tokens that can hold data: every long except {@link Long#MIN_VALUE}. */
    public static final BigInteger RING_SIZE = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

    /** The whole ring, in the {@code start == end} form Cassandra uses for a single-token ring. */
    public static TokenRange fullRing() {
        return new TokenRange(Long.MIN_VALUE, Long.MIN_VALUE);
    }

    public boolean isFullRing() {
        return start == end;
    }

    public boolean isWrapping() {
        return start > end;
    }

    /** True only for {@code (MAX_VALUE, MIN_VALUE]}, which wraps but contains no data token. */
    public boolean isEmpty() {
        return start == Long.MAX_VALUE && end == Long.MIN_VALUE;
    }

    /** Whether {@code token} falls in this range; always false for {@link Long#MIN_VALUE}. */
    public boolean contains(long token) {
        if (token == Long.MIN_VALUE) {
            return false;
        }
        if (isFullRing()) {
            return true;
        }
        if (isWrapping()) {
            return token > start || token <= end;
        }
        return token > start && token <= end;
    }

    /**
     * Whether any token of the closed interval {@code [firstToken, lastToken]} lies in this range.
     * That interval is what an SSTable's summary records (its first and last partition tokens), so
     * this decides whether an SSTable can hold data for the range.
     *
     * @throws IllegalArgumentException if {@code firstToken > lastToken}
     */
    public boolean intersects(long firstToken, long lastToken) {
        if (firstToken > lastToken) {
            throw new IllegalArgumentException(
                    "first token " + firstToken + " is after last token " + lastToken);
        }
        for (TokenRange piece : unwrap()) {
            // piece is a plain (start, end]; the closed interval overlaps it unless entirely on one side
            if (firstToken <= piece.end && lastToken > piece.start) {
                return true;
            }
        }
        return false;
    }

    /**
     * This range as non-wrapping pieces in ascending token order, which is what code that compares
     * tokens with {@code <} needs.
     *
     * <p>A wrapping range gives {@code (start, MAX_VALUE]} and {@code (MIN_VALUE, end]}; either piece
     * is left out when it holds no token (start is {@code MAX_VALUE}, or end is {@code MIN_VALUE}), so
     * the empty range gives an empty list. The full ring gives {@code (MIN_VALUE, MAX_VALUE]}; a plain
     * range gives itself.
     */
    public List<TokenRange> unwrap() {
        if (isFullRing()) {
            return List.of(new TokenRange(Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (!isWrapping()) {
            return List.of(this);
        }
        List<TokenRange> pieces = new ArrayList<>(2);
        if (start != Long.MAX_VALUE) {
            pieces.add(new TokenRange(start, Long.MAX_VALUE));
        }
        if (end != Long.MIN_VALUE) {
            pieces.add(new TokenRange(Long.MIN_VALUE, end));
        }
        return List.copyOf(pieces);
    }

    /**
     * Number of data-holding tokens in the range (so {@link Long#MIN_VALUE} is never counted): the
     * full ring is {@link #RING_SIZE} = 2^64 - 1, and the widths of the pieces of {@link #unwrap()}
     * add up to the width of the range. A BigInteger because the full ring does not fit in a long.
     */
    public BigInteger width() {
        if (isFullRing()) {
            return RING_SIZE;
        }
        BigInteger total = BigInteger.ZERO;
        for (TokenRange piece : unwrap()) {
            total = total.add(BigInteger.valueOf(piece.end).subtract(BigInteger.valueOf(piece.start)));
        }
        return total;
    }

    /**
     * Number of tokens of the closed interval {@code [firstToken, lastToken]} (an SSTable's first and
     * last partition tokens) that lie in this range.
     *
     * @throws IllegalArgumentException if {@code firstToken > lastToken}
     */
    public BigInteger widthWithin(long firstToken, long lastToken) {
        if (firstToken > lastToken) {
            throw new IllegalArgumentException("first token " + firstToken + " is after last token " + lastToken);
        }
        BigInteger below = BigInteger.valueOf(firstToken).subtract(BigInteger.ONE);
        BigInteger last = BigInteger.valueOf(lastToken);
        BigInteger total = BigInteger.ZERO;
        for (TokenRange piece : unwrap()) {
            // (start, end] and (firstToken - 1, lastToken] overlap in (max of starts, min of ends]
            BigInteger from = BigInteger.valueOf(piece.start).max(below);
            BigInteger to = BigInteger.valueOf(piece.end).min(last);
            total = total.add(to.subtract(from).max(BigInteger.ZERO));
        }
        return total;
    }

    /**
     * Whether every token of {@code other} is also in this range.
     */
    public boolean encloses(TokenRange other) {
        List<TokenRange> mine = unwrap();
        for (TokenRange piece : other.unwrap()) {
            // the pieces of one range never touch each other, so a plain interval inside their union
            // has to sit inside a single one of them
            boolean inside = false;
            for (TokenRange candidate : mine) {
                if (candidate.start <= piece.start && piece.end <= candidate.end) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cuts the range into {@code parts} contiguous pieces, in ring order from {@code start}, whose
     * widths differ by at most one token and which together hold exactly the tokens of this range.
     *
     * <p>When the range has fewer tokens than {@code parts}, each token gets its own piece, so fewer
     * pieces come back; the empty range gives none. With one part the range itself comes back
     * unchanged, which keeps the full ring in its {@code start == end} form. Pieces may wrap.
     *
     * @throws IllegalArgumentException if {@code parts < 1}
     */
    public List<TokenRange> split(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        BigInteger width = width();
        if (width.signum() == 0) {
            return List.of();
        }
        int count = width.compareTo(BigInteger.valueOf(parts)) < 0 ? width.intValueExact() : parts;
        if (count == 1) {
            return List.of(this);
        }
        BigInteger bigCount = BigInteger.valueOf(count);
        List<TokenRange> pieces = new ArrayList<>(count);
        long previous = start;
        for (int i = 1; i <= count; i++) {
            // the last boundary is end itself: walking the full width from start would land on
            // MAX_VALUE where end is MIN_VALUE, which bounds the same tokens but is not this range
            long boundary = i == count
                    ? end
                    : advance(start, width.multiply(BigInteger.valueOf(i)).divide(bigCount));
            pieces.add(new TokenRange(previous, boundary));
            previous = boundary;
        }
        return List.copyOf(pieces);
    }

    /**
     * The token {@code steps} data tokens clockwise after {@code from}, skipping
     * {@link Long#MIN_VALUE}; {@code steps} is between 1 and {@link #RING_SIZE}.
     */
    private static long advance(long from, BigInteger steps) {
        // positions 1..RING_SIZE are the data tokens MIN+1..MAX; MIN itself sits at 0, which as an
        // exclusive start is the same place as MAX
        BigInteger position = BigInteger.valueOf(from).subtract(MIN).add(steps);
        if (position.compareTo(RING_SIZE) > 0) {
            position = position.subtract(RING_SIZE);
        }
        return position.add(MIN).longValueExact();
    }

    @Override
    public String toString() {
        return "(" + start + ", " + end + "]";
    }
}
