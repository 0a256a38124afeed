package io.movedata.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/**
 * {@code movedata backups list <location> [--as-of T]}: every backup and node backup at a
 * location with its state, or the node backups an as-of time selects and why.
 */
@Command(name = "list",
        description = {"Prints one row per backup at LOCATION (reference time, complete nodes of its token map, size, "
                + "state), then one row per node backup (started, finished, size, state STARTED/COMPLETE/INVALID and "
                + "why).",
                "With --as-of, prints instead what a read as of that time would use: per node the node backup chosen and "
                        + "the ones passed over, with the reasons, the unavailable nodes and the reference time.",
                "Reads the backups' meta objects and lists their data objects; Spark is not started."})
final class BackupsListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix (Medusa's "
            + "storage prefix) or file:///dir.")
    String location;

    @Mixin
    BackupsOptions options;

    /** A row of the backups table; the JSON's {@code backups}. Null where the table shows '-'. */
    record BackupRow(String name, String referenceTime, int nodesComplete, Integer nodesInRing, Long bytes, String state) {}

    /** A row of the node backups table; the JSON's {@code nodeBackups}. */
    record NodeBackupRow(String node, String backup, String started, String finished, Long bytes, String state, String reason) {}

    /** The {@code --json} document without {@code --as-of}. */
    record Listing(String location, String layout, List<BackupRow> backups, List<NodeBackupRow> nodeBackups, List<String> absent) {}

    /** A row of the decisions table; the JSON's {@code decisions}. */
    record DecisionRow(String node, String backup, String started, String decision, String reason) {}

    /** The {@code --json} document with {@code --as-of}. */
    record Selection(String location, String layout, String asOf, String skewWindow, String referenceTime, String backups,
                     int nodesAvailable, int nodesInRing, long bytes, List<DecisionRow> decisions, Map<String, String> unavailable) {}

    @Override
    public void run() {
        Duration skewWindow = options.asOf.skewWindow(spec);
        StoreLocation where = options.s3.location(location);
        PrintWriter out = spec.commandLine().getOut();
        try (ObjectStore store = ObjectStores.open(where)) {
            BackupCatalog catalog = BackupCatalog.open(store, where);
            List<String> names = catalog.requireBackupNames();
            if (options.asOf.asOf == null) {
                Listing listing = listing(catalog, names);
                out.print(options.json ? Json.text(listing) : text(listing));
            } else {
                ClusterBackup backup = catalog.asOf(options.asOf.asOf, skewWindow);
                out.print(options.json ? Json.text(selection(backup, skewWindow)) : selectionText(backup, skewWindow));
            }
        }
    }

    /** The backups, the node backups, and the token-map nodes that have no node backup at all. */
    private static Listing listing(BackupCatalog catalog, List<String> names) {
        List<NodeBackup> nodeBackups = new ArrayList<>(catalog.readAll(catalog.entries()));
        nodeBackups.sort(Comparator.comparing(NodeBackup::name).thenComparing(NodeBackup::fqdn));
        Map<String, ClusterBackup> usable = new LinkedHashMap<>();
        List<BackupRow> backups = new ArrayList<>();
        for (String name : names) {
            List<NodeBackup> named = nodeBackups.stream().filter(b -> b.name().equals(name)).toList();
            try {
                ClusterBackup backup = catalog.named(name);
                usable.put(name, backup);
                backups.add(new BackupRow(name, BackupText.time(backup.referenceTime()), backup.nodes().size(),
                        backup.topology().size(), BackupText.size(backup), state(backup, named)));
            } catch (BackupException e) {
                // The backup is listed as unusable and the listing goes on: with the node backups' states
                // when none is complete (their rows say why), else with the catalog's reason.
                backups.add(new BackupRow(name, null, 0, named.size(), null,
                        "unusable: " + (named.stream().noneMatch(NodeBackup::complete) ? counts(named, null) : e.getMessage())));
            }
        }
        List<NodeBackupRow> nodes = new ArrayList<>();
        for (NodeBackup node : nodeBackups) {
            ClusterBackup cluster = usable.get(node.name());
            String reason = BackupText.firstProblem(node);
            if (reason.isEmpty() && cluster != null && !BackupsCommand.used(cluster, node)) {
                reason = "not used: " + BackupsCommand.rejection(cluster, node);
            }
            nodes.add(new NodeBackupRow(node.fqdn(), node.name(), BackupText.time(node.started()),
                    node.finished().map(BackupText::time).orElse(null),
                    node.manifest().isEmpty() && !node.complete() ? null : node.size(), node.state().name(), reason));
        }
        List<String> absent = new ArrayList<>();
        for (ClusterBackup backup : usable.values()) {
            for (String node : backup.unavailable().keySet()) {
                if (nodeBackups.stream().noneMatch(b -> b.fqdn().equals(node) && b.name().equals(backup.name()))) {
                    absent.add(backup.name() + ": " + node + " is in the token map but has no node backup named '"
                            + backup.name() + "'");
                }
            }
        }
        return new Listing(catalog.location().toString(), catalog.layout().name(), backups, nodes, absent);
    }

    private static String text(Listing listing) {
        TextTable backups = new TextTable(List.of("backup", "reference time", "nodes complete", "size", "state"))
                .alignRight(2).alignRight(3).uncut(4);
        for (BackupRow row : listing.backups()) {
            backups.add(List.of(row.name(), BackupText.orNone(row.referenceTime()), row.nodesComplete() + "/" + row.nodesInRing(),
                    row.bytes() == null ? BackupText.NONE : ByteSizes.text(row.bytes()), row.state()));
        }
        TextTable nodes = new TextTable(List.of("node", "backup", "started", "finished", "size", "state", "reason"))
                .alignRight(4).uncut(6);
        for (NodeBackupRow row : listing.nodeBackups()) {
            nodes.add(List.of(row.node(), row.backup(), row.started(), BackupText.orNone(row.finished()),
                    row.bytes() == null ? BackupText.NONE : ByteSizes.text(row.bytes()), row.state(), row.reason()));
        }
        int count = listing.backups().size();
        int nodeCount = listing.nodeBackups().size();
        StringBuilder text = new StringBuilder();
        text.append("Backups at ").append(listing.location()).append(" (").append(listing.layout()).append(" layout): ")
                .append(count).append(count == 1 ? " backup, " : " backups, ")
                .append(nodeCount).append(nodeCount == 1 ? " node backup\n\n" : " node backups\n\n");
        text.append(backups.render()).append('\n').append(nodes.render());
        if (!listing.absent().isEmpty()) {
            text.append('\n');
            listing.absent().forEach(line -> text.append(line).append('\n'));
        }
        return text.toString();
    }

    /** {@code complete}, or {@code partial: } and what the unused node backups and absent nodes are. */
    private static String state(ClusterBackup backup, List<NodeBackup> named) {
        if (backup.unavailable().isEmpty() && named.stream().allMatch(b -> BackupsCommand.used(backup, b))) {
            return "complete";
        }
        return "partial: " + counts(named.stream().filter(b -> !BackupsCommand.used(backup, b)).toList(), backup);
    }

    /**
     * {@code 1 started, 1 invalid, 1 not used, 1 absent}: the node backups by state (complete ones the
     * selection rejected count as not used) and, given the selection, the token-map nodes without one.
     */
    private static String counts(List<NodeBackup> unused, ClusterBackup backup) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (NodeBackup node : unused) {
            String what = switch (node.state()) {
                case STARTED -> "started";
                case INVALID -> "invalid";
                case COMPLETE -> "not used";
            };
            counts.merge(what, 1, Integer::sum);
        }
        if (backup != null) {
            long absent = backup.unavailable().keySet().stream()
                    .filter(node -> unused.stream().noneMatch(b -> b.fqdn().equals(node))).count();
            if (absent > 0) {
                counts.put("absent", (int) absent);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String what : List.of("started", "invalid", "not used", "absent")) {
            if (counts.containsKey(what)) {
                parts.add(counts.get(what) + " " + what);
            }
        }
        return String.join(", ", parts);
    }

    private static Selection selection(ClusterBackup backup, Duration skewWindow) {
        return new Selection(backup.location().toString(), backup.layout(), BackupText.time(backup.asOf()), skewWindow.toString(),
                BackupText.time(backup.referenceTime()), backup.name(), backup.nodes().size(), backup.topology().size(),
                BackupText.size(backup), decisions(backup), backup.unavailable());
    }

    private static List<DecisionRow> decisions(ClusterBackup backup) {
        return backup.decisions().stream().map(decision -> new DecisionRow(decision.node(), decision.backup(),
                decision.started() == null ? null : BackupText.time(decision.started()),
                decision.backup() == null ? "none" : decision.chosen() ? "chosen" : "rejected", decision.reason())).toList();
    }

    /** An as-of selection: heading, every decision with its reason, the unavailable nodes. */
    private static String selectionText(ClusterBackup backup, Duration skewWindow) {
        TextTable decisions = new TextTable(List.of("node", "backup", "started", "decision", "reason")).uncut(4);
        for (DecisionRow row : decisions(backup)) {
            decisions.add(List.of(row.node(), BackupText.orNone(row.backup()), BackupText.orNone(row.started()), row.decision(), row.reason()));
        }
        return BackupText.heading(backup, skewWindow) + '\n' + decisions.render() + '\n' + BackupText.unavailable(backup.unavailable());
    }
}
