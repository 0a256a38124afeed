package io.movedata.runtime.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            listed = listing(store, location, layout::entries).stream().sorted(NodeBackupEntry.ORDER).toList();
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
        NodeChoices choices = new NodeChoices(name, null);
        for (NodeBackup backup : readAll(matching)) {
            choices.considered.add(backup);
            if (backup.complete()) {
                choices.choose(backup, "complete");
            } else {
                choices.reject(backup, backup.describeState());
            }
        }
        return assemble(choices, null);
    }

    /**
     * Per node, the newest complete node backup that started at or before {@code asOf}, all within
     * {@code skewWindow} of the newest one chosen: see {@link AsOfSelection}.
     *
     * @throws BackupException when the location holds no backups, or none started at or before
     *         {@code asOf} (invalid input: a time before the first backup), or when no node has a
     *         complete backup at or before {@code asOf}
     */
    public ClusterBackup asOf(Instant asOf, Duration skewWindow) {
        requireBackupNames();
        Instant first = entries().stream().map(NodeBackupEntry::started).min(Comparator.naturalOrder()).orElseThrow();
        if (first.isAfter(asOf)) {
            throw new BackupException(ErrorKind.INVALID_INPUT, "No node backup at " + location + " started at or before " + asOf
                    + "; the first started at " + first);
        }
        AsOfSelection.Result result = AsOfSelection.select(entries(), asOf, skewWindow, layout.recordsRing(),
                new AsOfSelection.Reader() {
                    @Override
                    public NodeBackup read(NodeBackupEntry entry) {
                        return BackupCatalog.this.read(entry);
                    }

                    @Override
                    public Optional<NodeBackup> ifRead(NodeBackupEntry entry) {
                        return Optional.ofNullable(read.get(entry));
                    }
                });
        return assemble(result.choices(), result.windowStart());
    }

    /**
     * The selection the choices make, with the ring, schema and unavailable nodes of that selection.
     *
     * @param earliest for as-of selections, where the skew window starts; null otherwise
     * @throws BackupException when nothing is chosen, or nothing chosen is in the selection's ring
     */
    private ClusterBackup assemble(NodeChoices choices, Instant earliest) {
        String where = location + (choices.asOf == null ? " backup '" + choices.name + "'" : " as of " + choices.asOf);
        if (choices.chosen.isEmpty()) {
            throw new BackupException(where + " has no complete node backup (" + layout.name() + " layout): "
                    + choices.describe());
        }
        List<NodeBackup> newestFirst = new ArrayList<>(choices.chosen.values());
        newestFirst.sort(Comparator.comparing(NodeBackup::started).reversed());
        SortedMap<String, NodeTopology> ring = ring(newestFirst, choices.considered, earliest);
        for (NodeBackup backup : newestFirst) {
            NodeTopology inRing = ring.get(backup.fqdn());
            if (inRing == null) {
                choices.unchoose(backup, "not in the ring of the selection (" + ring.keySet() + "): replaced or removed since it was taken");
            } else if (backup.self().isPresent()
                    && !new HashSet<>(backup.self().get().tokens()).equals(new HashSet<>(inRing.tokens()))) {
                choices.unchoose(backup, "its tokens differ from the ring of the selection: they moved since it was taken");
            }
        }
        SortedMap<String, String> unavailable = new TreeMap<>();
        for (String node : ring.keySet()) {
            if (!choices.chosen.containsKey(node)) {
                unavailable.put(node, choices.lastReason(node));
            }
        }
        if (choices.chosen.isEmpty()) {
            throw new BackupException(where + " has no usable node backup: " + choices.describe());
        }
        NodeBackup schemaSource = ClusterBackup.newest(choices.chosen.values());
        String label = choices.name != null ? choices.name
                : String.join("+", new TreeSet<>(choices.chosen.values().stream().map(NodeBackup::name).toList()));
        List<NodeDecision> sorted = new ArrayList<>(choices.decisions);
        sorted.sort(Comparator.comparing(NodeDecision::node));
        return new ClusterBackup(location, layout.name(), label, choices.asOf, Collections.unmodifiableSortedMap(new TreeMap<>(choices.chosen)),
                Collections.unmodifiableSortedMap(unavailable), Collections.unmodifiableSortedMap(ring),
                layout.schemaCql(schemaSource), List.copyOf(sorted));
    }

    /**
     * The ring of the selection. Where node backups record their datacenter's ring, each
     * datacenter's comes from its newest chosen node backup. Otherwise every node with a node
     * backup near the selection (chosen or not, from {@code earliest} on) is in it, with the
     * tokens that node backup recorded.
     */
    private SortedMap<String, NodeTopology> ring(List<NodeBackup> newestFirst, List<NodeBackup> considered, Instant earliest) {
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
}
