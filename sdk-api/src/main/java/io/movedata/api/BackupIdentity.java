package io.movedata.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The backup a movement reads.
 *
 * <p>Not yet stable ({@link Unstable}): no connector shipped with movedata uses it yet. Its intended
 * user, a time-series connector that moves only the time slices closed since the backup its tables
 * hold, is not written yet and may need it to change.
 *
 * @param location where the backup lives, e.g. {@code s3://bucket/prefix}
 * @param name the backup's name; for an as-of selection, the distinct names of the chosen node
 *        backups joined with {@code +}
 * @param layout {@code medusa} or {@code priam}
 * @param asOf the time the spec asked for, or null when it named a backup
 * @param referenceTime the time the rows are as of: what {@code SELECT *} returned then
 * @param nodeBackups the node backups read, one per node, as {@code node/backup}
 */
@Unstable
public record BackupIdentity(String location, String name, String layout, Instant asOf, Instant referenceTime,
                             List<String> nodeBackups) {

    public BackupIdentity {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(referenceTime, "referenceTime");
        nodeBackups = List.copyOf(nodeBackups);
    }
}
