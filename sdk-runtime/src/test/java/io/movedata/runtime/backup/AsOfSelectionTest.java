package io.movedata.runtime.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/**
 * The as-of selection over node backups held in memory: no store, no layout, only entries and the
 * node backups they read as.
 */
class AsOfSelectionTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private static final Instant DAY2 = T0.plus(Duration.ofDays(1));
    private static final Duration SKEW = Duration.ofHours(6);
    private static final String NEWEST = "the newest complete node backup started at or before ";

    private final Map<NodeBackupEntry, NodeBackup> backups = new LinkedHashMap<>();
    private final Set<NodeBackupEntry> read = ConcurrentHashMap.newKeySet();
    private List<String> ring = List.of("n1", "n2", "n3");

    @Test
    void eachNodeGetsItsNewestCompleteBackupAtOrBeforeTheTime() {
        for (int n = 1; n <= 3; n++) {
            complete("n" + n, "day1", T0.plusSeconds(n));
            complete("n" + n, "day2", DAY2.plusSeconds(n));
        }
        Instant asOf = DAY2.plus(Duration.ofHours(1));

        AsOfSelection.Result result = select(asOf);

        assertThat(chosen(result)).containsExactly(Map.entry("n1", "day2"), Map.entry("n2", "day2"), Map.entry("n3", "day2"));
        assertThat(decisions(result)).containsExactly(
                "n1: day2 (" + DAY2.plusSeconds(1) + ") chosen: " + NEWEST + asOf,
                "n2: day2 (" + DAY2.plusSeconds(2) + ") chosen: " + NEWEST + asOf,
                "n3: day2 (" + DAY2.plusSeconds(3) + ") chosen: " + NEWEST + asOf);
        assertThat(result.windowStart()).isEqualTo(DAY2.plusSeconds(3).minus(SKEW));
    }

    @Test
    void aBackupStartedExactlyAtTheTimeCountsAndOneAnInstantLaterDoesNot() {
        for (int n = 1; n <= 3; n++) {
            complete("n" + n, "day1", T0);
            complete("n" + n, "day2", DAY2);
        }

        assertThat(chosen(select(DAY2)).values()).containsOnly("day2");
        assertThat(chosen(select(DAY2.minusNanos(1))).values()).containsOnly("day1");
    }

    @Test
    void anIncompleteBackupIsPassedOverForTheNodesNewestCompleteOne() {
        complete("n1", "day2", DAY2);
        complete("n2", "day2", DAY2);
        complete("n3", "early", DAY2.minus(Duration.ofHours(1)));
        started("n3", "day2", DAY2.plusSeconds(30));

        AsOfSelection.Result result = select(DAY2.plus(Duration.ofHours(1)));

        assertThat(chosen(result)).containsEntry("n3", "early");
        assertThat(decisions(result)).contains(
                "n3: day2 (" + DAY2.plusSeconds(30) + ") rejected: STARTED",
                "n3: early (" + DAY2.minus(Duration.ofHours(1)) + ") chosen: " + NEWEST + DAY2.plus(Duration.ofHours(1)));
    }

    @Test
    void aNodeWhoseNewestBackupIsTooFarFromTheOthersHasNone() {
        complete("n1", "day2", DAY2);
        complete("n2", "day2", DAY2.plusSeconds(60));
        complete("n3", "day1", T0);
        started("n3", "day2", DAY2);

        AsOfSelection.Result result = select(DAY2.plus(Duration.ofHours(1)));

        assertThat(chosen(result)).containsOnlyKeys("n1", "n2");
        assertThat(decisions(result)).contains("n3: day2 (" + DAY2 + ") rejected: STARTED",
                "n3: day1 (" + T0 + ") rejected: started more than the skew window PT6H before the newest chosen node "
                        + "backup (n2 day2 at " + DAY2.plusSeconds(60) + ")");
    }

    @Test
    void theSkewWindowHoldsABackupStartedExactlyAtItsStart() {
        complete("n1", "b", DAY2);
        complete("n2", "b", DAY2);
        complete("n3", "b", DAY2.minus(SKEW));

        assertThat(chosen(select(DAY2)).keySet()).containsExactly("n1", "n2", "n3");

        backups.clear();
        complete("n1", "b", DAY2);
        complete("n2", "b", DAY2);
        complete("n3", "b", DAY2.minus(SKEW).minusNanos(1));

        assertThat(chosen(select(DAY2)).keySet()).containsExactly("n1", "n2");
    }

    @Test
    void anExtraLaterBackupOfOneNodeDoesNotPushTheOthersOut() {
        for (int n = 1; n <= 3; n++) {
            complete("n" + n, "day2", DAY2.plusSeconds(n));
        }
        Instant extra = DAY2.plus(Duration.ofHours(8));
        complete("n1", "extra", extra);

        AsOfSelection.Result result = select(extra.plusSeconds(1));

        assertThat(chosen(result)).containsExactly(Map.entry("n1", "day2"), Map.entry("n2", "day2"), Map.entry("n3", "day2"));
        assertThat(decisions(result)).contains(
                "n1: extra (" + extra + ") rejected: started after the newest node backup of the selection (n3 day2 at "
                        + DAY2.plusSeconds(3) + "): no window of PT6H ending later holds complete node backups of a "
                        + "majority of the ring",
                "n1: day2 (" + DAY2.plusSeconds(1) + ") chosen: the newest complete node backup in the skew window PT6H "
                        + "before " + DAY2.plusSeconds(3));
    }

    @Test
    void withoutAMajorityInAnyWindowTheNewestOfTheFullestWindowsWins() {
        ring = List.of("n1", "n2", "n3", "n4");
        complete("n1", "early", T0);
        complete("n2", "early", T0.plusSeconds(1));
        Instant late = T0.plus(Duration.ofHours(10));
        complete("n3", "late", late);
        complete("n4", "late", late.plusSeconds(1));

        AsOfSelection.Result result = select(DAY2);

        assertThat(chosen(result)).containsExactly(Map.entry("n3", "late"), Map.entry("n4", "late"));
        assertThat(decisions(result)).contains("n1: early (" + T0 + ") rejected: started more than the skew window PT6H "
                + "before the newest chosen node backup (n4 late at " + late.plusSeconds(1) + ")");
    }

    @Test
    void nodesStartingAtTheSameInstantAreAllChosenAndOneNodesTiesGoToTheLastName() {
        for (int n = 1; n <= 3; n++) {
            complete("n" + n, "b", DAY2);
        }
        complete("n1", "a", DAY2);
        List<NodeBackupEntry> shuffled = new ArrayList<>(backups.keySet());
        Collections.reverse(shuffled);

        AsOfSelection.Result result = AsOfSelection.select(shuffled, DAY2, SKEW, true, reader());

        assertThat(chosen(result)).containsExactly(Map.entry("n1", "b"), Map.entry("n2", "b"), Map.entry("n3", "b"));
    }

    @Test
    void aNodeWithNoBackupByThenIsNotedAndTheOthersAreChosen() {
        complete("n1", "day1", T0);
        complete("n2", "day1", T0);
        complete("n3", "day2", DAY2);

        AsOfSelection.Result result = select(T0.plusSeconds(1));

        assertThat(chosen(result)).containsOnlyKeys("n1", "n2");
        assertThat(decisions(result)).contains("n3: rejected: no node backup started at or before " + T0.plusSeconds(1)
                + " (the first started at " + DAY2 + ")");
    }

    @Test
    void beforeEveryBackupNothingIsChosenAndEachNodeSaysWhy() {
        complete("n1", "day1", T0);
        complete("n2", "day1", T0);

        AsOfSelection.Result result = select(T0.minusSeconds(1));

        assertThat(result.choices().chosen).isEmpty();
        assertThat(result.windowStart()).isNull();
        assertThat(result.choices().describe()).isEqualTo(
                "n1: rejected: no node backup started at or before " + T0.minusSeconds(1) + " (the first started at " + T0 + "); "
                        + "n2: rejected: no node backup started at or before " + T0.minusSeconds(1) + " (the first started at " + T0 + ")");
        assertThat(read).isEmpty();
    }

    @Test
    void backupsOlderThanAWindowBeforeTheNodesNewestAreNeverRead() {
        List<NodeBackupEntry> old = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            for (int n = 1; n <= 3; n++) {
                old.add(complete("n" + n, "old" + day, T0.minus(Duration.ofDays(30 - day))));
            }
        }
        for (int n = 1; n <= 3; n++) {
            complete("n" + n, "day2", DAY2.plusSeconds(n));
        }

        AsOfSelection.Result result = select(DAY2.plus(Duration.ofHours(1)));

        assertThat(chosen(result).values()).containsOnly("day2");
        assertThat(read).doesNotContainAnyElementsOf(old);
    }

    @Test
    void aNodeLeftOutOfTheNewestRingDoesNotWidenTheLookBack() {
        complete("gone", "old", T0.minus(Duration.ofDays(30)));
        NodeBackupEntry n1Day1 = complete("n1", "day1", T0);
        for (int n = 1; n <= 3; n++) {
            complete("n" + n, "day2", DAY2.plusSeconds(n));
        }

        AsOfSelection.Result result = select(DAY2.plus(Duration.ofHours(1)));

        assertThat(chosen(result)).containsOnlyKeys("n1", "n2", "n3");
        assertThat(read).doesNotContain(n1Day1);
        assertThat(decisions(result)).contains("gone: old (" + T0.minus(Duration.ofDays(30)) + ") rejected: started more "
                + "than the skew window PT6H before the newest chosen node backup (n3 day2 at " + DAY2.plusSeconds(3) + ")");
    }

    @Test
    void withoutARecordedRingTheNodesWithACompleteBackupAreTheRing() {
        ring = List.of();
        complete("n1", "b", DAY2);
        complete("n2", "b", DAY2.plus(Duration.ofHours(8)));
        complete("n3", "b", DAY2.plus(Duration.ofHours(8)));

        AsOfSelection.Result result = AsOfSelection.select(backups.keySet(), DAY2.plus(Duration.ofDays(1)), SKEW, false, reader());

        assertThat(chosen(result)).containsOnlyKeys("n2", "n3");
    }

    private NodeBackupEntry complete(String node, String name, Instant started) {
        return add(node, name, started, NodeBackup.State.COMPLETE);
    }

    private NodeBackupEntry started(String node, String name, Instant started) {
        return add(node, name, started, NodeBackup.State.STARTED);
    }

    private NodeBackupEntry add(String node, String name, Instant started, NodeBackup.State state) {
        Optional<Instant> finished = state == NodeBackup.State.STARTED ? Optional.empty() : Optional.of(started.plusSeconds(60));
        NodeBackupEntry entry = new NodeBackupEntry(node, name, started, finished, node + "/" + name + "/meta");
        Map<String, NodeTopology> tokenMap = new TreeMap<>();
        for (int i = 0; i < ring.size(); i++) {
            tokenMap.put(ring.get(i), new NodeTopology(ring.get(i), List.of((long) i), true, "r1", "dc1"));
        }
        backups.put(entry, new NodeBackup(entry, state, List.of(), tokenMap, Optional.empty(), false, List.of()));
        return entry;
    }

    private AsOfSelection.Result select(Instant asOf) {
        return AsOfSelection.select(backups.keySet(), asOf, SKEW, true, reader());
    }

    private AsOfSelection.Reader reader() {
        return new AsOfSelection.Reader() {
            @Override
            public NodeBackup read(NodeBackupEntry entry) {
                read.add(entry);
                return backups.get(entry);
            }

            @Override
            public Optional<NodeBackup> ifRead(NodeBackupEntry entry) {
                return read.contains(entry) ? Optional.of(backups.get(entry)) : Optional.empty();
            }
        };
    }

    private static Map<String, String> chosen(AsOfSelection.Result result) {
        Map<String, String> names = new TreeMap<>();
        result.choices().chosen.forEach((node, backup) -> names.put(node, backup.name()));
        return names;
    }

    private static List<String> decisions(AsOfSelection.Result result) {
        return result.choices().decisions.stream().map(NodeDecision::describe).toList();
    }
}
