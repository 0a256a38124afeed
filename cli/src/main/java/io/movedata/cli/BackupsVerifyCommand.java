package io.movedata.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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
import io.movedata.runtime.coverage.RangeReplicas;
import io.movedata.runtime.coverage.ReadCoverage;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.sstable.SchemaException;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/**
 * {@code movedata backups verify <location> [<backup> | --as-of T] [--checksums]}: are the node
 * backups whole (listed objects present with their sizes, or with {@code --checksums} also read
 * and matching their checksums), and could a read at each consistency level asked for proceed? Exit 0 when everything asked for
 * is, 1 when not, 2 for invalid input.
 */
@Command(name = "verify",
        description = {"Checks the node backups in question (every one at LOCATION, those of BACKUP, or those an --as-of "
                + "read would use): each finished, and every object its manifest lists exists with the listed size "
                + "inside the node's own prefix. Prints each problem with node and key.",
                "Then says, for each keyspace of each backup's schema, whether a read at each consistency level could "
                        + "proceed with the node backups there are, by the same rules a read plans with.",
                "With --checksums, every object of the complete node backups is also read and compared with the MD5 its "
                        + "manifest lists (and each Data.db with its Digest.crc32).",
                "Spark is not started."},
        exitCodeList = {
                "0:every node backup checked is complete (with --checksums: every object matches) and every read checked "
                        + "can proceed",
                "1:a node backup checked is incomplete or damaged, or a read checked cannot proceed (or the object store failed)",
                "2:usage error or invalid input: an unknown backup or keyspace, a bad time, duration, level or location"})
final class BackupsVerifyCommand implements Callable<Integer> {
    private static final List<Consistency> DEFAULT_LEVELS = List.of(Consistency.ONE, Consistency.QUORUM, Consistency.ALL);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix or file:///dir.")
    String location;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP",
            description = "Verify only this backup. Default: every backup at LOCATION (or, with --as-of, that selection).")
    String name;

    @Mixin
    AsOfOptions asOf;

    @Option(names = "--consistency", paramLabel = "LEVEL", split = ",", converter = ConsistencyConverter.class,
            description = "The consistency levels to check reads at, comma-separated: ONE, TWO, THREE, QUORUM, LOCAL_ONE, "
                    + "LOCAL_QUORUM, ALL (LOCAL_ levels are checked in each datacenter). Default: ONE,QUORUM,ALL.")
    List<Consistency> levels;

    @Option(names = "--keyspace", paramLabel = "KEYSPACE",
            description = "Check reads of this keyspace only. Default: every keyspace the backups hold but Cassandra's own "
                    + "(system, system_auth, ...).")
    String keyspace;

    @Option(names = "--checksums",
            description = "Also read every object of the complete node backups to the end and compare it with the MD5 the "
                    + "manifest lists and, for a Data.db, its Digest.crc32 (reads the whole backup; objects listed with no "
                    + "plain MD5 are checked by size). Default: a listing check of presence and sizes only.")
    boolean checksums;

    @Mixin
    S3Options s3;

    @Option(names = "--json", description = "Print one JSON document instead (fields: docs/backups.md).")
    boolean json;

    /** One line of the reads table. */
    private record Read(String backup, String keyspace, String consistency, boolean ok, String result, String detail) {}

    @Override
    public Integer call() {
        Duration skewWindow = asOf.skewWindow(spec);
        if (name != null && asOf.asOf != null) {
            throw new ParameterException(spec.commandLine(), "Give a BACKUP or --as-of, not both (found '" + name
                    + "' and --as-of " + asOf.asOf + ")");
        }
        StoreLocation where = s3.location(location);
        try (ObjectStore store = ObjectStores.open(where)) {
            BackupCatalog catalog = BackupCatalog.open(store, where);
            List<String> names = catalog.requireBackupNames();
            if (name != null) {
                catalog.requireBackup(name);
            }
            if (asOf.asOf != null && catalog.entries().stream().noneMatch(e -> !e.started().isAfter(asOf.asOf))) {
                throw new BackupException(ErrorKind.INVALID_INPUT, "No node backup at " + where + " started at or before " + asOf.asOf
                        + "; the first started at " + catalog.entries().stream().map(NodeBackupEntry::started)
                        .min(Comparator.naturalOrder()).orElseThrow());
            }
            return verify(store, catalog, names, skewWindow, spec.commandLine().getOut());
        }
    }

    private int verify(ObjectStore store, BackupCatalog catalog, List<String> names, Duration skewWindow, PrintWriter out) {
        Map<String, ClusterBackup> selections = new LinkedHashMap<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        List<NodeBackup> checked;
        List<String> passedOver = new ArrayList<>();
        String what;
        if (asOf.asOf != null) {
            what = "as of " + BackupText.time(asOf.asOf) + ", skew window " + skewWindow;
            checked = List.of();
            try {
                ClusterBackup selection = catalog.asOf(asOf.asOf, skewWindow);
                selections.put(selection.name(), selection);
                checked = List.copyOf(selection.nodes().values());
                for (NodeDecision decision : selection.decisions()) {
                    if (!decision.chosen()) {
                        passedOver.add(decision.describe());
                    }
                }
            } catch (BackupException e) {
                // The catalog's message repeats every node's reason: they are listed as passed over instead.
                unusable.put("as of " + BackupText.time(asOf.asOf), "none of the node backups can be read: see passed over above");
                catalog.entries().stream().filter(entry -> !entry.started().isAfter(asOf.asOf)).map(catalog::read)
                        .forEach(node -> passedOver.add(BackupText.label(node) + " (" + BackupText.time(node.started()) + "): "
                                + node.describeState()));
            }
        } else {
            List<String> verified = name == null ? names : List.of(name);
            what = name == null ? "every backup" : "backup '" + name + "'";
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

        // Before anything is printed: an unknown --keyspace is invalid input, not half a report.
        List<Read> reads = reads(selections, unusable);
        ChecksumVerification.Result sums = checksums
                ? ChecksumVerification.verify(store, checked.stream().filter(NodeBackup::complete).toList()) : null;
        List<String> problems = new ArrayList<>();
        for (NodeBackup node : checked) {
            node.problems().forEach(problem -> problems.add(BackupText.label(node) + ": " + problem));
        }
        List<String> mismatches = sums == null ? List.of()
                : sums.mismatches().stream().map(m -> String.join(", ", m.listedBy()) + ": " + m.problem()).toList();
        long broken = checked.stream().filter(node -> !node.complete()).count();
        long failedReads = reads.stream().filter(read -> !read.ok()).count();
        List<String> failures = new ArrayList<>();
        if (broken > 0) {
            failures.add(broken + " of " + checked.size() + " node backups incomplete or invalid");
        }
        if (!mismatches.isEmpty()) {
            failures.add(mismatches.size() + " of " + sums.objects() + " objects differ from their checksums");
        }
        if (failedReads > 0) {
            failures.add(failedReads + " of " + reads.size() + " reads cannot proceed");
        }
        String result = failures.isEmpty()
                ? "ok: " + checked.size() + " of " + checked.size() + " node backups complete, "
                        + (sums == null ? "" : sums.objects() + " of " + sums.objects() + " objects match, ")
                        + reads.size() + " of " + reads.size() + " reads can proceed"
                : "FAILED: " + String.join(", ", failures);
        int exitCode = failures.isEmpty() ? MovedataCli.SUCCESS : MovedataCli.FAILED;
        String check = sums == null ? "listing (sizes and presence)" : "checksums (every object read: "
                + sums.objects() + " objects, " + ByteSizes.text(sums.bytes()) + "; " + sums.md5Checked() + " by MD5, "
                + sums.digestChecked() + " Data.db by Digest.crc32, " + sums.sizeOnly() + " by size only)";
        if (json) {
            out.print(Json.text(verification(what, check, catalog, checked, passedOver, problems,
                    sums == null ? null : sums.mismatches(), selections, reads, result)));
            return exitCode;
        }

        out.println("Verifying " + what + " at " + catalog.location() + " (" + catalog.layout().name() + " layout): "
                + checked.size() + (checked.size() == 1 ? " node backup" : " node backups"));
        out.println("check: " + check);
        out.println();
        out.print(nodeTable(checked));
        if (asOf.asOf != null) {
            out.println();
            out.println("passed over: " + (passedOver.isEmpty() ? "none" : passedOver.size()));
            passedOver.forEach(line -> out.println("  " + line));
        }
        out.println();
        out.println("problems: " + (problems.isEmpty() ? "none" : problems.size()));
        problems.forEach(problem -> out.println("  " + problem));
        for (ClusterBackup selection : selections.values()) {
            if (!selection.unavailable().isEmpty()) {
                out.print(selection.asOf() == null ? selection.name() + ": " + BackupText.unavailable(selection)
                        : BackupText.unavailable(selection));
            }
        }

        if (sums != null) {
            out.println();
            out.println("checksums: " + (mismatches.isEmpty() ? "all match"
                    : mismatches.size() + " of " + sums.objects() + " objects differ"));
            mismatches.forEach(mismatch -> out.println("  " + mismatch));
        }

        out.println();
        out.println("Reads");
        TextTable table = new TextTable(List.of("backup", "keyspace", "consistency", "result", "detail")).uncut(4);
        reads.forEach(read -> table.add(List.of(read.backup(), read.keyspace(), read.consistency(), read.result(), read.detail())));
        out.print(table.render());
        out.println();
        out.println("result: " + result);
        return exitCode;
    }

    /** A node backup checked, in the {@code --json} document. */
    record CheckedNodeBackup(String node, String backup, String started, String finished, int objects, long bytes, String state) {}

    /** A read checked, in the {@code --json} document; {@code consistency} null when the backup cannot be read at all. */
    record CheckedRead(String backup, String keyspace, String consistency, boolean readable, String detail) {}

    /** The {@code --json} document: what the text says, field by field (docs/backups.md). */
    record Verification(String checked, String check, String location, String layout, List<CheckedNodeBackup> nodeBackups,
                        List<String> passedOver, List<String> problems, List<ChecksumVerification.Mismatch> checksumMismatches,
                        Map<String, Map<String, String>> unavailable,
                        List<CheckedRead> reads, String result, String summary) {}

    private Verification verification(String what, String check, BackupCatalog catalog, List<NodeBackup> checked,
                                      List<String> passedOver, List<String> problems, List<ChecksumVerification.Mismatch> mismatches,
                                      Map<String, ClusterBackup> selections, List<Read> reads, String result) {
        Map<String, Map<String, String>> unavailable = new LinkedHashMap<>();
        selections.values().forEach(selection -> unavailable.put(selection.name(), selection.unavailable()));
        return new Verification(what, check, catalog.location().toString(), catalog.layout().name(),
                checked.stream().map(node -> new CheckedNodeBackup(node.fqdn(), node.name(), BackupText.time(node.started()),
                        node.finished().map(BackupText::time).orElse(null), objects(node), node.size(), node.state().name())).toList(),
                asOf.asOf == null ? null : passedOver, problems, mismatches, unavailable,
                reads.stream().map(read -> new CheckedRead(read.backup(), read.keyspace().equals(BackupText.NONE) ? null : read.keyspace(),
                        read.consistency().equals(BackupText.NONE) ? null : read.consistency(), read.ok(),
                        read.detail())).toList(),
                result.startsWith("ok") ? "ok" : "FAILED", result);
    }

    private static int objects(NodeBackup node) {
        return node.manifest().stream().mapToInt(table -> table.objects().size()).sum();
    }

    private static String nodeTable(List<NodeBackup> checked) {
        TextTable nodes = new TextTable(List.of("node", "backup", "started", "finished", "objects", "size", "state"))
                .alignRight(4).alignRight(5);
        for (NodeBackup node : checked) {
            nodes.add(List.of(node.fqdn(), node.name(), BackupText.time(node.started()), BackupText.time(node.finished()),
                    String.valueOf(objects(node)), ByteSizes.text(node.size()), node.state().name()));
        }
        return nodes.render();
    }

    /**
     * A row per backup, keyspace and level (and datacenter, for LOCAL_ levels); a backup without
     * any complete node backup is one failed row.
     *
     * @throws SchemaException when {@code --keyspace} names a keyspace no backup's schema has
     */
    private List<Read> reads(Map<String, ClusterBackup> selections, Map<String, String> unusable) {
        List<Read> reads = new ArrayList<>();
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
                    reads.add(new Read(backup.name(), ks, BackupText.NONE, false, "unreadable", e.getMessage()));
                    continue;
                } catch (BackupException e) {
                    reads.add(new Read(backup.name(), ks, BackupText.NONE, false, "unreadable", e.getMessage()));
                    continue;
                }
                if (replication.isEmpty()) {
                    reads.add(new Read(backup.name(), ks, BackupText.NONE, true, "skipped",
                            "node-local replication: each node keeps its own copy, no read by token range"));
                    continue;
                }
                for (Consistency level : levels == null ? DEFAULT_LEVELS : levels) {
                    reads.addAll(reads(backup, ks, replication.get(), level));
                }
            }
        }
        if (keyspace != null && !keyspaceFound && absent != null) {
            throw absent;
        }
        unusable.forEach((backup, reason) -> reads.add(new Read(backup, BackupText.NONE, BackupText.NONE, false, "unreadable", reason)));
        return reads;
    }

    private static List<Read> reads(ClusterBackup backup, String keyspace, Replication replication, Consistency level) {
        // LOCAL_ levels count one datacenter's replicas: each datacenter is its own question.
        List<String> datacenters = new ArrayList<>();
        if (level.isLocal()) {
            backup.topology().values().stream().map(NodeTopology::datacenter).distinct().sorted().forEach(datacenters::add);
        } else {
            datacenters.add(null);
        }
        List<Read> reads = new ArrayList<>();
        for (String dc : datacenters) {
            String levelText = dc == null ? level.name() : level.name() + " in " + dc;
            try {
                ReadCoverage coverage = ReadCoverage.check(backup, keyspace, replication, level, dc);
                reads.add(new Read(backup.name(), keyspace, levelText, coverage.readable(),
                        coverage.readable() ? "readable" : "unreadable", coverage.readable() ? "" : shortfall(coverage)));
            } catch (BackupException e) {
                reads.add(new Read(backup.name(), keyspace, levelText, false, "unreadable", e.getMessage()));
            }
        }
        return reads;
    }

    /** {@code 2 of 3 token ranges lack replicas, e.g. (a, b] needs 2 of [n1, n2], has [n1]}. */
    private static String shortfall(ReadCoverage coverage) {
        RangeReplicas first = coverage.shortRanges().get(0);
        String count = coverage.shortRanges().size() + " of " + coverage.ranges() + " token ranges";
        if (!first.ringHasEnough()) {
            return "the ring gives " + count + " fewer replicas than " + coverage.consistency() + " needs, e.g. "
                    + first.range() + " has only " + first.candidates();
        }
        return count + " lack replicas, e.g. " + first.range() + " needs " + first.required() + " of " + first.candidates()
                + ", has " + first.available();
    }

    /** The keyspaces to check: {@code --keyspace}, or those the chosen node backups hold but Cassandra's own. */
    private List<String> keyspaces(ClusterBackup backup) {
        if (keyspace != null) {
            return List.of(keyspace);
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

    /** {@link Consistency#parse}, its message kept. */
    static final class ConsistencyConverter implements ITypeConverter<Consistency> {
        @Override
        public Consistency convert(String value) {
            try {
                return Consistency.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
