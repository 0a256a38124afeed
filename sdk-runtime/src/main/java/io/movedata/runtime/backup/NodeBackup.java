package io.movedata.runtime.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's part of a backup, as read from its meta objects.
 *
 * @param fqdn the node's host name as the backup names it
 * @param name the backup name
 * @param metaPrefix key prefix of the node backup's meta objects ({@code .../<fqdn>/<name>/meta/})
 * @param schemaCql the CREATE statements the node backed up
 * @param tokenMap the ring as the node saw it, by host name
 * @param serverVersion Cassandra's release version, or empty when the backup predates the file
 * @param differential whether SSTables live once per node ({@code <fqdn>/data/...}) rather than per backup
 * @param manifest the tables and objects of the backup; empty when the backup has no manifest
 * @param started when the backup started (schema.cql written)
 * @param finished when the backup finished (manifest.json written); empty when incomplete
 */
public record NodeBackup(String fqdn, String name, String metaPrefix, String schemaCql,
                         Map<String, NodeTopology> tokenMap, Optional<String> serverVersion,
                         boolean differential, List<ManifestTable> manifest,
                         Instant started, Optional<Instant> finished) {

    public boolean complete() {
        return finished.isPresent();
    }

    /** The manifest's entry for {@code keyspace.table}, if the node backed it up. */
    public Optional<ManifestTable> table(String keyspace, String table) {
        return manifest.stream().filter(t -> t.keyspace().equals(keyspace) && t.table().equals(table)).findFirst();
    }
}
