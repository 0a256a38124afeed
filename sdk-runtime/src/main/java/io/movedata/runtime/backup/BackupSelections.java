package io.movedata.runtime.backup;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selections a driver has already resolved, by id, so every read of one movement (schema
 * inference, planning, each source table) uses the very same node backups, resolved once: a node
 * backup finishing meanwhile cannot make two reads of one run disagree, and the catalog is not
 * listed and checked again for each.
 */
public final class BackupSelections {
    private static final Map<String, ClusterBackup> REGISTERED = new ConcurrentHashMap<>();

    private BackupSelections() {}

    public static void register(String id, ClusterBackup backup) {
        REGISTERED.put(id, backup);
    }

    public static void unregister(String id) {
        REGISTERED.remove(id);
    }

    public static Optional<ClusterBackup> registered(String id) {
        return Optional.ofNullable(REGISTERED.get(id));
    }
}
