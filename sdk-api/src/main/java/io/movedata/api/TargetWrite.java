package io.movedata.api;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the runtime writes one target's frame when the connector, not the movement's mode, decides
 * which of the table's rows it replaces: an incremental write. The table's rows that match
 * {@code replacingRowsWhere} are removed and the frame's rows added, in one snapshot; the other rows
 * stay. Every row of the frame must match the condition too (a row outside it fails the write), so
 * a rerun replaces exactly what it wrote; the condition {@code false} only adds rows. The condition
 * is an Iceberg row filter: Iceberg removes whole data files, and refuses a file only some of whose
 * rows match (the write then fails and leaves the table as it was), so a connector chooses
 * conditions its own earlier writes' files fall wholly inside or outside of.
 *
 * <p>{@code lineage} is recorded in the new snapshot's summary as {@code movedata.connector.<key>},
 * and read back by the next movement through {@link ConnectorContext#currentSnapshot} (as
 * {@code connector.<key>}): it is how a connector remembers what it has written. Each snapshot must
 * carry everything the next movement needs, since only the current snapshot is read.
 *
 * <p>Not yet stable ({@link Unstable}): added for the time-series connector (issue 14), which
 * replaces its open slices' rows and records the closed slices it has appended.
 *
 * @param target a target name the connector declares in {@link Connector#targets}
 * @param replacingRowsWhere a Spark SQL boolean expression over the target's columns, e.g.
 *        {@code event_time >= TIMESTAMP '2026-12-01 00:00:00 UTC'}; {@code false} only adds rows
 * @param lineage entries for the snapshot's summary; keys are lower-case words joined by {@code .},
 *        {@code -} or {@code _}
 */
@Unstable
public record TargetWrite(String target, String replacingRowsWhere, Map<String, String> lineage) {
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");

    /**
     * @throws IllegalArgumentException when the condition is blank, or a lineage key is not a
     *         lower-case word or has no value
     */
    public TargetWrite {
        Objects.requireNonNull(target, "target");
        if (replacingRowsWhere == null || replacingRowsWhere.isBlank()) {
            throw new IllegalArgumentException("Target '" + target + "' needs a condition for the rows it replaces, found '"
                    + replacingRowsWhere + "'");
        }
        lineage.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches() || value == null) {
                throw new IllegalArgumentException("Target '" + target + "' lineage entry '" + key + "' = '" + value
                        + "' is expected to be a lower-case key (words joined by '.', '-' or '_') with a value");
            }
        });
        lineage = Map.copyOf(lineage);
    }

    /** Replaces the rows matching {@code condition} with the frame's rows, recording no lineage of its own. */
    public static TargetWrite replacingRowsWhere(String target, String condition) {
        return new TargetWrite(target, condition, Map.of());
    }

    public TargetWrite withLineage(Map<String, String> entries) {
        return new TargetWrite(target, replacingRowsWhere, entries);
    }
}
