package io.movedata.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The current snapshot of a connector's target table, as an earlier movement left it.
 *
 * <p>Not yet stable ({@link Unstable}): no connector shipped with movedata reads it yet. Its intended
 * user, a time-series connector that moves only the time slices closed since the backup its tables
 * hold, is not written yet and may need it to change.
 *
 * @param table the Iceberg table, {@code catalog.namespace.table}
 * @param snapshotId the snapshot's id
 * @param committedAt when it was committed
 * @param lineage the movement's lineage recorded in the snapshot, without the {@code movedata.}
 *        prefix ({@code backup.location}, {@code backup.name}, {@code reference-time},
 *        {@code movement-id}, {@code connector}, ...); empty when no movement wrote it
 */
@Unstable
public record TargetSnapshot(String table, long snapshotId, Instant committedAt, Map<String, String> lineage) {

    public TargetSnapshot {
        Objects.requireNonNull(table, "table");
        lineage = Map.copyOf(lineage);
    }
}
