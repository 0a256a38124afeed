package io.movedata.runtime.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * What backups a location holds and which node backups a read uses, answered from the objects in
 * the store alone. A node backup is complete when it finished and every object it lists exists as
 * listed; a read picks complete node backups by name, or per node the newest one taken at or
 * before an as-of time, with the schema and ring of that same selection.
 *
 * <p>Listing is cheap (meta folders only); a node backup's metadata is read and its objects
 * checked only when a question needs it, and at most once per catalog.
 */
public final class BackupCatalog {
    /**
     * How far apart the node backups of one as-of selection may have started, by default: nodes
     * snapshot on their own schedules, minutes apart; a node whose newest usable backup is older
     * than this next to the others is treated as having none.
     */
    public static final Duration DEFAULT_SKEW_WINDOW = Duration.ofHours(6);

    private final StoreLocation location;
    private final BackupLayout layout;
    private volatile List<NodeBackupEntry> entries;
    private final Map<NodeBackupEntry, NodeBackup> read = new ConcurrentHashMap<>();

    public BackupCatalog(StoreLocation location, BackupLayout layout) {
        this.location = location;
        this.layout = layout;
    }

    /**
     * The catalog of the backups at {@code location}, in the layout found there: Priam's when the
     * location is, or directly holds, a folder named {@code <hash>_<app>} whose number is the Java
     * hash of the rest (a name no Medusa host folder has), else Medusa's. Telling them apart costs
     * at most one listing of the location's children, so opening a catalog stays cheap.
     *
     * @throws BackupException when the location holds the Priam backups of several applications
     */
    public static BackupCatalog open(ObjectStore store, StoreLocation location) {
        BackupLayout layout = PriamLayout.detect(store, location).<BackupLayout>map(l -> l)
                .orElseGet(() -> new MedusaLayout(store, location));
        return new BackupCatalog(location, layout);
    }

    public StoreLocation location() {
        return location;
    }

    public BackupLayout layout() {
        return layout;
    }

    /** Every node backup that started, by node then start time. */
    public List<NodeBackupEntry> entries() {
        List<NodeBackupEntry> listed = entries;
        if (listed == null) {
            listed = layout.entries().stream()
                    .sorted(Comparator.comparing(NodeBackupEntry::node).thenComparing(NodeBackupEntry::started)
                            .thenComparing(NodeBackupEntry::name))
                    .toList();
            entries = listed;
        }
        return listed;
    }

    /** The backup names, sorted. */
    public List<String> backupNames() {
        return List.copyOf(new TreeSet<>(entries().stream().map(NodeBackupEntry::name).toList()));
    }

    /** The node backup's metadata, with its state after checking its objects. */
    public NodeBackup read(NodeBackupEntry entry) {
        return read.computeIfAbsent(entry, layout::read);
    }

    /** {@link #read} of each, concurrently, in the given order. */
    public List<NodeBackup> readAll(Collection<NodeBackupEntry> entries) {
        return Parallel.map(entries, this::read);
    }

    /**
     * The backup a read asks for: by name, or as of a time, or else the location's only backup.
     *
     * @param skewWindow for as-of selections; null for the default
     */
    public ClusterBackup resolve(String name, Instant asOf, Duration skewWindow) {
        if (name != null && asOf != null) {
            throw new IllegalArgumentException("Give a backup name or an as-of time, not both (name '" + name
                    + "', as of " + asOf + ")");
        }
        if (name != null) {
            return named(name);
        }
        if (asOf != null) {
            return asOf(asOf, skewWindow == null ? DEFAULT_SKEW_WINDOW : skewWindow);
        }
        List<String> names = backupNames();
        if (names.size() != 1) {
            throw new BackupException("Name a backup or give an as-of time: " + location + " holds "
                    + (names.isEmpty() ? "no backups (" + layout.name() + " layout)" : names.size() + " backups " + names));
        }
        return named(names.get(0));
    }

    /**
     * The node backups named {@code name}: the complete ones are read, the others are unavailable.
     *
     * @throws BackupException when no node has a backup of that name or none of them is complete
     */
    public ClusterBackup named(String name) {
        List<NodeBackupEntry> matching = entries().stream().filter(e -> e.name().equals(name)).toList();
        if (matching.isEmpty()) {
            throw new BackupException("No backup named '" + name + "' at " + location + " (" + layout.name()
                    + " layout); backups found: " + backupNames());
        }
        Selection selection = new Selection(name, null);
        for (NodeBackup backup : readAll(matching)) {
            selection.considered.add(backup);
            if (backup.complete()) {
                selection.choose(backup, "complete");
            } else {
                selection.reject(backup, backup.describeState());
            }
        }
        return selection.assemble(null);
    }

    /**
     * Per node, the newest complete node backup that started at or before {@code asOf}; node
     * backups more than {@code skewWindow} older than the newest chosen one are not used.
     *
     * @throws BackupException when no node has a complete backup at or before {@code asOf}
     */
    public ClusterBackup asOf(Instant asOf, Duration skewWindow) {
        Map<String, List<NodeBackupEntry>> byNode = new TreeMap<>();
        for (NodeBackupEntry entry : entries()) {
            byNode.computeIfAbsent(entry.node(), n -> new ArrayList<>()).add(entry);
        }
        Selection selection = new Selection(null, asOf);
        List<List<NodeBackup>> examined = Parallel.map(byNode.values(), nodeEntries -> examine(nodeEntries, asOf));
        int i = 0;
        for (Map.Entry<String, List<NodeBackupEntry>> node : byNode.entrySet()) {
            List<NodeBackup> newestFirst = examined.get(i++);
            if (newestFirst.isEmpty()) {
                selection.note(node.getKey(), "no node backup started at or before " + asOf + " (the first started at "
                        + node.getValue().get(0).started() + ")");
                continue;
            }
            for (NodeBackup backup : newestFirst) {
                selection.considered.add(backup);
                if (backup.complete()) {
                    selection.choose(backup, "the newest complete node backup started at or before " + asOf);
                } else {
                    selection.reject(backup, backup.describeState());
                }
            }
        }
        return selection.assemble(skewWindow);
    }

    /** The node's backups at or before {@code asOf}, newest first, down to the first complete one. */
    private List<NodeBackup> examine(List<NodeBackupEntry> nodeEntries, Instant asOf) {
        List<NodeBackup> examined = new ArrayList<>();
        for (int i = nodeEntries.size() - 1; i >= 0; i--) {
            NodeBackupEntry entry = nodeEntries.get(i);
            if (entry.started().isAfter(asOf)) {
                continue;
            }
            NodeBackup backup = read(entry);
            examined.add(backup);
            if (backup.complete()) {
                break;
            }
        }
        return examined;
    }

    /** The node backups of one read being chosen, and why. */
    private final class Selection {
        private final String name;
        private final Instant asOf;
        private final Map<String, NodeBackup> chosen = new TreeMap<>();
        private final List<NodeBackup> considered = new ArrayList<>();
        private final List<NodeDecision> decisions = new ArrayList<>();

        Selection(String name, Instant asOf) {
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

        void note(String node, String reason) {
            decisions.add(new NodeDecision(node, null, null, false, reason));
        }

        /** Takes a chosen node backup back out of the selection. */
        void unchoose(NodeBackup backup, String reason) {
            chosen.remove(backup.fqdn());
            decisions.removeIf(d -> d.chosen() && d.node().equals(backup.fqdn()));
            reject(backup, reason);
        }

        ClusterBackup assemble(Duration skewWindow) {
            String where = location + (asOf == null ? " backup '" + name + "'" : " as of " + asOf);
            if (chosen.isEmpty()) {
                throw new BackupException(where + " has no complete node backup (" + layout.name() + " layout): "
                        + describe(decisions));
            }
            List<NodeBackup> newestFirst = new ArrayList<>(chosen.values());
            newestFirst.sort(Comparator.comparing(NodeBackup::started).reversed());
            NodeBackup newest = newestFirst.get(0);
            if (skewWindow != null) {
                Instant earliest = newest.started().minus(skewWindow);
                for (NodeBackup backup : newestFirst) {
                    if (backup.started().isBefore(earliest)) {
                        unchoose(backup, "started more than the skew window " + skewWindow + " before the newest chosen "
                                + "node backup (" + newest.fqdn() + " " + newest.name() + " at " + newest.started() + ")");
                    }
                }
                newestFirst.removeIf(b -> !chosen.containsKey(b.fqdn()));
            }
            SortedMap<String, NodeTopology> ring = ring(newestFirst, skewWindow == null ? null : newest.started().minus(skewWindow));
            for (NodeBackup backup : newestFirst) {
                NodeTopology inRing = ring.get(backup.fqdn());
                if (inRing == null) {
                    unchoose(backup, "not in the ring of the selection (" + ring.keySet() + "): replaced or removed since it was taken");
                } else if (backup.self().isPresent()
                        && !new HashSet<>(backup.self().get().tokens()).equals(new HashSet<>(inRing.tokens()))) {
                    unchoose(backup, "its tokens differ from the ring of the selection: they moved since it was taken");
                }
            }
            SortedMap<String, String> unavailable = new TreeMap<>();
            for (String node : ring.keySet()) {
                if (!chosen.containsKey(node)) {
                    unavailable.put(node, lastReason(node));
                }
            }
            if (chosen.isEmpty()) {
                throw new BackupException(where + " has no usable node backup: " + describe(decisions));
            }
            NodeBackup schemaSource = chosen.values().stream().max(Comparator.comparing(NodeBackup::started)).orElseThrow();
            String label = name != null ? name
                    : String.join("+", new TreeSet<>(chosen.values().stream().map(NodeBackup::name).toList()));
            List<NodeDecision> sorted = new ArrayList<>(decisions);
            sorted.sort(Comparator.comparing(NodeDecision::node));
            return new ClusterBackup(location, layout.name(), label, asOf, Collections.unmodifiableSortedMap(new TreeMap<>(chosen)),
                    Collections.unmodifiableSortedMap(unavailable), Collections.unmodifiableSortedMap(ring),
                    layout.schemaCql(schemaSource), List.copyOf(sorted));
        }

        /**
         * The ring of the selection. Where node backups record their datacenter's ring, each
         * datacenter's comes from its newest chosen node backup. Otherwise every node with a node
         * backup near the selection (chosen or not, from {@code earliest} on) is in it, with the
         * tokens that node backup recorded.
         */
        private SortedMap<String, NodeTopology> ring(List<NodeBackup> newestFirst, Instant earliest) {
            SortedMap<String, NodeTopology> ring = new TreeMap<>();
            if (layout.recordsRing()) {
                Set<String> datacenters = new HashSet<>();
                for (NodeBackup backup : newestFirst) {
                    String dc = backup.self().map(NodeTopology::datacenter).orElse("");
                    if (datacenters.add(dc)) {
                        backup.tokenMap().values().stream().filter(n -> n.datacenter().equals(dc)).forEach(n -> ring.put(n.fqdn(), n));
                    }
                }
                return ring;
            }
            for (NodeBackup backup : newestFirst) {
                backup.self().ifPresent(n -> ring.put(n.fqdn(), n));
            }
            for (NodeBackup backup : considered) {
                if ((earliest == null || !backup.started().isBefore(earliest)) && !ring.containsKey(backup.fqdn())) {
                    backup.self().ifPresent(n -> ring.put(n.fqdn(), n));
                }
            }
            return ring;
        }

        private String lastReason(String node) {
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

    private static String describe(List<NodeDecision> decisions) {
        Map<String, List<String>> byNode = new LinkedHashMap<>();
        for (NodeDecision d : decisions) {
            byNode.computeIfAbsent(d.node(), n -> new ArrayList<>()).add(d.describe());
        }
        return byNode.isEmpty() ? "no node backups" : String.join("; ", byNode.values().stream().flatMap(List::stream).toList());
    }
}
