package io.movedata.testkit;

import java.util.List;
import java.util.SortedMap;

import io.movedata.runtime.store.StoreLocation;

/**
 * What {@link FixtureCluster#backup} wrote: one {@link NodeBackupInfo} per node backed up (nodes
 * skipped by {@link BackupOptions#skipNodes} are absent).
 *
 * @param location where the backup was written
 * @param name backup name
 * @param mode differential or full
 * @param nodes per node, by host name
 */
public record ClusterBackupInfo(StoreLocation location, String name, BackupMode mode, SortedMap<String, NodeBackupInfo> nodes) {

    /** The node's part of the backup; throws when the node was not backed up. */
    public NodeBackupInfo node(String fqdn) {
        NodeBackupInfo node = nodes.get(fqdn);
        if (node == null) {
            throw new IllegalArgumentException("Backup '" + name + "' has no node '" + fqdn + "'; it has " + nodes.keySet());
        }
        return node;
    }

    /** Keys of the SSTable components this backup uploaded, over all nodes. */
    public List<String> uploadedDataKeys() {
        return nodes.values().stream().flatMap(n -> n.uploadedDataKeys().stream()).toList();
    }

    /** Keys of all SSTable components the manifests list, over all nodes. */
    public List<String> dataKeys() {
        return nodes.values().stream().flatMap(n -> n.dataKeys().stream()).toList();
    }
}
