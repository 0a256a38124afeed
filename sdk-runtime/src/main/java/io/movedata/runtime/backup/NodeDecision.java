package io.movedata.runtime.backup;

import java.time.Instant;

/**
 * Why a node backup was or was not used for a read, or why a node has none.
 *
 * @param node the node
 * @param backup the node backup's name, or null when the node has none to consider
 * @param started when that node backup started, or null
 * @param chosen whether the read uses it
 * @param reason the reason, in words
 */
public record NodeDecision(String node, String backup, Instant started, boolean chosen, String reason) {

    /** {@code node1: backup-2 (2026-11-20T00:00:01Z) chosen: newest complete at or before ...}. */
    public String describe() {
        return node + ": " + (backup == null ? "" : backup + " (" + started + ") ") + (chosen ? "chosen" : "rejected")
                + ": " + reason;
    }
}
