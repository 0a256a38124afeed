package io.movedata.runtime.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.movedata.runtime.util.Parallel;

/**
 * Which node backups an as-of read uses: per node, the newest complete node backup that started
 * at or before the as-of time, all within the skew window of the newest one chosen. The window
 * ends at the newest complete node backup whose window holds complete node backups of a majority
 * of its ring; so a node that took an extra backup hours after the others does not push them all
 * out, while a node whose latest backup failed leaves it unavailable rather than sending the whole
 * read a day back. When no window reaches a majority, the one with the most nodes wins, the newest
 * on ties. Windows are looked for no further back than one window before the oldest of the newest
 * complete backups of the nodes in the newest node backup's ring.
 *
 * <p>A decision over node backup entries alone: reading a node backup's metadata is the
 * {@link Reader}'s job (the catalog reads the store; tests hand in records), and only the entries
 * the decision needs are read.
 */
final class AsOfSelection {

    /** Reads node backups for the selection. */
    interface Reader {
        /** The node backup's metadata, with its state after checking its objects. */
        NodeBackup read(NodeBackupEntry entry);

        /** The node backup if it has been read already, without reading it. */
        Optional<NodeBackup> ifRead(NodeBackupEntry entry);
    }

    /**
     * @param choices the node backups chosen, those rejected and nodes without any, with reasons;
     *     nothing chosen when no node has a complete node backup at or before the as-of time
     * @param windowStart where the skew window starts; null when nothing could be chosen
     */
    record Result(NodeChoices choices, Instant windowStart) {}

    private final Map<String, List<NodeBackupEntry>> byNode = new TreeMap<>();
    private final List<NodeBackupEntry> entries;
    private final Instant asOf;
    private final Duration skewWindow;
    private final boolean recordsRing;
    private final Reader reader;

    private AsOfSelection(Collection<NodeBackupEntry> entries, Instant asOf, Duration skewWindow, boolean recordsRing,
            Reader reader) {
        this.entries = entries.stream().sorted(NodeBackupEntry.ORDER).toList();
        this.asOf = asOf;
        this.skewWindow = skewWindow;
        this.recordsRing = recordsRing;
        this.reader = reader;
        for (NodeBackupEntry entry : this.entries) {
            byNode.computeIfAbsent(entry.node(), n -> new ArrayList<>()).add(entry);
        }
    }

    /**
     * @param entries every node backup at the location
     * @param recordsRing whether node backups record their ring (the layout's token map); else the
     *     ring is every node with a complete node backup
     */
    static Result select(Collection<NodeBackupEntry> entries, Instant asOf, Duration skewWindow, boolean recordsRing,
            Reader reader) {
        return new AsOfSelection(entries, asOf, skewWindow, recordsRing, reader).select();
    }

    private Result select() {
        Map<String, NodeBackup> newest = new TreeMap<>();
        List<NodeBackup> newestPerNode = Parallel.map(byNode.values(), this::newestComplete);
        int i = 0;
        for (String node : byNode.keySet()) {
            NodeBackup backup = newestPerNode.get(i++);
            if (backup != null) {
                newest.put(node, backup);
            }
        }
        NodeChoices choices = new NodeChoices(null, asOf);
        NodeBackup end = newest.isEmpty() ? null : windowEnd(newest);
        Instant earliest = end == null ? null : end.started().minus(skewWindow);
        for (Map.Entry<String, List<NodeBackupEntry>> node : byNode.entrySet()) {
            List<NodeBackupEntry> nodeEntries = node.getValue();
            if (nodeEntries.get(0).started().isAfter(asOf)) {
                choices.note(node.getKey(), "no node backup started at or before " + asOf + " (the first started at "
                        + nodeEntries.get(0).started() + ")");
                continue;
            }
            boolean chosen = false;
            for (int e = nodeEntries.size() - 1; e >= 0 && !chosen; e--) {
                NodeBackupEntry entry = nodeEntries.get(e);
                if (entry.started().isAfter(asOf)) {
                    continue;
                }
                // Every node backup in the window is looked at; outside it, only those already read say why not.
                boolean inWindow = end != null && !entry.started().isBefore(earliest) && !entry.started().isAfter(end.started());
                Optional<NodeBackup> read = inWindow ? Optional.of(reader.read(entry)) : reader.ifRead(entry);
                if (read.isEmpty()) {
                    continue;
                }
                NodeBackup backup = read.get();
                choices.considered.add(backup);
                if (!backup.complete()) {
                    choices.reject(backup, backup.describeState());
                } else if (end == null || backup.started().isAfter(end.started())) {
                    choices.reject(backup, "started after the newest node backup of the selection (" + end.fqdn() + " "
                            + end.name() + " at " + end.started() + "): no window of " + skewWindow + " ending later "
                            + "holds complete node backups of a majority of the ring");
                } else if (backup.started().isBefore(earliest)) {
                    choices.reject(backup, "started more than the skew window " + skewWindow + " before the newest "
                            + "chosen node backup (" + end.fqdn() + " " + end.name() + " at " + end.started() + ")");
                    break;
                } else {
                    chosen = true;
                    choices.choose(backup, backup == newest.get(node.getKey())
                            ? "the newest complete node backup started at or before " + asOf
                            : "the newest complete node backup in the skew window " + skewWindow + " before " + end.started());
                }
            }
        }
        return new Result(choices, earliest);
    }

    /** The node's newest complete backup started at or before the as-of time, reading newest first; null if none. */
    private NodeBackup newestComplete(List<NodeBackupEntry> nodeEntries) {
        for (int i = nodeEntries.size() - 1; i >= 0; i--) {
            NodeBackupEntry entry = nodeEntries.get(i);
            if (!entry.started().isAfter(asOf)) {
                NodeBackup backup = reader.read(entry);
                if (backup.complete()) {
                    return backup;
                }
            }
        }
        return null;
    }

    /**
     * The node backup whose start ends the selection's window: of the complete node backups from
     * one window before the oldest of the newest ones of the nodes in the newest node backup's ring
     * up to the as-of time, the newest whose window holds complete node backups of a majority of
     * its ring (the token map it recorded, or for layouts that record none, every node with a
     * complete backup); failing that, the one whose window holds the most nodes of its ring, the
     * newest on ties.
     */
    private NodeBackup windowEnd(Map<String, NodeBackup> newest) {
        // Only nodes still in the ring the newest node backup recorded set how far back to look: a node
        // removed months ago would otherwise make every node backup since then be read and checked.
        NodeBackup newestOverall = ClusterBackup.newest(newest.values());
        Set<String> current = recordsRing ? newestOverall.tokenMap().keySet() : newest.keySet();
        Instant floor = newest.values().stream().filter(b -> current.contains(b.fqdn())).map(NodeBackup::started)
                .min(Comparator.naturalOrder()).orElse(newestOverall.started()).minus(skewWindow);
        List<NodeBackupEntry> inRange = entries.stream()
                .filter(e -> !e.started().isBefore(floor) && !e.started().isAfter(asOf)).toList();
        List<NodeBackup> complete = new ArrayList<>(Parallel.map(inRange, reader::read).stream()
                .filter(NodeBackup::complete).toList());
        complete.sort(Comparator.comparing(NodeBackup::started).reversed());
        NodeBackup best = null;
        long bestCount = -1;
        for (NodeBackup candidate : complete) {
            Instant from = candidate.started().minus(skewWindow);
            Set<String> ring = recordsRing ? candidate.tokenMap().keySet() : newest.keySet();
            long count = complete.stream()
                    .filter(b -> !b.started().isBefore(from) && !b.started().isAfter(candidate.started()))
                    .map(NodeBackup::fqdn).filter(ring::contains).distinct().count();
            if (count * 2 > ring.size()) {
                return candidate;
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }
}
