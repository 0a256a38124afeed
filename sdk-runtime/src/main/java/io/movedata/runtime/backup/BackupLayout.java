package io.movedata.runtime.backup;

import java.util.List;

/**
 * Reads one backup tool's layout from an object store: which node backups exist (from listings
 * alone, cheaply), and what one of them holds and whether it is whole (by reading its metadata
 * and checking the objects it lists). Implementations are thread-safe.
 */
public interface BackupLayout {

    /** The layout's name as users give it: {@code medusa}, {@code priam}. */
    String name();

    /** Every node backup under the location that has at least started, from listings only. */
    List<NodeBackupEntry> entries();

    /**
     * Reads the node backup's metadata and checks every object it lists against the store. Never
     * throws for a broken backup: the result's state and problems say what is wrong.
     */
    NodeBackup read(NodeBackupEntry entry);

    /** The CREATE statements the node backup recorded. */
    String schemaCql(NodeBackup backup);

    /**
     * Whether a node backup records the ring of its datacenter (Medusa's token map) rather than
     * only the node's own tokens (Priam). Without a recorded ring, the ring is the union of the
     * node backups near the chosen point in time.
     */
    boolean recordsRing();
}
