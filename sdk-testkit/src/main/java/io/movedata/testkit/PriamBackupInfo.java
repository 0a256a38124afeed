package io.movedata.testkit;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.runtime.store.StoreLocation;

/**
 * What {@link FixtureCluster#backupPriam} wrote: one {@link PriamNodeBackupInfo} per node backed
 * up (nodes skipped by {@link BackupOptions#skipNodes} are absent).
 *
 * @param location the application folder {@code <base>/<hash>_<app>}, a location readers accept
 * @param name the node backups' name: the snapshot's minute, {@code yyyyMMddHHmm} (UTC)
 * @param snapshotTime the snapshot time in the meta files' keys (whole seconds)
 * @param nodes per node, by host name
 */
public record PriamBackupInfo(StoreLocation location, String app, String name, Instant snapshotTime, Compression compression,
                              SortedMap<String, PriamNodeBackupInfo> nodes) {

    /** The node's part of the backup; throws when the node was not backed up. */
    public PriamNodeBackupInfo node(String fqdn) {
        PriamNodeBackupInfo node = nodes.get(fqdn);
        if (node == null) {
            throw new IllegalArgumentException("Priam backup " + name + " has no node '" + fqdn + "'; it has " + nodes.keySet());
        }
        return node;
    }

    /** Keys of the SSTable components the meta files list, over all nodes. */
    public List<String> dataKeys() {
        return nodes.values().stream().flatMap(n -> n.dataKeys().stream()).toList();
    }
}
