package io.movedata.runtime.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The node backups a read chose and rejected, each with its reason, in the order decided. */
final class NodeChoices {
    /** The backup name asked for, or null for an as-of selection. */
    final String name;
    /** The as-of time asked for, or null for a selection by name. */
    final Instant asOf;
    final SortedMap<String, NodeBackup> chosen = new TreeMap<>();
    /** Every node backup whose metadata was looked at. */
    final List<NodeBackup> considered = new ArrayList<>();
    final List<NodeDecision> decisions = new ArrayList<>();

    NodeChoices(String name, Instant asOf) {
        this.name = name;
        this.asOf = asOf;
    }

    void choose(NodeBackup backup, String reason) {
        chosen.put(backup.fqdn(), backup);
        decisions.add(new NodeDecision(backup.fqdn(), backup.name(), backup.started(), true, reason));
    }

    void reject(NodeBackup backup, String reason) {
        decisions.add(new NodeDecision(backup.fqdn(), backup.name(), backup.started(), false, reason));
    }

    /** Why a node has no node backup to consider. */
    void note(String node, String reason) {
        decisions.add(new NodeDecision(node, null, null, false, reason));
    }

    /** Takes a chosen node backup back out. */
    void unchoose(NodeBackup backup, String reason) {
        chosen.remove(backup.fqdn());
        decisions.removeIf(d -> d.chosen() && d.node().equals(backup.fqdn()));
        reject(backup, reason);
    }

    /** Every decision, node by node in the order nodes were first decided on. */
    String describe() {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (NodeDecision d : decisions) {
            byNode.computeIfAbsent(d.node(), n -> new ArrayList<>()).add(d.describe());
        }
        return byNode.isEmpty() ? "no node backups" : String.join("; ", byNode.values().stream().flatMap(List::stream).toList());
    }

    /** Why the node has no chosen node backup: the last decision about it. */
    String lastReason(String node) {
        NodeDecision last = null;
        for (NodeDecision d : decisions) {
            if (d.node().equals(node)) {
                last = d;
            }
        }
        if (last == null) {
            return asOf == null ? "no node backup named '" + name + "'" : "no node backup started at or before " + asOf;
        }
        return last.backup() == null ? last.reason() : last.backup() + " (" + last.started() + "): " + last.reason();
    }
}
