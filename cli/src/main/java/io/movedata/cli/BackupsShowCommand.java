package io.movedata.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.api.MovedataException;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.backup.MedusaLayout;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.coverage.ReadCoverage;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.sstable.SchemaException;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/** {@code movedata backups show <location> <backup> | --as-of T}: one backup, or one as-of selection, in detail. */
@Command(name = "show",
        description = {"Prints one backup (or, with --as-of, what a read as of that time would use) in detail: its ring "
                + "(node, datacenter, rack, token count), each node backup (started, finished, Cassandra version, mode, "
                + "size, state), the tables each holds (SSTables, objects, bytes), the keyspaces of its schema with their "
                + "replication, the unavailable nodes and every problem found.",
                "Spark is not started."})
final class BackupsShowCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix or file:///dir.")
    String location;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP",
            description = "The backup's name (see 'movedata backups list'). Default: the location's only backup.")
    String name;

    @Mixin
    BackupsOptions options;

    record RingRow(String node, String datacenter, String rack, int tokens, String nodeBackup) {}

    record NodeBackupRow(String node, String backup, String started, String finished, String version, String mode, long bytes,
                         String state, boolean used) {}

    /** {@code sstables} is null when the manifest's objects do not make whole SSTables (a problem says why). */
    record TableRow(String node, String backup, String table, Integer sstables, int objects, long bytes) {}

    record KeyspaceRow(String keyspace, String replication, List<String> tables) {}

    /** The {@code --json} document, and what the text is printed from. */
    record Shown(String location, String layout, String backup, String asOf, String skewWindow, String referenceTime,
                 int nodesAvailable, int nodesInRing, long bytes, String schemaSource, List<RingRow> ring,
                 List<NodeBackupRow> nodeBackups, List<TableRow> tables, List<KeyspaceRow> keyspaces,
                 Map<String, String> unavailable, List<String> problems) {}

    @Override
    public void run() {
        Duration skewWindow = options.asOf.skewWindow(spec);
        StoreLocation where = options.s3.location(location);
        try (ObjectStore store = ObjectStores.open(where)) {
            BackupCatalog catalog = BackupCatalog.open(store, where);
            ClusterBackup backup = catalog.resolve(name, options.asOf.asOf, skewWindow);
            List<NodeBackup> considered = BackupsCommand.considered(catalog, backup);
            PrintWriter out = spec.commandLine().getOut();
            Shown shown = shown(backup, considered, skewWindow);
            if (options.json) {
                out.print(Json.text(shown));
                return;
            }
            out.print(BackupText.heading(backup, skewWindow));
            out.println("schema: " + shown.schemaSource());
            section(out, "Ring", ring(shown));
            section(out, "Node backups", nodeBackups(shown));
            section(out, "Tables", tables(shown));
            section(out, "Keyspaces", keyspaces(shown));
            out.println();
            out.print(BackupText.unavailable(backup.unavailable()));
            out.println("problems: " + (shown.problems().isEmpty() ? "none" : shown.problems().size()));
            shown.problems().forEach(problem -> out.println("  " + problem));
        }
    }

    /** A blank line, the section's title and its table. */
    private static void section(PrintWriter out, String title, String table) {
        out.println();
        out.println(title);
        out.print(table);
    }

    private static Shown shown(ClusterBackup backup, List<NodeBackup> considered, Duration skewWindow) {
        List<String> problems = new ArrayList<>();
        List<RingRow> ring = new ArrayList<>();
        for (NodeTopology node : backup.topology().values()) {
            NodeBackup chosen = backup.nodes().get(node.fqdn());
            ring.add(new RingRow(node.fqdn(), node.datacenter(), node.rack(), node.tokens().size(), chosen == null ? null : chosen.name()));
        }
        List<NodeBackupRow> nodeBackups = new ArrayList<>();
        for (NodeBackup node : considered) {
            nodeBackups.add(new NodeBackupRow(node.fqdn(), node.name(), BackupText.time(node.started()),
                    node.finished().map(BackupText::time).orElse(null), node.serverVersion().orElse(null),
                    node.complete() ? BackupText.mode(node) : null, node.size(), node.state().name(), BackupsCommand.used(backup, node)));
        }
        List<TableRow> tables = tables(backup, problems);
        for (NodeBackup node : considered) {
            node.problems().forEach(problem -> problems.add(BackupText.label(node) + ": " + problem));
        }
        NodeBackup schemaSource = backup.newest();
        // Medusa stores a schema dump; Priam's schema is read from the node backup's system_schema tables.
        String schema = (backup.layout().equals(MedusaLayout.NAME) ? "schema.cql" : "system_schema tables") + " of "
                + BackupText.label(schemaSource);
        return new Shown(backup.location().toString(), backup.layout(), backup.name(),
                backup.asOf() == null ? null : BackupText.time(backup.asOf()), backup.asOf() == null ? null : skewWindow.toString(),
                BackupText.time(backup.referenceTime()), backup.nodes().size(), backup.topology().size(), BackupText.size(backup),
                schema, ring, nodeBackups, tables, keyspaces(backup), backup.unavailable(), problems);
    }

    private static String ring(Shown shown) {
        TextTable ring = new TextTable(List.of("node", "dc", "rack", "tokens", "node backup")).alignRight(3);
        for (RingRow row : shown.ring()) {
            ring.add(List.of(row.node(), row.datacenter(), row.rack(), String.valueOf(row.tokens()),
                    row.nodeBackup() == null ? "unavailable" : row.nodeBackup()));
        }
        return ring.render();
    }

    private static String nodeBackups(Shown shown) {
        TextTable nodes = new TextTable(List.of("node", "backup", "started", "finished", "version", "mode", "size",
                "state", "used")).alignRight(6);
        for (NodeBackupRow row : shown.nodeBackups()) {
            nodes.add(List.of(row.node(), row.backup(), row.started(), BackupText.orNone(row.finished()), BackupText.orNone(row.version()),
                    BackupText.orNone(row.mode()), ByteSizes.text(row.bytes()), row.state(), row.used() ? "yes" : "no"));
        }
        return nodes.render();
    }

    /** Per chosen node backup and table: SSTables, objects and bytes. */
    private static List<TableRow> tables(ClusterBackup backup, List<String> problems) {
        List<TableRow> tables = new ArrayList<>();
        for (NodeBackup node : backup.nodes().values()) {
            for (ManifestTable table : node.manifest()) {
                Integer sstables;
                try {
                    sstables = SSTableFiles.fromManifest(node.fqdn(), table, backup.describe(node.fqdn())).size();
                } catch (MovedataException e) {
                    sstables = null;
                    problems.add(BackupText.label(node) + ": " + e.getMessage());
                }
                long bytes = table.objects().stream().mapToLong(ManifestObject::size).sum();
                tables.add(new TableRow(node.fqdn(), node.name(), table.keyspace() + "." + table.table(), sstables,
                        table.objects().size(), bytes));
            }
        }
        return tables;
    }

    private static String tables(Shown shown) {
        TextTable tables = new TextTable(List.of("node", "backup", "table", "sstables", "objects", "size"))
                .alignRight(3).alignRight(4).alignRight(5);
        for (TableRow row : shown.tables()) {
            tables.add(List.of(row.node(), row.backup(), row.table(), row.sstables() == null ? "?" : String.valueOf(row.sstables()),
                    String.valueOf(row.objects()), ByteSizes.text(row.bytes())));
        }
        return tables.render();
    }

    /** The keyspaces the chosen node backups hold, their replication in the schema, and their tables. */
    private static List<KeyspaceRow> keyspaces(ClusterBackup backup) {
        SortedMap<String, SortedSet<String>> tablesByKeyspace = new TreeMap<>();
        for (NodeBackup node : backup.nodes().values()) {
            for (ManifestTable table : node.manifest()) {
                tablesByKeyspace.computeIfAbsent(table.keyspace(), k -> new TreeSet<>()).add(table.table());
            }
        }
        List<KeyspaceRow> keyspaces = new ArrayList<>();
        tablesByKeyspace.forEach((keyspace, tables) ->
                keyspaces.add(new KeyspaceRow(keyspace, replication(backup, keyspace), List.copyOf(tables))));
        return keyspaces;
    }

    private static String keyspaces(Shown shown) {
        TextTable keyspaces = new TextTable(List.of("keyspace", "replication", "tables")).uncut(2);
        for (KeyspaceRow row : shown.keyspaces()) {
            keyspaces.add(List.of(row.keyspace(), row.replication(), String.join(", ", row.tables())));
        }
        return keyspaces.render();
    }

    private static String replication(ClusterBackup backup, String keyspace) {
        try {
            Optional<Replication> replication = ReadCoverage.replication(backup, keyspace);
            return replication.map(BackupText::replication).orElse("node-local");
        } catch (SchemaException e) {
            // Backups hold Cassandra's own tables (system_schema among them), which no schema script defines.
            return ReadCoverage.cassandraKeyspace(keyspace) ? "system keyspace" : "not in schema.cql";
        } catch (BackupException e) {
            // A replication map the runtime cannot place by; verify prints the whole message.
            return "malformed";
        }
    }
}
