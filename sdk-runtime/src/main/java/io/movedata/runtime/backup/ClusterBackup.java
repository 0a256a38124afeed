package io.movedata.runtime.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.movedata.runtime.store.StoreLocation;

/**
 * A cluster backup: the node backups sharing one name. Nodes of the token map that have no
 * complete node backup are listed in {@code unavailable} with the reason; whether the backup can
 * still be read depends on the consistency level asked for.
 *
 * @param location where the backup lives
 * @param name the backup name
 * @param nodes the complete node backups, by host name
 * @param unavailable host names of the token map without a complete node backup, with the reason
 * @param topology the ring, by host name, as recorded by the complete node backups
 */
public record ClusterBackup(StoreLocation location, String name, SortedMap<String, NodeBackup> nodes,
                            SortedMap<String, String> unavailable, SortedMap<String, NodeTopology> topology) {

    /** The schema to read with: the one of the first complete node backup (they agree in practice). */
    public String schemaCql() {
        return nodes.values().iterator().next().schemaCql();
    }

    /**
     * The time the backup stands for: the latest start among its node backups. Each node's
     * snapshot precedes its upload start, so nothing in the backup is newer than this.
     */
    public Instant referenceTime() {
        return nodes.values().stream().map(NodeBackup::started).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** Where to point a reader at one node backup in messages: {@code s3://b/p backup 'x' node 'n'}. */
    public String describe(String fqdn) {
        return location + " backup '" + name + "' node '" + fqdn + "'";
    }

    public String describe() {
        return location + " backup '" + name + "'";
    }

    public List<String> nodeNames() {
        return List.copyOf(topology.keySet());
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
