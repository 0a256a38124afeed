package io.movedata.connector.timeseries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.movedata.api.TargetWrite;
import io.movedata.connector.timeseries.SliceLineage.Held;
import io.movedata.connector.timeseries.SliceLineage.Recorded;
import io.movedata.connector.timeseries.SliceLineage.SliceRange;

/**
 * Which slices a movement reads, and how each target's rows are replaced: the decision of an
 * incremental movement (docs/connectors/timeseries.md, "Incremental movements"), made on the driver
 * from the slices table, the window, the reference time and each target's lineage.
 *
 * <p>A slice outside the window is never read. Without incremental, every other slice is read and
 * the targets are written as the movement's mode says. With it, a closed slice (its end plus the
 * accept window at or before the reference time) that every target's lineage records as appended
 * is skipped; the others are read, and each target's rows in their {@code [start, end)} ranges are
 * replaced by what was read, the lineage then recording every closed slice the table holds. A
 * target whose lineage is of another namespace, window or accept window, or is not the connector's,
 * has every slice read and all its rows replaced.
 *
 * @param read the slices to read, in start order
 * @param skipped closed slices every target holds already, not read
 * @param outsideWindow slices of the namespace the window leaves out, not read
 * @param retained slices a target holds that the slices table no longer lists (dropped by retention):
 *        their rows stay
 * @param retainedOpen those of {@code retained} that were open when read: their rows are as that read
 *        left them, and may lack events written after its backup
 * @param writes per target, its incremental write; empty without incremental
 * @param wholeTables per target whose rows are all replaced, why
 */
record SliceSelection(List<Slice> read, List<Slice> skipped, List<Slice> outsideWindow, List<SliceRange> retained,
                      List<SliceRange> retainedOpen, Map<String, TargetWrite> writes, Map<String, String> wholeTables) {

    /** What the movement is: the same for every target it writes. */
    record Movement(String source, TimeWindow window, String backup, Instant referenceTime, Duration acceptWindow) {}

    /** Every slice in the window, written as the movement's mode says. */
    static SliceSelection full(List<Slice> slices, TimeWindow window) {
        List<Slice> outside = slices.stream().filter(slice -> !window.overlaps(slice)).toList();
        return new SliceSelection(slices.stream().filter(window::overlaps).toList(), List.of(), outside, List.of(), List.of(),
                Map.of(), Map.of());
    }

    /**
     * @param recorded per target written, what its current snapshot records
     */
    static SliceSelection incremental(List<Slice> slices, Movement movement, Map<String, Recorded> recorded) {
        List<Slice> inWindow = slices.stream().filter(movement.window()::overlaps).toList();
        Map<String, Held> before = new LinkedHashMap<>();
        Map<String, String> wholeTables = new LinkedHashMap<>();
        recorded.forEach((target, record) -> {
            String problem = problem(record, movement);
            if (problem == null) {
                before.put(target, record.lineage() == null ? Held.NOTHING
                        : record.lineage().before(movement.backup()).orElseThrow());
            } else {
                wholeTables.put(target, problem);
            }
        });
        Set<String> listed = new HashSet<>(slices.stream().map(Slice::table).toList());
        List<Slice> read = new ArrayList<>();
        List<Slice> skipped = new ArrayList<>();
        do {
            read.clear();
            skipped.clear();
            for (Slice slice : inWindow) {
                boolean holds = wholeTables.isEmpty()
                        && before.values().stream().allMatch(target -> target.closed().contains(SliceRange.of(slice)));
                (holds && closed(slice, movement) ? skipped : read).add(slice);
            }
        } while (partlyReplaced(before, listed, read, wholeTables));
        Set<SliceRange> retained = new LinkedHashSet<>();
        Set<SliceRange> retainedOpen = new LinkedHashSet<>();
        before.values().forEach(held -> held.all().stream()
                .filter(range -> !listed.contains(range.table()) && read.stream().noneMatch(slice -> overlaps(range, slice)))
                .forEach(range -> (held.open().contains(range) ? retainedOpen : retained).add(range)));
        retained.addAll(retainedOpen);
        Map<String, TargetWrite> writes = new LinkedHashMap<>();
        for (String target : recorded.keySet()) {
            boolean whole = wholeTables.containsKey(target);
            SliceLineage lineage = lineage(movement, before.getOrDefault(target, Held.NOTHING), read, whole);
            writes.put(target, new TargetWrite(target, whole ? "true" : condition(read), lineage.entries()));
        }
        List<Slice> outside = slices.stream().filter(slice -> !movement.window().overlaps(slice)).toList();
        return new SliceSelection(read, skipped, outside, List.copyOf(retained), List.copyOf(retainedOpen), writes,
                wholeTables);
    }

    /**
     * Moves to {@code wholeTables} each target holding a retained range (its table no longer listed)
     * that a slice read overlaps only in part: replacing that slice's rows would delete part of the
     * range's rows, which no backup has any more, and leave the rest unrecorded. Replacing the whole
     * target keeps its rows and lineage in step. Whether any target moved (the slices to read then change).
     */
    private static boolean partlyReplaced(Map<String, Held> before, Set<String> listed, List<Slice> read,
                                          Map<String, String> wholeTables) {
        boolean moved = false;
        for (Map.Entry<String, Held> target : List.copyOf(before.entrySet())) {
            for (SliceRange range : target.getValue().all()) {
                Slice partly = listed.contains(range.table()) ? null : read.stream()
                        .filter(slice -> overlaps(range, slice)
                                && (range.start().isBefore(slice.start()) || range.end().isAfter(slice.end())))
                        .findFirst().orElse(null);
                if (partly != null) {
                    wholeTables.put(target.getKey(), "its retained slice " + range.table() + " [" + range.start() + ", "
                            + range.end() + ") overlaps slice " + partly.describe() + ", read, only in part");
                    before.remove(target.getKey());
                    moved = true;
                    break;
                }
            }
        }
        return moved;
    }

    private static boolean overlaps(SliceRange range, Slice slice) {
        return range.start().isBefore(slice.end()) && slice.start().isBefore(range.end());
    }

    /** Whether the slice is closed at the movement's reference time. */
    static boolean closed(Slice slice, Movement movement) {
        return slice.closedAt(movement.referenceTime(), movement.acceptWindow());
    }

    /** Why a target's record cannot be used, or null when it can. */
    private static String problem(Recorded record, Movement movement) {
        if (record.problem() != null) {
            return record.problem();
        }
        SliceLineage lineage = record.lineage();
        if (lineage == null) {
            return null;
        }
        if (!lineage.source().equals(movement.source())) {
            return "it holds namespace " + lineage.source() + ", this movement moves " + movement.source();
        }
        if (!lineage.window().equals(movement.window().text())) {
            return "it holds window " + lineage.window() + ", this movement's is " + movement.window().text();
        }
        String acceptWindow = movement.acceptWindow().toString();
        if (!acceptWindow.equals(lineage.acceptWindow())) {
            // Which slices are closed (and so skipped once held) depends on it, as on the window.
            return "it holds slices closed under accept window " + (lineage.acceptWindow() == null ? "(not recorded)"
                    : lineage.acceptWindow()) + ", this movement's is " + acceptWindow;
        }
        if (lineage.before(movement.backup()).isEmpty()) {
            return "the earlier movement of this backup replaced all of it";
        }
        return null;
    }

    /**
     * The target's lineage after this movement: what it held (of the tables not read again), and
     * every slice read, closed or open.
     */
    private static SliceLineage lineage(Movement movement, Held before, List<Slice> read, boolean whole) {
        List<SliceRange> closed = new ArrayList<>(kept(before.closed(), read));
        List<SliceRange> open = new ArrayList<>(kept(before.open(), read));
        List<SliceRange> appended = new ArrayList<>();
        for (Slice slice : read) {
            SliceRange range = SliceRange.of(slice);
            if (!closed(slice, movement)) {
                open.add(range);
            } else {
                closed.add(range);
                if (!before.closed().contains(range)) {
                    appended.add(range);
                }
            }
        }
        closed.sort(Comparator.comparing(SliceRange::start));
        open.sort(Comparator.comparing(SliceRange::start));
        return new SliceLineage(movement.source(), movement.window().text(), movement.acceptWindow().toString(),
                movement.backup(), closed, appended, open, whole);
    }

    /** The ranges whose rows this movement keeps: a range of a table read, or overlapping a slice read, is replaced. */
    private static List<SliceRange> kept(List<SliceRange> ranges, List<Slice> read) {
        Set<String> readTables = new HashSet<>(read.stream().map(Slice::table).toList());
        return ranges.stream().filter(range -> !readTables.contains(range.table())
                && read.stream().noneMatch(slice -> overlaps(range, slice))).toList();
    }

    /**
     * The rows of the slices read, by {@code event_time}: their ranges, adjacent ones joined, or
     * {@code false} when none is read.
     */
    static String condition(List<Slice> read) {
        List<String> ranges = new ArrayList<>();
        Instant start = null;
        Instant end = null;
        for (Slice slice : read) {
            if (end != null && !end.equals(slice.start())) {
                ranges.add(range(start, end));
                start = null;
            }
            if (start == null) {
                start = slice.start();
            }
            end = slice.end();
        }
        if (start != null) {
            ranges.add(range(start, end));
        }
        return ranges.isEmpty() ? "false" : String.join(" OR ", ranges);
    }

    private static String range(Instant start, Instant end) {
        return "(event_time >= TIMESTAMP '" + start + "' AND event_time < TIMESTAMP '" + end + "')";
    }
}
