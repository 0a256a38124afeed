package io.movedata.runtime.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A node backup as the listing shows it, before its metadata is read.
 *
 * @param node the node's name in the layout (Medusa: host name; Priam: token)
 * @param name the backup's name (Medusa: the backup name; Priam: the meta file's minute)
 * @param started when the node backup started: the time its data stands for
 * @param finished when it finished, if the listing shows it finished (Medusa: manifest.json)
 * @param metaKey where its metadata lives (a prefix or a key), for messages and for reading it
 */
public record NodeBackupEntry(String node, String name, Instant started, Optional<Instant> finished, String metaKey) {

    /** By node, then start time, then name. */
    public static final Comparator<NodeBackupEntry> ORDER = Comparator.comparing(NodeBackupEntry::node)
            .thenComparing(NodeBackupEntry::started).thenComparing(NodeBackupEntry::name);
}
