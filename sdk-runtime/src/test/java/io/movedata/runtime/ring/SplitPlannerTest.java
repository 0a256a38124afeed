package io.movedata.runtime.ring;

import static java.lang.Long.MAX_VALUE;
import static java.lang.Long.MIN_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

class SplitPlannerTest {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    private static List<PlannedSplit> splitsWithin(SplitPlan plan, TokenRange range) {
        return plan.splits().stream().filter(s -> range.encloses(s.range())).toList();
    }

    @Test
    void wrapAroundRangeIsPlannedLikeAnyOther() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", -100),
                RingNode.of("b", "dc1", "r1", 0),
                RingNode.of("c", "dc1", "r1", 100)));
        Map<String, Long> bytes = Map.of("a", 1000L, "b", 2000L, "c", 3000L);

        SplitPlan whole = SplitPlanner.plan(ring, Replication.simple(1), bytes, 10_000);

        assertThat(whole.splits()).containsExactly(
                new PlannedSplit(new TokenRange(-100, 0), List.of("b"), 2000),
                new PlannedSplit(new TokenRange(0, 100), List.of("c"), 3000),
                new PlannedSplit(new TokenRange(100, -100), List.of("a"), 1000));

        SplitPlan cut = SplitPlanner.plan(ring, Replication.simple(1), bytes, 250);

        List<PlannedSplit> wrapPieces = splitsWithin(cut, new TokenRange(100, -100));
        assertThat(wrapPieces).hasSize(4).allSatisfy(s -> {
            assertThat(s.replicas()).containsExactly("a");
            assertThat(s.estimatedBytes()).isEqualTo(250);
        });
        assertThat(wrapPieces.get(0).range().start()).isEqualTo(100);
        assertThat(wrapPieces.get(3).range().end()).isEqualTo(-100);
        // (100, -100] is symmetric around the end of the long line, so its midpoint is MAX_VALUE:
        // the second piece ends there and the third carries on from MIN_VALUE + 1
        assertThat(wrapPieces.get(1).range().end()).isEqualTo(MAX_VALUE);
        assertThat(wrapPieces.get(2).range().start()).isEqualTo(MAX_VALUE);
        assertThat(wrapPieces.get(1).range().contains(MAX_VALUE)).isTrue();
        assertThat(wrapPieces.get(2).range().contains(MIN_VALUE + 1)).isTrue();
        assertThat(wrapPieces).extracting(PlannedSplit::range).allSatisfy(r -> assertThat(r.contains(0)).isFalse());
        assertThat(splitsWithin(cut, new TokenRange(-100, 0))).hasSize(8);
        assertThat(splitsWithin(cut, new TokenRange(0, 100))).hasSize(12);
        assertThat(cut.splitCount()).isEqualTo(24);
    }

    @Test
    void aRangeWithTenTimesTheBytesGetsTenTimesTheSplits() {
        // b owns (0, MAX/2], a owns the wrapping rest; with RF 1 each range holds its owner's bytes
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", 0),
                RingNode.of("b", "dc1", "r1", MAX_VALUE / 2)));

        SplitPlan plan = SplitPlanner.plan(ring, Replication.simple(1),
                Map.of("a", 10 * GIB, "b", GIB), 128 * MIB);

        List<PlannedSplit> heavy = splitsWithin(plan, new TokenRange(MAX_VALUE / 2, 0));
        List<PlannedSplit> light = splitsWithin(plan, new TokenRange(0, MAX_VALUE / 2));
        assertThat(heavy).hasSize(80);
        assertThat(light).hasSize(8);
        assertThat(plan.splits()).allSatisfy(s ->
                assertThat(s.estimatedBytes()).isCloseTo(128 * MIB, within(1L)));
        assertThat(plan.totalEstimatedBytes()).isEqualTo(11 * GIB);
        // 88 splits of 128 MiB, 4 per executor
        assertThat(plan.suggestedExecutors()).isEqualTo(22);
    }

    @Test
    void suggestedExecutorsAimAtFourSplitsEachWithinBounds() {
        assertThat(SplitPlanner.suggestedExecutors(10 * GIB, 128 * MIB, 80)).isEqualTo(20);
        assertThat(SplitPlanner.suggestedExecutors(1000, 10, 100)).isEqualTo(25);
        assertThat(SplitPlanner.suggestedExecutors(100, 10, 10)).as("ceil(10/4)").isEqualTo(3);
        assertThat(SplitPlanner.suggestedExecutors(100, 10, 2)).as("no more executors than splits").isEqualTo(2);
        assertThat(SplitPlanner.suggestedExecutors(0, 10, 5)).as("at least one").isEqualTo(1);
        assertThat(SplitPlanner.suggestedExecutors(0, 10, 0)).isEqualTo(1);
        assertThat(SplitPlanner.suggestedExecutors(MAX_VALUE, MAX_VALUE, 3)).isEqualTo(1);
        assertThat(SplitPlanner.suggestedExecutors(MAX_VALUE, 1, 1_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void aTargetThatIsNotPositiveIsRefused() {
        TokenRing ring = new TokenRing(List.of(RingNode.of("a", "dc1", "r1", 0)));

        for (long target : new long[] {0, -1, MIN_VALUE}) {
            assertThatThrownBy(() -> SplitPlanner.plan(ring, Replication.simple(1), Map.of("a", 5L), target))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(target));
        }
    }

    @Test
    void withNoBytesEachPrimaryRangeIsOneSplit() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", -500, 10, 900),
                RingNode.of("b", "dc1", "r2", -20, 300)));

        for (Map<String, Long> bytes : List.of(Map.<String, Long>of(), Map.of("a", 0L, "b", 0L))) {
            SplitPlan plan = SplitPlanner.plan(ring, Replication.simple(2), bytes, 1);

            assertThat(plan.splits()).extracting(PlannedSplit::range).isEqualTo(ring.ranges());
            assertThat(plan.splits()).extracting(PlannedSplit::estimatedBytes).containsOnly(0L);
            assertThat(plan.totalEstimatedBytes()).isZero();
            assertThat(plan.suggestedExecutors()).isEqualTo(1);
            assertThat(plan.primaryRangeCount()).isEqualTo(5);
        }
    }

    @Test
    void aSingleNodeWithASingleTokenSplitsTheFullRing() {
        TokenRing ring = new TokenRing(List.of(RingNode.of("solo", "dc1", "r1", 42)));

        SplitPlan one = SplitPlanner.plan(ring, Replication.simple(3), Map.of("solo", 1000L), 1000);
        assertThat(one.splits()).containsExactly(new PlannedSplit(new TokenRange(42, 42), List.of("solo"), 1000));

        SplitPlan ten = SplitPlanner.plan(ring, Replication.simple(3), Map.of("solo", 1000L), 100);
        assertThat(ten.splits()).hasSize(10).allSatisfy(s -> {
            assertThat(s.estimatedBytes()).isEqualTo(100);
            assertThat(s.replicas()).containsExactly("solo");
            assertThat(s.range().isFullRing()).isFalse();
        });
        assertThat(ten.splits().get(0).range().start()).isEqualTo(42);
        assertThat(ten.splits().get(9).range().end()).isEqualTo(42);
        assertThat(ten.splits().stream().filter(s -> s.range().contains(42)).count()).isEqualTo(1);
        assertThat(ten.splits().stream().filter(s -> s.range().contains(43)).count()).isEqualTo(1);
    }

    @Test
    void aSingleNodeWithVnodesSpreadsItsBytesByWidth() {
        // 8 evenly spaced tokens, one of them MIN_VALUE: the wrapping range (3*2^61, MIN_VALUE] is
        // one token narrower than the others, as MIN_VALUE holds nothing
        long step = 1L << 61;
        long[] tokens = new long[8];
        for (int i = 0; i < 8; i++) {
            tokens[i] = MIN_VALUE + i * step;
        }
        TokenRing ring = new TokenRing(List.of(RingNode.of("solo", "dc1", "r1", tokens)));

        SplitPlan plan = SplitPlanner.plan(ring, Replication.simple(1), Map.of("solo", 8000L), 500);

        assertThat(plan.primaryRangeCount()).isEqualTo(8);
        assertThat(plan.splits()).hasSize(16);
        assertThat(plan.splits()).extracting(PlannedSplit::estimatedBytes).containsOnly(500L);
        assertThat(plan.totalEstimatedBytes()).isEqualTo(8000);
    }

    @Test
    void everyReplicaContributesItsShareOfTheRange() {
        // widths: (-2^62, 0] and (0, 2^62] are a quarter of the ring each, the wrap range is the half
        long quarter = 1L << 62;
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", 0),
                RingNode.of("b", "dc1", "r1", quarter),
                RingNode.of("c", "dc1", "r1", -quarter)));
        Map<String, Long> bytes = Map.of("a", 400L, "b", 400L, "c", 400L);

        SplitPlan all = SplitPlanner.plan(ring, Replication.simple(3), bytes, 1_000_000);
        // with RF 3 every node holds the whole ring: each range gets 3 * 400 * its width share
        assertThat(all.splits()).extracting(PlannedSplit::estimatedBytes).containsExactly(300L, 300L, 600L);
        assertThat(all.splits()).allSatisfy(s -> assertThat(s.replicas()).hasSize(3));

        SplitPlan one = SplitPlanner.plan(ring, Replication.simple(1), bytes, 1_000_000);
        // with RF 1 each range holds exactly its owner's bytes
        assertThat(one.splits()).extracting(PlannedSplit::estimatedBytes).containsExactly(400L, 400L, 400L);

        SplitPlan two = SplitPlanner.plan(ring, Replication.simple(2), bytes, 1_000_000);
        // RF 2: (-q,0] on a,b; (0,q] on b,c; (q,-q] on c,a. a and c replicate a quarter and a half
        // of the ring, so their 400 bytes go 133.3 to the quarter and 266.7 to the half; b's go 200
        // to each quarter. Ranges: 133.3 + 200, 200 + 133.3, 266.7 + 266.7, each rounded.
        assertThat(two.splits()).extracting(PlannedSplit::estimatedBytes).containsExactly(333L, 333L, 533L);
        assertThat(two.totalEstimatedBytes()).as("1200 less per-range rounding").isEqualTo(1199);
    }

    @Test
    void aOneTokenRangeIsNeverCutFurther() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", 0),
                RingNode.of("b", "dc1", "r1", 1)));
        Map<String, Long> bytes = Map.of("a", 0L, "b", 1000L);

        SplitPlan plan = SplitPlanner.plan(ring, Replication.simple(1), bytes, 10);

        assertThat(plan.splits()).extracting(PlannedSplit::range)
                .containsExactly(new TokenRange(0, 1), new TokenRange(1, 0));
        assertThat(plan.splits().get(0).estimatedBytes()).isEqualTo(1000);
    }

    @Test
    void theEmptyRangeBetweenMaxAndMinGetsNoSplit() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", MIN_VALUE),
                RingNode.of("b", "dc1", "r1", MAX_VALUE)));

        SplitPlan plan = SplitPlanner.plan(ring, Replication.simple(1), Map.of("a", 50L, "b", 70L), 100);

        assertThat(plan.primaryRangeCount()).isEqualTo(1);
        assertThat(plan.splits()).containsExactly(
                new PlannedSplit(new TokenRange(MIN_VALUE, MAX_VALUE), List.of("b"), 70));
    }

    @Test
    void badByteCountsAreRefused() {
        TokenRing ring = new TokenRing(List.of(RingNode.of("a", "dc1", "r1", 0)));

        assertThatThrownBy(() -> SplitPlanner.plan(ring, Replication.simple(1), Map.of("ghost", 1L), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost");
        assertThatThrownBy(() -> SplitPlanner.plan(ring, Replication.simple(1), Map.of("a", -1L), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a");
        Map<String, Long> withNull = new HashMap<>();
        withNull.put("a", null);
        assertThatThrownBy(() -> SplitPlanner.plan(ring, Replication.simple(1), withNull, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTargetFarTooSmallIsRefusedInsteadOfExhaustingMemory() {
        TokenRing ring = new TokenRing(List.of(RingNode.of("a", "dc1", "r1", 0)));

        assertThatThrownBy(() -> SplitPlanner.plan(ring, Replication.simple(1), Map.of("a", 10 * GIB), 1))
                .isInstanceOf(MovedataException.class)
                .hasMessageContaining(String.valueOf(SplitPlanner.MAX_SPLITS)).hasMessageContaining("raise splitSizeMB")
                .satisfies(e -> assertThat(((MovedataException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }

    @Test
    void describeSummarisesThePlanOnOneLine() {
        TokenRing ring = new TokenRing(List.of(
                RingNode.of("a", "dc1", "r1", 0),
                RingNode.of("b", "dc1", "r1", MAX_VALUE / 2)));

        SplitPlan plan = SplitPlanner.plan(ring, Replication.simple(1),
                Map.of("a", 10 * GIB, "b", GIB), 128 * MIB);

        assertThat(plan.describe())
                .isEqualTo("88 splits from 2 primary ranges, ~11.0 GiB estimated (all replicas),"
                        + " target 128.0 MiB per split, suggested executors 22")
                .doesNotContain("\n");
        assertThat(SplitPlan.humanBytes(512)).isEqualTo("512 B");
        assertThat(SplitPlan.humanBytes(1536)).isEqualTo("1.5 KiB");
        assertThat(SplitPlan.humanBytes(MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void plannedSplitsSurviveJavaSerialization() throws Exception {
        PlannedSplit split = new PlannedSplit(new TokenRange(100, -100), List.of("a", "b"), 1234);

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(split);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(split);
        }
    }
}
