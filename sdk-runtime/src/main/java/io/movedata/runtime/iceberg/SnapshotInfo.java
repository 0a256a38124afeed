package io.movedata.runtime.iceberg;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot written by a movement, as {@link IcebergSink#history} lists it.
 *
 * @param snapshotId the id to time travel to ({@code spark.read().option("snapshot-id", id)})
 * @param committedAt when it was committed
 * @param operation Iceberg's operation: {@code append}, {@code overwrite}, ...
 * @param summary the whole snapshot summary: Iceberg's counts and the {@code movedata.*} lineage
 */
public record SnapshotInfo(long snapshotId, Instant committedAt, String operation, Map<String, String> summary) {
    public SnapshotInfo {
        summary = Map.copyOf(summary);
    }

    /**
     * The lineage of the movement that wrote this snapshot: its {@code movedata.} summary entries
     * (the fingerprint included) without the prefix; empty when no movement wrote it.
     */
    public Map<String, String> lineage() {
        Map<String, String> lineage = new TreeMap<>();
        summary.forEach((key, value) -> {
            if (key.startsWith(Lineage.PREFIX)) {
                lineage.put(key.substring(Lineage.PREFIX.length()), value);
            }
        });
        return lineage;
    }

    /** The lineage fingerprint of the movement that wrote this snapshot. */
    public String fingerprint() {
        return summary.get(Lineage.FINGERPRINT_KEY);
    }
}
