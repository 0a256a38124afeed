package io.movedata.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.ManifestObject;
import io.movedata.runtime.backup.ManifestTable;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/** {@code movedata backups ...}: what backups a location holds. */
@Command(name = "backups", description = "Lists the backups at a location.",
        subcommands = BackupsCommand.ListBackups.class)
final class BackupsCommand extends CommandGroup {

    /**
     * The names of the backups at {@code where}, sorted.
     *
     * @throws BackupException when there are none: most likely the location is not the one meant
     */
    static List<String> backupNames(BackupCatalog catalog, StoreLocation where) {
        List<String> names = catalog.backupNames();
        if (names.isEmpty()) {
            throw new BackupException("No backups at " + where + ": expected Medusa backups, "
                    + where.keyPrefix() + "<node>/<backup>/meta/schema.cql");
        }
        return names;
    }

    /** {@code movedata backups list <location>}: one row per backup, then the nodes that are unavailable and why. */
    @Command(name = "list",
            description = {"Prints each backup at LOCATION: the time its rows stand for (reference time), its complete "
                    + "node backups out of the nodes in its token map, and its size; then every unavailable node with "
                    + "the reason.",
                    "Reads only the backups' meta objects; Spark is not started."})
    static final class ListBackups implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix (Medusa's "
                + "storage prefix) or file:///dir.")
        String location;

        @Mixin
        S3Options s3;

        @Override
        public void run() {
            StoreLocation where = s3.location(location);
            try (ObjectStore store = ObjectStores.open(where)) {
                BackupCatalog catalog = BackupCatalog.open(store, where);
                List<String> names = backupNames(catalog, where);
                TextTable table = new TextTable(List.of("backup", "reference time", "nodes complete", "size"))
                        .alignRight(2).alignRight(3);
                List<String> notes = new ArrayList<>();
                for (String name : names) {
                    try {
                        ClusterBackup backup = catalog.named(name);
                        table.add(List.of(name, backup.referenceTime().toString(),
                                backup.nodes().size() + "/" + backup.topology().size(), Units.bytes(size(backup))));
                        if (!backup.unavailable().isEmpty()) {
                            notes.add(unavailable(backup));
                        }
                    } catch (BackupException e) {
                        // A broken backup is part of the answer; the listing goes on with the others.
                        table.add(List.of(name, "-", "-", "-"));
                        notes.add(name + ": unusable: " + e.getMessage());
                    }
                }
                PrintWriter out = spec.commandLine().getOut();
                out.print(table.render());
                for (String note : notes) {
                    out.println();
                    out.println(note);
                }
            }
        }

        /** Bytes of every object the complete nodes' manifests list, all tables. */
        private static long size(ClusterBackup backup) {
            long bytes = 0;
            for (NodeBackup node : backup.nodes().values()) {
                for (ManifestTable table : node.manifest()) {
                    for (ManifestObject object : table.objects()) {
                        bytes += object.size();
                    }
                }
            }
            return bytes;
        }

        private static String unavailable(ClusterBackup backup) {
            StringBuilder note = new StringBuilder(backup.name() + ": " + backup.unavailable().size() + " of "
                    + backup.topology().size() + " nodes unavailable");
            for (Map.Entry<String, String> node : backup.unavailable().entrySet()) {
                note.append("\n  ").append(node.getKey()).append(": ").append(node.getValue());
            }
            return note.toString();
        }
    }
}
