package io.movedata.connector.timeseries;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a target's snapshot records of the slices it holds, as the connector's lineage entries
 * ({@code movedata.connector.timeseries.*} in the snapshot summary): the namespace and window the
 * table holds, the backup moved, the closed slices appended so far (cumulative) and those this
 * movement appended, the open slices whose rows it holds as an earlier read left them, whether this
 * movement replaced the whole table, and the accept window that decided which slices were closed. A movement of the same backup again reconstructs the state
 * before it ({@link #before}), so it decides as the first did.
 *
 * @param source {@code keyspace.namespace}
 * @param window the window, as {@link TimeWindow#text()}
 * @param acceptWindow the accept window, as {@link java.time.Duration#toString()}; null when an
 *        older lineage lacks it
 * @param backup the backup moved: location, name and reference time
 * @param closed every closed slice the table holds, appended by this movement or an earlier one
 * @param appended the closed slices this movement appended
 * @param open the slices the table holds rows of that were open when read: read by this movement,
 *        or by an earlier one and no longer listed (their rows kept as that read left them)
 * @param whole whether this movement replaced every row of the table
 */
record SliceLineage(String source, String window, String acceptWindow, String backup, List<SliceRange> closed,
                    List<SliceRange> appended, List<SliceRange> open, boolean whole) {
    static final String PREFIX = "timeseries.";
    /** How {@link io.movedata.api.TargetSnapshot#lineage()} gives the connector's entries back. */
    private static final String READ_PREFIX = "connector." + PREFIX;
    private static final String NONE = "-";

    /** A table and its {@code [start, end)}: a slice as lineage records it. */
    record SliceRange(String table, Instant start, Instant end) {
        static SliceRange of(Slice slice) {
            return new SliceRange(slice.table(), slice.start(), slice.end());
        }

        String text() {
            return table + "@" + start + "/" + end;
        }

        static SliceRange parse(String text) {
            int at = text.lastIndexOf('@');
            int slash = text.lastIndexOf('/');
            if (at < 1 || slash < at) {
                throw new IllegalArgumentException("expected table@start/end, found '" + text + "'");
            }
            return new SliceRange(text.substring(0, at), Instant.parse(text.substring(at + 1, slash)),
                    Instant.parse(text.substring(slash + 1)));
        }
    }

    /** The entries for {@link io.movedata.api.TargetWrite#lineage()}. */
    Map<String, String> entries() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(PREFIX + "source", source);
        entries.put(PREFIX + "window", window);
        entries.put(PREFIX + "accept-window", acceptWindow);
        entries.put(PREFIX + "backup", backup);
        entries.put(PREFIX + "closed", text(closed));
        entries.put(PREFIX + "appended", text(appended));
        entries.put(PREFIX + "open", text(open));
        entries.put(PREFIX + "whole", Boolean.toString(whole));
        return entries;
    }

    /**
     * The connector's entries of a snapshot's lineage, or why they cannot be used.
     *
     * @param lineage {@link io.movedata.api.TargetSnapshot#lineage()}
     */
    static Recorded read(Map<String, String> lineage) {
        String source = lineage.get(READ_PREFIX + "source");
        if (source == null) {
            return Recorded.unusable("its current snapshot was not written by an incremental time-series movement");
        }
        try {
            return Recorded.of(new SliceLineage(source, lineage.get(READ_PREFIX + "window"),
                    lineage.get(READ_PREFIX + "accept-window"), lineage.get(READ_PREFIX + "backup"),
                    ranges(lineage.get(READ_PREFIX + "closed")), ranges(lineage.get(READ_PREFIX + "appended")),
                    ranges(lineage.get(READ_PREFIX + "open")), Boolean.parseBoolean(lineage.get(READ_PREFIX + "whole"))));
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            return Recorded.unusable("its time-series lineage cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * The slices the table held before the movement that wrote this lineage: for a movement of the
     * same backup, what that movement started from; empty when it replaced the whole table.
     */
    Optional<Held> before(String thisBackup) {
        if (!backup.equals(thisBackup)) {
            return Optional.of(new Held(closed, open));
        }
        if (whole) {
            return Optional.empty();
        }
        List<SliceRange> before = new ArrayList<>(closed);
        before.removeAll(appended);
        // The open slices that movement read are listed by the same backup, so they are read again.
        return Optional.of(new Held(before, open));
    }

    /**
     * What a table holds: closed slices (final, never read again) and open ones (as a read left
     * them).
     */
    record Held(List<SliceRange> closed, List<SliceRange> open) {
        static final Held NOTHING = new Held(List.of(), List.of());

        List<SliceRange> all() {
            List<SliceRange> all = new ArrayList<>(closed);
            all.addAll(open);
            return all;
        }
    }

    private static String text(List<SliceRange> ranges) {
        return ranges.isEmpty() ? NONE : String.join(",", ranges.stream().map(SliceRange::text).toList());
    }

    private static List<SliceRange> ranges(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an entry is missing");
        }
        List<SliceRange> ranges = new ArrayList<>();
        if (!text.equals(NONE)) {
            for (String range : text.split(",")) {
                ranges.add(SliceRange.parse(range));
            }
        }
        return ranges;
    }

    /**
     * A target's lineage as read: usable ({@code lineage} set) or not ({@code problem} says why).
     */
    record Recorded(SliceLineage lineage, String problem) {
        static final Recorded NEW_TABLE = new Recorded(null, null);

        static Recorded of(SliceLineage lineage) {
            return new Recorded(lineage, null);
        }

        static Recorded unusable(String problem) {
            return new Recorded(null, problem);
        }
    }
}
