package io.movedata.runtime.ring;

import static java.lang.Long.MAX_VALUE;
import static java.lang.Long.MIN_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRangeTest {

    private static final BigInteger TWO_TO_64_MINUS_1 = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

    @Test
    void plainRangeExcludesStartAndIncludesEnd() {
        TokenRange range = new TokenRange(-100, 0);

        assertThat(range.contains(-100)).isFalse();
        assertThat(range.contains(-99)).isTrue();
        assertThat(range.contains(0)).isTrue();
        assertThat(range.contains(1)).isFalse();
        assertThat(range.contains(MIN_VALUE)).isFalse();
        assertThat(range.contains(MAX_VALUE)).isFalse();
    }

    @Test
    void wrappingRangeHoldsBothEndsOfTheLongLineButNotMinValue() {
        TokenRange range = new TokenRange(100, -100);

        assertThat(range.isWrapping()).isTrue();
        assertThat(range.contains(100)).isFalse();
        assertThat(range.contains(101)).isTrue();
        assertThat(range.contains(MAX_VALUE)).isTrue();
        assertThat(range.contains(MIN_VALUE + 1)).isTrue();
        assertThat(range.contains(-100)).isTrue();
        assertThat(range.contains(-99)).isFalse();
        assertThat(range.contains(0)).isFalse();
        // MIN_VALUE is never a data token, even though it lies "inside" the wrap
        assertThat(range.contains(MIN_VALUE)).isFalse();
    }

    @Test
    void startEqualToEndIsTheFullRing() {
        TokenRange range = new TokenRange(42, 42);

        assertThat(range.isFullRing()).isTrue();
        assertThat(range.contains(42)).isTrue();
        assertThat(range.contains(43)).isTrue();
        assertThat(range.contains(MAX_VALUE)).isTrue();
        assertThat(range.contains(MIN_VALUE + 1)).isTrue();
        assertThat(range.contains(MIN_VALUE)).isFalse();
        assertThat(range.width()).isEqualTo(TWO_TO_64_MINUS_1);
        assertThat(TokenRange.fullRing().width()).isEqualTo(TWO_TO_64_MINUS_1);
    }

    @Test
    void widthWithinCountsTheTokensOfAClosedSpanInTheRange() {
        TokenRange plain = new TokenRange(-100, 0);
        TokenRange wrapping = new TokenRange(100, -100);

        assertThat(plain.widthWithin(-100, 0)).isEqualTo(BigInteger.valueOf(100)); // -99..0
        assertThat(plain.widthWithin(-50, 50)).isEqualTo(BigInteger.valueOf(51)); // -50..0
        assertThat(plain.widthWithin(0, 0)).isEqualTo(BigInteger.ONE);
        assertThat(plain.widthWithin(1, 10)).isEqualTo(BigInteger.ZERO);
        assertThat(wrapping.widthWithin(-200, 200)).isEqualTo(BigInteger.valueOf(101 + 100)); // -200..-100 and 101..200
        assertThat(wrapping.widthWithin(MIN_VALUE, MAX_VALUE)).isEqualTo(wrapping.width());
        assertThat(TokenRange.fullRing().widthWithin(7, 7)).isEqualTo(BigInteger.ONE);
        assertThatThrownBy(() -> plain.widthWithin(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeEndingAtMinValueHoldsTheSameTokensAsOneEndingAtMaxValue() {
        TokenRange range = new TokenRange(5, MIN_VALUE);

        assertThat(range.contains(6)).isTrue();
        assertThat(range.contains(MAX_VALUE)).isTrue();
        assertThat(range.contains(MIN_VALUE)).isFalse();
        assertThat(range.contains(MIN_VALUE + 1)).isFalse();
        assertThat(range.unwrap()).containsExactly(new TokenRange(5, MAX_VALUE));
        assertThat(range.width()).isEqualTo(BigInteger.valueOf(MAX_VALUE - 5));
    }

    @Test
    void rangeStartingAtMaxValueHoldsOnlyTheLowSide() {
        TokenRange range = new TokenRange(MAX_VALUE, 7);

        assertThat(range.contains(MAX_VALUE)).isFalse();
        assertThat(range.contains(MIN_VALUE + 1)).isTrue();
        assertThat(range.contains(7)).isTrue();
        assertThat(range.unwrap()).containsExactly(new TokenRange(MIN_VALUE, 7));
    }

    @Test
    void maxToMinIsTheOnlyEmptyRange() {
        TokenRange empty = new TokenRange(MAX_VALUE, MIN_VALUE);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.width()).isZero();
        assertThat(empty.unwrap()).isEmpty();
        assertThat(empty.split(4)).isEmpty();
        assertThat(empty.contains(MAX_VALUE)).isFalse();
        assertThat(empty.contains(MIN_VALUE)).isFalse();
        assertThat(empty.intersects(MIN_VALUE, MAX_VALUE)).isFalse();
        assertThat(new TokenRange(MIN_VALUE, MAX_VALUE).isEmpty()).isFalse();
    }

    @Test
    void unwrapSplitsAWrappingRangeAtTheEndOfTheLongLine() {
        assertThat(new TokenRange(100, -100).unwrap())
                .containsExactly(new TokenRange(100, MAX_VALUE), new TokenRange(MIN_VALUE, -100));
        assertThat(new TokenRange(-100, 100).unwrap()).containsExactly(new TokenRange(-100, 100));
        assertThat(new TokenRange(3, 3).unwrap()).containsExactly(new TokenRange(MIN_VALUE, MAX_VALUE));
    }

    @Test
    void widthCountsDataTokensWithoutOverflow() {
        assertThat(new TokenRange(-100, 0).width()).isEqualTo(BigInteger.valueOf(100));
        assertThat(new TokenRange(MIN_VALUE, MAX_VALUE).width()).isEqualTo(TWO_TO_64_MINUS_1);
        assertThat(new TokenRange(MIN_VALUE, MIN_VALUE + 1).width()).isEqualTo(BigInteger.ONE);
        // (100, MAX] has MAX-100 tokens, (MIN, -100] has 2^63-100
        assertThat(new TokenRange(100, -100).width())
                .isEqualTo(TWO_TO_64_MINUS_1.subtract(BigInteger.valueOf(200)));
    }

    @Test
    void intersectsTreatsTheSstableIntervalAsClosed() {
        TokenRange range = new TokenRange(-100, 0);

        assertThat(range.intersects(-200, -100)).as("touches only the excluded start").isFalse();
        assertThat(range.intersects(-200, -99)).isTrue();
        assertThat(range.intersects(0, 50)).as("touches the included end").isTrue();
        assertThat(range.intersects(1, 50)).isFalse();
        assertThat(range.intersects(-50, -40)).as("inside").isTrue();
        assertThat(range.intersects(MIN_VALUE, MAX_VALUE)).as("around").isTrue();
        assertThat(range.intersects(-7, -7)).as("single token").isTrue();
    }

    @Test
    void intersectsOnAWrappingRangeChecksBothSides() {
        TokenRange range = new TokenRange(100, -100);

        assertThat(range.intersects(-99, 100)).isFalse();
        assertThat(range.intersects(100, 101)).isTrue();
        assertThat(range.intersects(MAX_VALUE, MAX_VALUE)).isTrue();
        assertThat(range.intersects(-150, -120)).isTrue();
        assertThat(range.intersects(MIN_VALUE, MIN_VALUE + 1)).isTrue();
        assertThat(range.intersects(MIN_VALUE, MIN_VALUE)).as("MIN_VALUE holds no data").isFalse();
        assertThat(range.intersects(-100, 100)).isTrue();
    }

    @Test
    void intersectsOnTheFullRingIsTrueExceptForMinValueAlone() {
        TokenRange ring = new TokenRange(9, 9);

        assertThat(ring.intersects(0, 0)).isTrue();
        assertThat(ring.intersects(MAX_VALUE, MAX_VALUE)).isTrue();
        assertThat(ring.intersects(MIN_VALUE, MIN_VALUE)).isFalse();
    }

    @Test
    void intersectsRejectsAnUpsideDownInterval() {
        assertThatThrownBy(() -> new TokenRange(0, 10).intersects(5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5")
                .hasMessageContaining("4");
    }

    @Test
    void splitCutsIntoContiguousEqualWidthPieces() {
        List<TokenRange> pieces = new TokenRange(0, 100).split(4);

        assertThat(pieces).containsExactly(
                new TokenRange(0, 25), new TokenRange(25, 50), new TokenRange(50, 75), new TokenRange(75, 100));
    }

    @Test
    void splitSpreadsTheRemainderOneTokenAtATime() {
        List<TokenRange> pieces = new TokenRange(0, 10).split(3);

        assertThat(pieces).containsExactly(new TokenRange(0, 3), new TokenRange(3, 6), new TokenRange(6, 10));
        assertThat(pieces).extracting(TokenRange::width)
                .allSatisfy(w -> assertThat(w.intValueExact()).isBetween(3, 4));
    }

    @Test
    void splitGivesFewerPiecesWhenTheRangeHasFewerTokens() {
        assertThat(new TokenRange(0, 3).split(10))
                .containsExactly(new TokenRange(0, 1), new TokenRange(1, 2), new TokenRange(2, 3));
        assertThat(new TokenRange(7, 8).split(5)).containsExactly(new TokenRange(7, 8));
    }

    @Test
    void splitIntoOneReturnsTheRangeItself() {
        assertThat(new TokenRange(5, 5).split(1)).containsExactly(new TokenRange(5, 5));
        assertThat(new TokenRange(100, -100).split(1)).containsExactly(new TokenRange(100, -100));
    }

    @Test
    void splitOfAWrappingRangeCrossesTheEndOfTheLongLine() {
        TokenRange range = new TokenRange(MAX_VALUE - 10, MIN_VALUE + 10);
        // 10 tokens above, 10 below (MIN_VALUE itself skipped)
        assertThat(range.width()).isEqualTo(BigInteger.valueOf(20));

        List<TokenRange> pieces = range.split(4);

        assertThat(pieces).containsExactly(
                new TokenRange(MAX_VALUE - 10, MAX_VALUE - 5),
                new TokenRange(MAX_VALUE - 5, MAX_VALUE),
                new TokenRange(MAX_VALUE, MIN_VALUE + 5),
                new TokenRange(MIN_VALUE + 5, MIN_VALUE + 10));
        assertThat(pieces).extracting(TokenRange::width).containsOnly(BigInteger.valueOf(5));
    }

    @Test
    void splitOfARangeEndingAtMinValueKeepsItsEnd() {
        List<TokenRange> pieces = new TokenRange(MAX_VALUE - 4, MIN_VALUE).split(2);

        assertThat(pieces).containsExactly(
                new TokenRange(MAX_VALUE - 4, MAX_VALUE - 2), new TokenRange(MAX_VALUE - 2, MIN_VALUE));
        assertThat(pieces.get(1).width()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void splitOfTheFullRingStartsAndEndsAtItsToken() {
        List<TokenRange> pieces = new TokenRange(0, 0).split(4);

        assertThat(pieces).hasSize(4);
        assertThat(pieces.get(0).start()).isZero();
        assertThat(pieces.get(3).end()).isZero();
        for (int i = 1; i < pieces.size(); i++) {
            assertThat(pieces.get(i).start()).isEqualTo(pieces.get(i - 1).end());
        }
        assertThat(pieces.stream().map(TokenRange::width).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(TWO_TO_64_MINUS_1);
        assertThat(pieces).noneMatch(TokenRange::isFullRing);
        assertThat(pieces.stream().filter(p -> p.contains(0)).count()).isEqualTo(1);
        assertThat(pieces.stream().filter(p -> p.contains(MAX_VALUE)).count()).isEqualTo(1);
        assertThat(pieces.stream().filter(p -> p.contains(MIN_VALUE + 1)).count()).isEqualTo(1);
    }

    @Test
    void splitOfTheFullRingAtMinValue() {
        List<TokenRange> pieces = TokenRange.fullRing().split(2);

        // 2^64-1 tokens: the first half gets 2^63-1 of them, ending at -1
        assertThat(pieces).containsExactly(new TokenRange(MIN_VALUE, -1), new TokenRange(-1, MIN_VALUE));
        assertThat(pieces.get(1).unwrap()).containsExactly(new TokenRange(-1, MAX_VALUE));
    }

    @Test
    void splitRejectsFewerThanOnePart() {
        assertThatThrownBy(() -> new TokenRange(0, 10).split(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void enclosesHandlesWrappingAndFullRanges() {
        TokenRange wrap = new TokenRange(100, -100);

        assertThat(wrap.encloses(new TokenRange(200, 300))).isTrue();
        assertThat(wrap.encloses(new TokenRange(MAX_VALUE - 1, -200))).isTrue();
        assertThat(wrap.encloses(new TokenRange(150, MIN_VALUE))).isTrue();
        assertThat(wrap.encloses(new TokenRange(50, 150))).isFalse();
        assertThat(wrap.encloses(new TokenRange(1, 1))).isFalse();
        assertThat(new TokenRange(1, 1).encloses(wrap)).isTrue();
        assertThat(wrap.encloses(wrap)).isTrue();
    }

    @Test
    void toStringShowsTheHalfOpenInterval() {
        assertThat(new TokenRange(-5, 10)).hasToString("(-5, 10]");
        assertThat(new TokenRange(100, -100)).hasToString("(100, -100]");
    }
}
