package io.movedata.runtime.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ChecksumVerification;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.backup.NodeDecision;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.coverage.ReadCoverage;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.sstable.SchemaException;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.ObjectStore;

/**
 * Are the node backups in question whole (listed objects present with their sizes, or with
 * checksums also read and matching), and could a read at each consistency level asked for proceed
 * on them? Nothing is printed: the answer is one {@link Result}, which {@code movedata backups
 * verify} shows as text or as JSON.
 */
public final class BackupVerification {
    /** The levels checked when none are asked for. */
    public static final List<Consistency> DEFAULT_LEVELS = List.of(Consistency.ONE, Consistency.QUORUM, Consistency.ALL);

    /**
     * What to verify.
     *
     * @param backup the one backup to verify, or null for every backup (or the as-of selection)
     * @param asOf verify the node backups a read as of this time would use; null to go by name
     * @param skewWindow the as-of selection's skew window
     * @param levels the consistency levels to check reads at; null for {@link #DEFAULT_LEVELS}
     * @param keyspace the one keyspace to check reads of; null for every keyspace but Cassandra's own
     * @param checksums whether to read every object of the complete node backups and compare its checksums
     */
    public record Request(String backup, Instant asOf, Duration skewWindow, List<Consistency> levels, String keyspace,
                          boolean checksums) {}

    /** A node backup checked. */
    public record CheckedNodeBackup(String node, String backup, String started, String finished, int objects, long bytes,
                                    String state) {}

    /**
     * A read checked.
     *
     * @param keyspace null when the backup cannot be read at all
     * @param consistency null when no level was checked: the backup or keyspace cannot be read, or
     *     its replication is node-local
     */
    public record CheckedRead(String backup, String keyspace, String consistency, boolean readable, String detail) {

        /** {@code readable}, {@code unreadable}, or {@code skipped} for a keyspace no read places by token. */
        public String outcome() {
            return !readable ? "unreadable" : consistency == null ? "skipped" : "readable";
        }
    }

    /**
     * What was found; its components are the fields of {@code backups verify --json} (docs/backups.md).
     *
     * @param checked what was verified: {@code every backup}, {@code backup 'b1'}, {@code as of T, skew window W}
     * @param check how: {@code listing (sizes and presence)} or {@code checksums (...)}
     * @param passedOver for an as-of selection, each node backup not chosen and why; null otherwise
     * @param problems each problem of a node backup checked, {@code node backup: problem}
     * @param checksumMismatches with checksums, each object that differs; null without
     * @param checksummedObjects with checksums, how many objects were read; 0 without
     * @param unavailable per backup (or as-of selection), its ring's nodes without a usable node backup, with why
     * @param result {@code ok} or {@code FAILED}
     * @param summary the sentence that says so, with the counts
     */
    public record Result(String checked, String check, String location, String layout, List<CheckedNodeBackup> nodeBackups,
                         List<String> passedOver, List<String> problems, List<ChecksumVerification.Mismatch> checksumMismatches,
                         @JsonIgnore long checksummedObjects, Map<String, Map<String, String>> unavailable,
                         List<CheckedRead> reads, String result, String summary) {

        /** Whether everything checked is whole and every read checked can proceed. */
        public boolean ok() {
            return result.equals("ok");
        }
    }

    private final ObjectStore store;
    private final BackupCatalog catalog;
    private final Request request;

    private BackupVerification(ObjectStore store, BackupCatalog catalog, Request request) {
        this.store = store;
        this.catalog = catalog;
        this.request = request;
    }

    /**
     * Verifies what {@code request} asks for at the catalog's location.
     *
     * @throws BackupException when the location holds no backups, none of the name asked for, or
     *         no node backup started at or before the as-of time
     * @throws SchemaException when the keyspace asked for is in no verified backup's schema
     */
    public static Result verify(ObjectStore store, BackupCatalog catalog, Request request) {
        return new BackupVerification(store, catalog, request).verify();
    }

    private Result verify() {
        List<String> names = catalog.requireBackupNames();
        if (request.backup() != null) {
            catalog.requireBackup(request.backup());
        }
        Instant asOf = request.asOf();
        Map<String, ClusterBackup> selections = new LinkedHashMap<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        List<NodeBackup> checked;
        List<String> passedOver = null;
        String what;
        if (asOf != null) {
            what = "as of " + asOf + ", skew window " + request.skewWindow();
            checked = List.of();
            passedOver = new ArrayList<>();
            try {
                ClusterBackup selection = catalog.asOf(asOf, request.skewWindow());
                selections.put(selection.name(), selection);
                checked = List.copyOf(selection.nodes().values());
                for (NodeDecision decision : selection.decisions()) {
                    if (!decision.chosen()) {
                        passedOver.add(decision.describe());
                    }
                }
            } catch (BackupException e) {
                if (e.kind() == ErrorKind.INVALID_INPUT) {
                    throw e; // a time before the first backup: the request is wrong, not the backups
                }
                // The catalog's message repeats every node's reason: they are listed as passed over instead.
                unusable.put("as of " + asOf, "none of the node backups can be read: see passed over above");
                for (NodeBackupEntry entry : catalog.entries()) {
                    if (!entry.started().isAfter(asOf)) {
                        NodeBackup node = catalog.read(entry);
                        passedOver.add(label(node) + " (" + node.started() + "): " + node.describeState());
                    }
                }
            }
        } else {
            List<String> verified = request.backup() == null ? names : List.of(request.backup());
            what = request.backup() == null ? "every backup" : "backup '" + request.backup() + "'";
            List<NodeBackupEntry> entries = catalog.entries().stream().filter(e -> verified.contains(e.name())).toList();
            List<NodeBackup> read = new ArrayList<>(catalog.readAll(entries));
            read.sort(Comparator.comparing(NodeBackup::name).thenComparing(NodeBackup::fqdn));
            checked = read;
            for (String backup : verified) {
                try {
                    selections.put(backup, catalog.named(backup));
                } catch (BackupException e) {
                    // When no node backup is complete the catalog's message repeats their problems, listed above.
                    boolean noneComplete = read.stream().filter(node -> node.name().equals(backup)).noneMatch(NodeBackup::complete);
                    unusable.put(backup, noneComplete ? "none of its node backups can be read: see problems above" : e.getMessage());
                }
            }
        }

        // Before the slow checksums: an unknown keyspace is invalid input, found without reading objects.
        List<CheckedRead> reads = reads(selections, unusable);
        ChecksumVerification.Result sums = request.checksums()
                ? ChecksumVerification.verify(store, checked.stream().filter(NodeBackup::complete).toList()) : null;
        List<String> problems = new ArrayList<>();
        for (NodeBackup node : checked) {
            node.problems().forEach(problem -> problems.add(label(node) + ": " + problem));
        }
        long broken = checked.stream().filter(node -> !node.complete()).count();
        long failedReads = reads.stream().filter(read -> !read.readable()).count();
        List<String> failures = new ArrayList<>();
        if (broken > 0) {
            failures.add(broken + " of " + checked.size() + " node backups incomplete or invalid");
        }
        if (sums != null && !sums.mismatches().isEmpty()) {
            failures.add(sums.mismatches().size() + " of " + sums.objects() + " objects differ from their checksums");
        }
        if (failedReads > 0) {
            failures.add(failedReads + " of " + reads.size() + " reads cannot proceed");
        }
        String summary = failures.isEmpty()
                ? "ok: " + checked.size() + " of " + checked.size() + " node backups complete, "
                        + (sums == null ? "" : sums.objects() + " of " + sums.objects() + " objects match, ")
                        + reads.size() + " of " + reads.size() + " reads can proceed"
                : "FAILED: " + String.join(", ", failures);
        String check = sums == null ? "listing (sizes and presence)" : "checksums (every object read: "
                + sums.objects() + " objects, " + ByteSizes.text(sums.bytes()) + "; " + sums.md5Checked() + " by MD5, "
                + sums.digestChecked() + " Data.db by Digest.crc32, " + sums.sizeOnly() + " by size only)";
        Map<String, Map<String, String>> unavailable = new LinkedHashMap<>();
        selections.values().forEach(selection -> unavailable.put(selection.name(), selection.unavailable()));
        return new Result(what, check, catalog.location().toString(), catalog.layout().name(),
                checked.stream().map(BackupVerification::checked).toList(), passedOver, problems,
                sums == null ? null : sums.mismatches(), sums == null ? 0 : sums.objects(), unavailable, reads,
                failures.isEmpty() ? "ok" : "FAILED", summary);
    }

    private static CheckedNodeBackup checked(NodeBackup node) {
        int objects = node.manifest().stream().mapToInt(table -> table.objects().size()).sum();
        return new CheckedNodeBackup(node.fqdn(), node.name(), node.started().toString(),
                node.finished().map(Instant::toString).orElse(null), objects, node.size(), node.state().name());
    }

    /** {@code node1.example.net b1}. */
    private static String label(NodeBackup node) {
        return node.fqdn() + " " + node.name();
    }

    /**
     * A row per backup, keyspace and level (and datacenter, for LOCAL_ levels); a backup without
     * any complete node backup is one failed row.
     *
     * @throws SchemaException when the keyspace asked for is in no backup's schema
     */
    private List<CheckedRead> reads(Map<String, ClusterBackup> selections, Map<String, String> unusable) {
        List<CheckedRead> reads = new ArrayList<>();
        boolean keyspaceFound = false;
        SchemaException absent = null;
        for (ClusterBackup backup : selections.values()) {
            for (String ks : keyspaces(backup)) {
                Optional<Replication> replication;
                try {
                    replication = ReadCoverage.replication(backup, ks);
                    keyspaceFound = true;
                } catch (SchemaException e) {
                    absent = e;
                    reads.add(new CheckedRead(backup.name(), ks, null, false, e.getMessage()));
                    continue;
                } catch (BackupException e) {
                    reads.add(new CheckedRead(backup.name(), ks, null, false, e.getMessage()));
                    continue;
                }
                if (replication.isEmpty()) {
                    reads.add(new CheckedRead(backup.name(), ks, null, true,
                            "node-local replication: each node keeps its own copy, no read by token range"));
                    continue;
                }
                for (Consistency level : request.levels() == null ? DEFAULT_LEVELS : request.levels()) {
                    reads.addAll(reads(backup, ks, replication.get(), level));
                }
            }
        }
        if (request.keyspace() != null && !keyspaceFound && absent != null) {
            throw absent;
        }
        unusable.forEach((backup, reason) -> reads.add(new CheckedRead(backup, null, null, false, reason)));
        return reads;
    }

    private static List<CheckedRead> reads(ClusterBackup backup, String keyspace, Replication replication, Consistency level) {
        // LOCAL_ levels count one datacenter's replicas: each datacenter is its own question.
        List<String> datacenters = new ArrayList<>();
        if (level.isLocal()) {
            backup.topology().values().stream().map(NodeTopology::datacenter).distinct().sorted().forEach(datacenters::add);
        } else {
            datacenters.add(null);
        }
        List<CheckedRead> reads = new ArrayList<>();
        for (String dc : datacenters) {
            String levelText = dc == null ? level.name() : level.name() + " in " + dc;
            try {
                ReadCoverage coverage = ReadCoverage.check(backup, keyspace, replication, level, dc);
                reads.add(new CheckedRead(backup.name(), keyspace, levelText, coverage.readable(),
                        coverage.readable() ? "" : shortfall(coverage)));
            } catch (BackupException e) {
                reads.add(new CheckedRead(backup.name(), keyspace, levelText, false, e.getMessage()));
            }
        }
        return reads;
    }

    /** {@code 2 of 3 token ranges lack replicas: consistency QUORUM needs 2 of the replicas ...}, as a failed read says it. */
    private static String shortfall(ReadCoverage coverage) {
        return coverage.shortRanges().size() + " of " + coverage.ranges() + " token ranges lack replicas: "
                + coverage.shortRanges().get(0).need();
    }

    /** The keyspaces to check: the one asked for, or those the chosen node backups hold but Cassandra's own. */
    private List<String> keyspaces(ClusterBackup backup) {
        if (request.keyspace() != null) {
            return List.of(request.keyspace());
        }
        TreeSet<String> keyspaces = new TreeSet<>();
        for (NodeBackup node : backup.nodes().values()) {
            for (ManifestTable table : node.manifest()) {
                if (!ReadCoverage.cassandraKeyspace(table.keyspace())) {
                    keyspaces.add(table.keyspace());
                }
            }
        }
        return List.copyOf(keyspaces);
    }
}
