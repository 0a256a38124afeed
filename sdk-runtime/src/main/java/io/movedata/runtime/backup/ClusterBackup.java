package io.movedata.runtime.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.movedata.runtime.store.StoreLocation;

/**
 * The node backups one read uses: those of one backup name, or per node the newest complete one
 * at or before an as-of time. Schema and ring come from this same selection. Nodes of the ring
 * without a usable node backup are listed in {@code unavailable} with the reason; whether the
 * read can go on without them depends on the consistency level asked for.
 *
 * @param location where the backups live
 * @param layout the backup layout's name
 * @param name the backup's name; for an as-of selection the names of the chosen node backups
 * @param asOf the as-of time asked for, or null when chosen by name
 * @param nodes the chosen node backups, by node
 * @param unavailable nodes of the ring without a chosen node backup, with the reason
 * @param topology the ring, by node
 * @param schemaCql the schema of the newest chosen node backup
 * @param decisions why each node backup considered was chosen or rejected
 */
public record ClusterBackup(StoreLocation location, String layout, String name, Instant asOf,
                            SortedMap<String, NodeBackup> nodes, SortedMap<String, String> unavailable,
                            SortedMap<String, NodeTopology> topology, String schemaCql, List<NodeDecision> decisions) {

    /**
     * The time the rows stand for: the latest start among the chosen node backups. Each node's
     * snapshot precedes its upload start, so nothing read is newer than this.
     */
    public Instant referenceTime() {
        return newest().started();
    }

    /** The chosen node backup that started last: the reference time is its start, the schema is its schema. */
    public NodeBackup newest() {
        return newest(nodes.values());
    }

    static NodeBackup newest(java.util.Collection<NodeBackup> backups) {
        return backups.stream().max(Comparator.comparing(NodeBackup::started)).orElseThrow();
    }

    /** Where to point a reader at one node backup in messages: {@code s3://b/p backup 'x' node 'n'}. */
    public String describe(String node) {
        NodeBackup backup = nodes.get(node);
        return location + " backup '" + (backup == null ? name : backup.name()) + "' node '" + node + "'";
    }

    public String describe() {
        return asOf == null ? location + " backup '" + name + "'" : location + " as of " + asOf + " (backups " + name + ")";
    }

    public List<String> nodeNames() {
        return List.copyOf(topology.keySet());
    }

    /** The chosen node backups, {@code node=backup@started}, comma-separated: lineage's record of the selection. */
    public String selection() {
        StringBuilder sb = new StringBuilder();
        for (NodeBackup node : nodes.values()) {
            sb.append(sb.isEmpty() ? "" : ",").append(node.fqdn()).append('=').append(node.name()).append('@').append(node.started());
        }
        return sb.toString();
    }

    /** Unavailable nodes as one readable string: {@code n1 (reason); n2 (reason)}. */
    public String describeUnavailable() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : unavailable.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        return sb.toString();
    }
}
