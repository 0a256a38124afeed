package io.movedata.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.store.ByteSizes;

/** How the {@code backups} commands print times, node backups and replication: one way for all three. */
final class BackupText {
    /** Shown for a value there is none of (a finish time of a node backup that never finished). */
    static final String NONE = "-";

    private BackupText() {}

    /** ISO-8601 in UTC, as {@code --as-of} takes it: {@code 2026-11-20T00:00:00Z}. */
    static String time(Instant instant) {
        return instant.toString();
    }

    /** {@code value}, or {@link #NONE} for null: how the text shows what the JSON leaves null. */
    static String orNone(String value) {
        return value == null ? NONE : value;
    }

    static String time(Optional<Instant> instant) {
        return instant.map(BackupText::time).orElse(NONE);
    }

    /** {@code node1.example.net b1}: a node backup in one-line messages. */
    static String label(NodeBackup backup) {
        return backup.fqdn() + " " + backup.name();
    }

    /** The first problem, and how many more there are: a cell that stays on one line. */
    static String firstProblem(NodeBackup backup) {
        List<String> problems = backup.problems();
        if (problems.isEmpty()) {
            return "";
        }
        return problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }

    /** {@code differential} or {@code full}, as Medusa calls the two modes. */
    static String mode(NodeBackup backup) {
        return backup.complete() ? (backup.differential() ? "differential" : "full") : NONE;
    }

    /** {@code SimpleStrategy 2}, {@code NetworkTopologyStrategy dc1:3 dc2:3}. */
    static String replication(Replication replication) {
        if (replication instanceof Replication.Simple simple) {
            return Replication.SIMPLE_STRATEGY + " " + simple.replicationFactor();
        }
        Replication.NetworkTopology nts = (Replication.NetworkTopology) replication;
        StringBuilder text = new StringBuilder(Replication.NETWORK_TOPOLOGY_STRATEGY);
        new TreeMap<>(nts.datacenterFactors()).forEach((dc, factor) -> text.append(' ').append(dc).append(':').append(factor));
        if (nts.defaultFactor() > 0) {
            text.append(" others:").append(nts.defaultFactor());
        }
        return text.toString();
    }

    /** Bytes of every object the chosen node backups list. */
    static long size(ClusterBackup backup) {
        return backup.nodes().values().stream().mapToLong(NodeBackup::size).sum();
    }

    /**
     * The lines that head every view of one selection: what it is, where, the reference time, the
     * backups and nodes it uses and their size.
     *
     * @param skewWindow the window an as-of selection was made with; ignored for a backup name
     */
    static String heading(ClusterBackup backup, Duration skewWindow) {
        StringBuilder text = new StringBuilder();
        if (backup.asOf() == null) {
            text.append("Backup '").append(backup.name()).append("' at ").append(backup.location());
        } else {
            text.append("As of ").append(time(backup.asOf())).append(" at ").append(backup.location());
        }
        text.append(" (").append(backup.layout()).append(" layout)");
        if (backup.asOf() != null) {
            text.append(", skew window ").append(skewWindow);
        }
        text.append('\n');
        text.append("reference time: ").append(time(backup.referenceTime())).append('\n');
        if (backup.asOf() != null) {
            text.append("backups: ").append(backup.name()).append('\n');
        }
        text.append("nodes: ").append(backup.nodes().size()).append(" of ").append(backup.topology().size())
                .append(" available\n");
        text.append("size: ").append(ByteSizes.text(size(backup))).append('\n');
        return text.toString();
    }

    /** {@code node: reason} lines, indented, for a selection's unavailable nodes; {@code none} when there are none. */
    static String unavailable(Map<String, String> unavailable) {
        if (unavailable.isEmpty()) {
            return "unavailable nodes: none\n";
        }
        StringBuilder text = new StringBuilder("unavailable nodes: " + unavailable.size() + "\n");
        for (Map.Entry<String, String> node : unavailable.entrySet()) {
            text.append("  ").append(node.getKey()).append(": ").append(node.getValue()).append('\n');
        }
        return text.toString();
    }
}
