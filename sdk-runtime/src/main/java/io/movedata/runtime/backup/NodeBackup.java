package io.movedata.runtime.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;

/**
 * One node's part of a backup, as read from its metadata and checked against the store.
 *
 * @param entry the node backup as listed
 * @param state whether it can be read
 * @param problems why it is not complete; empty when it is
 * @param tokenMap the ring as the node saw it, by node name (Medusa: its datacenter's nodes;
 *     Priam: the node alone); may be empty for a backup too broken to tell
 * @param serverVersion Cassandra's release version, when the backup recorded it
 * @param differential whether SSTables live once per node rather than once per backup
 * @param manifest the tables and objects of the backup; empty when none was read
 */
public record NodeBackup(NodeBackupEntry entry, State state, List<String> problems,
                         Map<String, NodeTopology> tokenMap, Optional<String> serverVersion,
                         boolean differential, List<ManifestTable> manifest) {

    /** How far a node backup got, judged from the objects in the store alone. */
    public enum State {
        /** Its first objects exist but it never finished (or is still running). */
        STARTED,
        /** It finished and every object it lists exists as listed. */
        COMPLETE,
        /** It finished but cannot be read as it is: see the problems. */
        INVALID
    }

    public String fqdn() {
        return entry.node();
    }

    public String name() {
        return entry.name();
    }

    public Instant started() {
        return entry.started();
    }

    public Optional<Instant> finished() {
        return entry.finished();
    }

    public boolean complete() {
        return state == State.COMPLETE;
    }

    /** The node's own place in the ring, when the backup recorded it. */
    public Optional<NodeTopology> self() {
        return Optional.ofNullable(tokenMap.get(fqdn()));
    }

    /** The state and, when not complete, the first problem: {@code COMPLETE}, {@code INVALID: ...}. */
    public String describeState() {
        return problems.isEmpty() ? state.name() : state + ": " + String.join("; ", problems);
    }

    /** The manifest's entry for {@code keyspace.table}, if the node backed it up. */
    public Optional<ManifestTable> table(String keyspace, String table) {
        return manifest.stream().filter(t -> t.keyspace().equals(keyspace) && t.table().equals(table)).findFirst();
    }

    /** Bytes of every object the manifest lists. */
    public long size() {
        return manifest.stream().flatMap(t -> t.objects().stream()).mapToLong(ManifestObject::size).sum();
    }
}
