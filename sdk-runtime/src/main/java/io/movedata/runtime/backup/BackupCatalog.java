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
import java.util.function.Supplier;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStoreException;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.util.Parallel;

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

    private final ObjectStore store;
    private final StoreLocation location;
    private final BackupLayout layout;
    private volatile List<NodeBackupEntry> entries;
    private final Map<NodeBackupEntry, NodeBackup> read = new ConcurrentHashMap<>();

    private BackupCatalog(ObjectStore store, StoreLocation location, BackupLayout layout) {
        this.store = store;
        this.location = location;
        this.layout = layout;
    }

    /**
     * The catalog of the backups at {@code location}, in the layout found there: Priam's when the
     * location is, or directly holds, a folder named {@code <hash>_<app>} whose number is the Java
     * hash of the rest (a name no Medusa host folder has), else Medusa's. Telling them apart costs
     * at most one listing of the location's children, so opening a catalog stays cheap.
     *
     * @throws BackupException when the location holds the Priam backups of several applications, or
     *         cannot be listed because it does not exist (an S3 bucket that is not there)
     */
    public static BackupCatalog open(ObjectStore store, StoreLocation location) {
        BackupLayout layout = listing(store, location, () -> PriamLayout.detect(store, location).<BackupLayout>map(l -> l)
                .orElseGet(() -> new MedusaLayout(store, location)));
        return new BackupCatalog(store, location, layout);
    }

    /**
     * {@code listing.get()}, except that listing a bucket that does not exist fails: that is a
     * location mistyped, not a store failing, and is said so.
     */
    private static <T> T listing(ObjectStore store, StoreLocation location, Supplier<T> listing) {
        try {
            return listing.get();
        } catch (ObjectStoreException e) {
            throw store.whyEmpty(location.keyPrefix()).map(why -> new BackupException(ErrorKind.INVALID_INPUT, "Backup location " + location + " "
                    + why, e)).orElseThrow(() -> e);
        }
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
            listed = listing(store, location, layout::entries).stream()
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

    /**
     * The backup names, sorted; at least one.
     *
     * @throws BackupException when there is none, saying why: the location does not exist, is a
     *         file, holds no objects, or holds objects but not in the layout's places
     */
    public List<String> requireBackupNames() {
        List<String> names = backupNames();
        if (names.isEmpty()) {
            throw new BackupException(ErrorKind.INVALID_INPUT, store.whyEmpty(location.keyPrefix()).map(why -> "Backup location " + location + " " + why)
                    .orElseGet(() -> "No backups at " + location + ": " + (layout.name().equals(MedusaLayout.NAME)
                            ? "expected Medusa backups, " + location.keyPrefix() + "<node>/<backup>/meta/schema.cql"
                            : "the " + layout.name() + " layout there holds no node backup")));
        }
        return names;
    }

    /** The node backup's metadata, with its state after checking its objects. */
    public NodeBackup read(NodeBackupEntry entry) {
        NodeBackup known = read.get(entry);
        if (known != null) {
            return known;
        }
        // Read outside the map: computeIfAbsent would hold a lock over the requests, serializing readAll.
        NodeBackup backup = layout.read(entry);
        NodeBackup raced = read.putIfAbsent(entry, backup);
        return raced == null ? backup : raced;
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
            throw new BackupException(ErrorKind.INVALID_INPUT, "Give a backup name or an as-of time, not both (name '" + name
                    + "', as of " + asOf + ")");
        }
        if (name != null) {
            return named(name);
        }
        if (asOf != null) {
            return asOf(asOf, skewWindow == null ? DEFAULT_SKEW_WINDOW : skewWindow);
        }
        List<String> names = requireBackupNames();
        if (names.size() != 1) {
            throw new BackupException(ErrorKind.INVALID_INPUT, "Name a backup or give an as-of time: " + location + " holds " + names.size()
                    + " backups " + names);
        }
        return named(names.get(0));
    }

    /**
     * Checks that some node has a backup named {@code name}.
     *
     * @throws BackupException when the location holds no backups, or none of that name, saying which it holds
     */
    public void requireBackup(String name) {
        List<String> names = requireBackupNames();
        if (!names.contains(name)) {
            throw new BackupException(ErrorKind.INVALID_INPUT, "No backup named '" + name + "' at " + location + " (" + layout.name()
                    + " layout); backups found: " + names);
        }
    }

    /**
     * The node backups named {@code name}: the complete ones are read, the others are unavailable.
     *
     * @throws BackupException when no node has a backup of that name or none of them is complete
     */
    public ClusterBackup named(String name) {
        requireBackup(name);
        List<NodeBackupEntry> matching = entries().stream().filter(e -> e.name().equals(name)).toList();
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
     * Per node, the newest complete node backup that started at or before {@code asOf}, all within
     * {@code skewWindow} of the newest one chosen. The window ends at the newest complete node
     * backup whose window holds complete node backups of a majority of its ring; so a node that
     * took an extra backup hours after the others does not push them all out, while a node whose
     * latest backup failed leaves it unavailable rather than sending the whole read a day back.
     * When no window reaches a majority, the one with the most nodes wins, the newest on ties.
     * Windows are looked for no further back than one window before the oldest of the newest
     * complete backups of the nodes in the newest node backup's ring.
     *
     * @throws BackupException when no node has a complete backup at or before {@code asOf}
     */
    public ClusterBackup asOf(Instant asOf, Duration skewWindow) {
        requireBackupNames();
        Map<String, List<NodeBackupEntry>> byNode = new TreeMap<>();
        for (NodeBackupEntry entry : entries()) {
            byNode.computeIfAbsent(entry.node(), n -> new ArrayList<>()).add(entry);
        }
        Map<String, NodeBackup> newest = new TreeMap<>();
        List<NodeBackup> newestPerNode = Parallel.map(byNode.values(), nodeEntries -> newestComplete(nodeEntries, asOf));
        int i = 0;
        for (String node : byNode.keySet()) {
            NodeBackup backup = newestPerNode.get(i++);
            if (backup != null) {
                newest.put(node, backup);
            }
        }
        Selection selection = new Selection(null, asOf);
        NodeBackup end = newest.isEmpty() ? null : windowEnd(newest, asOf, skewWindow);
        Instant earliest = end == null ? null : end.started().minus(skewWindow);
        for (Map.Entry<String, List<NodeBackupEntry>> node : byNode.entrySet()) {
            List<NodeBackupEntry> entries = node.getValue();
            if (entries.get(0).started().isAfter(asOf)) {
                selection.note(node.getKey(), "no node backup started at or before " + asOf + " (the first started at "
                        + entries.get(0).started() + ")");
                continue;
            }
            NodeBackup chosen = null;
            for (int e = entries.size() - 1; e >= 0 && chosen == null; e--) {
                NodeBackupEntry entry = entries.get(e);
                if (entry.started().isAfter(asOf)) {
                    continue;
                }
                // Every node backup in the window is looked at; outside it, only those already read say why not.
                boolean inWindow = end != null && !entry.started().isBefore(earliest) && !entry.started().isAfter(end.started());
                NodeBackup backup = inWindow ? read(entry) : read.get(entry);
                if (backup == null) {
                    continue;
                }
                selection.considered.add(backup);
                if (!backup.complete()) {
                    selection.reject(backup, backup.describeState());
                } else if (end == null || backup.started().isAfter(end.started())) {
                    selection.reject(backup, "started after the newest node backup of the selection (" + end.fqdn() + " "
                            + end.name() + " at " + end.started() + "): no window of " + skewWindow + " ending later "
                            + "holds complete node backups of a majority of the ring");
                } else if (backup.started().isBefore(earliest)) {
                    selection.reject(backup, "started more than the skew window " + skewWindow + " before the newest "
                            + "chosen node backup (" + end.fqdn() + " " + end.name() + " at " + end.started() + ")");
                    break;
                } else {
                    chosen = backup;
                    selection.choose(backup, backup == newest.get(node.getKey())
                            ? "the newest complete node backup started at or before " + asOf
                            : "the newest complete node backup in the skew window " + skewWindow + " before " + end.started());
                }
            }
        }
        return selection.assemble(earliest);
    }

    /** The node's newest complete backup started at or before {@code asOf}, reading newest first; null if none. */
    private NodeBackup newestComplete(List<NodeBackupEntry> nodeEntries, Instant asOf) {
        for (int i = nodeEntries.size() - 1; i >= 0; i--) {
            NodeBackupEntry entry = nodeEntries.get(i);
            if (!entry.started().isAfter(asOf)) {
                NodeBackup backup = read(entry);
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
     * up to {@code asOf}, the newest whose
     * window holds complete node backups of a majority of its ring (the token map it recorded, or
     * for layouts that record none, every node with a complete backup); failing that, the one
     * whose window holds the most nodes of its ring, the newest on ties.
     */
    private NodeBackup windowEnd(Map<String, NodeBackup> newest, Instant asOf, Duration skewWindow) {
        // Only nodes still in the ring the newest node backup recorded set how far back to look: a node
        // removed months ago would otherwise make every node backup since then be read and checked.
        NodeBackup newestOverall = ClusterBackup.newest(newest.values());
        Set<String> current = layout.recordsRing() ? newestOverall.tokenMap().keySet() : newest.keySet();
        Instant floor = newest.values().stream().filter(b -> current.contains(b.fqdn())).map(NodeBackup::started)
                .min(Comparator.naturalOrder()).orElse(newestOverall.started()).minus(skewWindow);
        List<NodeBackupEntry> inRange = entries().stream()
                .filter(e -> !e.started().isBefore(floor) && !e.started().isAfter(asOf)).toList();
        List<NodeBackup> complete = new ArrayList<>(readAll(inRange).stream().filter(NodeBackup::complete).toList());
        complete.sort(Comparator.comparing(NodeBackup::started).reversed());
        NodeBackup best = null;
        long bestCount = -1;
        for (NodeBackup candidate : complete) {
            Instant from = candidate.started().minus(skewWindow);
            Set<String> ring = layout.recordsRing() ? candidate.tokenMap().keySet() : newest.keySet();
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

        /** @param earliest for as-of selections, where the skew window starts; null otherwise */
        ClusterBackup assemble(Instant earliest) {
            String where = location + (asOf == null ? " backup '" + name + "'" : " as of " + asOf);
            if (chosen.isEmpty()) {
                throw new BackupException(where + " has no complete node backup (" + layout.name() + " layout): "
                        + describe(decisions));
            }
            List<NodeBackup> newestFirst = new ArrayList<>(chosen.values());
            newestFirst.sort(Comparator.comparing(NodeBackup::started).reversed());
            SortedMap<String, NodeTopology> ring = ring(newestFirst, earliest);
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
            NodeBackup schemaSource = ClusterBackup.newest(chosen.values());
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
