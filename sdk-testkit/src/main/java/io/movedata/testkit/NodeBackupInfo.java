package io.movedata.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link FixtureCluster#backup} wrote for one node, so tests can delete or corrupt specific
 * objects.
 *
 * @param fqdn the node
 * @param metaPrefix {@code <prefix>/<fqdn>/<backup>/meta/}
 * @param schemaKey key of {@code schema.cql}
 * @param tokenmapKey key of {@code tokenmap.json}
 * @param serverVersionKey key of {@code server_version.json}, empty when the backup left it out
 * @param differentialKey key of the {@code differential} marker, empty in full mode
 * @param manifestKey key of {@code manifest.json}, empty when the backup left it out (an unfinished node backup)
 * @param objects the SSTable components of the node at backup time, as the manifest lists them
 */
public record NodeBackupInfo(String fqdn, String metaPrefix, String schemaKey, String tokenmapKey,
                             Optional<String> serverVersionKey, Optional<String> differentialKey,
                             Optional<String> manifestKey, List<BackupObject> objects) {

    /** Keys of the meta objects written, in the order they were written. */
    public List<String> metaKeys() {
        List<String> keys = new ArrayList<>(List.of(schemaKey, tokenmapKey));
        serverVersionKey.ifPresent(keys::add);
        differentialKey.ifPresent(keys::add);
        manifestKey.ifPresent(keys::add);
        return keys;
    }

    /** Keys of all SSTable components listed for the node. */
    public List<String> dataKeys() {
        return objects.stream().map(BackupObject::key).toList();
    }

    /** Keys this backup uploaded (in differential mode, objects already present are not). */
    public List<String> uploadedDataKeys() {
        return objects.stream().filter(BackupObject::uploaded).map(BackupObject::key).toList();
    }

    /** The node's objects of one table. */
    public List<BackupObject> objects(String keyspace, String table) {
        return objects.stream().filter(o -> o.keyspace().equals(keyspace) && o.table().equals(table)).toList();
    }
}
