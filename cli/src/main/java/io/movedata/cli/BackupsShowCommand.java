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

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.ManifestObject;
import io.movedata.runtime.backup.ManifestTable;
import io.movedata.runtime.backup.MedusaLayout;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.read.ReadCoverage;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.sstable.SSTableFiles;
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
    AsOfOptions asOf;

    @Mixin
    S3Options s3;

    @Override
    public void run() {
        Duration skewWindow = asOf.skewWindow(spec);
        StoreLocation where = s3.location(location);
        try (ObjectStore store = ObjectStores.open(where)) {
            BackupCatalog catalog = BackupCatalog.open(store, where);
            BackupsCommand.backupNames(catalog, where);
            ClusterBackup backup = catalog.resolve(name, asOf.asOf, skewWindow);
            List<NodeBackup> considered = BackupsCommand.considered(catalog, backup);
            PrintWriter out = spec.commandLine().getOut();
            NodeBackup schemaSource = backup.newest();
            out.print(BackupText.heading(backup, skewWindow));
            // Medusa stores a schema dump; Priam's schema is read from the node backup's system_schema tables.
            out.println("schema: " + (backup.layout().equals(MedusaLayout.NAME) ? "schema.cql" : "system_schema tables")
                    + " of " + BackupText.label(schemaSource));
            List<String> problems = new ArrayList<>();
            out.println();
            out.println("Ring");
            out.print(ring(backup));
            out.println();
            out.println("Node backups");
            out.print(nodeBackups(backup, considered));
            out.println();
            out.println("Tables");
            out.print(tables(backup, problems));
            out.println();
            out.println("Keyspaces");
            out.print(keyspaces(backup));
            out.println();
            out.print(BackupText.unavailable(backup));
            for (NodeBackup node : considered) {
                node.problems().forEach(problem -> problems.add(BackupText.label(node) + ": " + problem));
            }
            out.println("problems: " + (problems.isEmpty() ? "none" : problems.size()));
            problems.forEach(problem -> out.println("  " + problem));
        }
    }

    private static String ring(ClusterBackup backup) {
        TextTable ring = new TextTable(List.of("node", "dc", "rack", "tokens", "node backup")).alignRight(3);
        for (NodeTopology node : backup.topology().values()) {
            NodeBackup chosen = backup.nodes().get(node.fqdn());
            ring.add(List.of(node.fqdn(), node.datacenter(), node.rack(), String.valueOf(node.tokens().size()),
                    chosen == null ? "unavailable" : chosen.name()));
        }
        return ring.render();
    }

    private static String nodeBackups(ClusterBackup backup, List<NodeBackup> considered) {
        TextTable nodes = new TextTable(List.of("node", "backup", "started", "finished", "version", "mode", "size",
                "state", "used")).alignRight(6);
        for (NodeBackup node : considered) {
            nodes.add(List.of(node.fqdn(), node.name(), BackupText.time(node.started()), BackupText.time(node.finished()),
                    node.serverVersion().orElse(BackupText.NONE), BackupText.mode(node), ByteSizes.text(node.size()),
                    node.state().name(), BackupsCommand.used(backup, node) ? "yes" : "no"));
        }
        return nodes.render();
    }

    /** Per chosen node backup and table: SSTables, objects and bytes. */
    private static String tables(ClusterBackup backup, List<String> problems) {
        TextTable tables = new TextTable(List.of("node", "backup", "table", "sstables", "objects", "size"))
                .alignRight(3).alignRight(4).alignRight(5);
        for (NodeBackup node : backup.nodes().values()) {
            for (ManifestTable table : node.manifest()) {
                String sstables;
                try {
                    sstables = String.valueOf(SSTableFiles.fromManifest(node.fqdn(), table, backup.describe(node.fqdn())).size());
                } catch (IllegalStateException e) {
                    sstables = "?";
                    problems.add(BackupText.label(node) + ": " + e.getMessage());
                }
                long bytes = table.objects().stream().mapToLong(ManifestObject::size).sum();
                tables.add(List.of(node.fqdn(), node.name(), table.keyspace() + "." + table.table(), sstables,
                        String.valueOf(table.objects().size()), ByteSizes.text(bytes)));
            }
        }
        return tables.render();
    }

    /** The keyspaces the chosen node backups hold, their replication in the schema, and their tables. */
    private static String keyspaces(ClusterBackup backup) {
        SortedMap<String, SortedSet<String>> tablesByKeyspace = new TreeMap<>();
        for (NodeBackup node : backup.nodes().values()) {
            for (ManifestTable table : node.manifest()) {
                tablesByKeyspace.computeIfAbsent(table.keyspace(), k -> new TreeSet<>()).add(table.table());
            }
        }
        TextTable keyspaces = new TextTable(List.of("keyspace", "replication", "tables")).uncut(2);
        for (Map.Entry<String, SortedSet<String>> keyspace : tablesByKeyspace.entrySet()) {
            keyspaces.add(List.of(keyspace.getKey(), replication(backup, keyspace.getKey()), String.join(", ", keyspace.getValue())));
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
