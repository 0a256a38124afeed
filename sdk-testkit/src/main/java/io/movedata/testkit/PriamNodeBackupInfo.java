package io.movedata.testkit;

import java.util.List;

/**
 * What {@link FixtureCluster#backupPriam} wrote for one node, so tests can delete or corrupt
 * specific objects.
 *
 * @param fqdn the fixture node
 * @param token its token: the node's folder, and its name in the backup
 * @param metaKey key of the meta file
 * @param objects the SSTable components the meta file lists ({@code uploaded} false when the
 *     object was already stored by an earlier snapshot, or left out)
 */
public record PriamNodeBackupInfo(String fqdn, String token, String metaKey, List<BackupObject> objects) {

    /** Keys of all SSTable components listed for the node. */
    public List<String> dataKeys() {
        return objects.stream().map(BackupObject::key).toList();
    }

    /** The node's objects of one table. */
    public List<BackupObject> objects(String keyspace, String table) {
        return objects.stream().filter(o -> o.keyspace().equals(keyspace) && o.table().equals(table)).toList();
    }
}
