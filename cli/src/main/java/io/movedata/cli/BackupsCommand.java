package io.movedata.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.backup.NodeDecision;

/**
 * {@code movedata backups list|show|verify}: what backups a location holds, what one holds, and
 * whether it can be read. All three answer from the store alone, through the runtime's
 * {@link BackupCatalog}; none starts Spark.
 */
@Command(name = "backups", description = "Lists, shows and verifies the backups at a location.",
        subcommands = {BackupsListCommand.class, BackupsShowCommand.class, BackupsVerifyCommand.class})
final class BackupsCommand extends CommandGroup {

    /**
     * The node backups a selection considered, chosen or not, in the order of its decisions (by
     * node, newest first): for a backup name every node backup of that name, for an as-of time the
     * ones examined on the way to each node's choice.
     */
    static List<NodeBackup> considered(BackupCatalog catalog, ClusterBackup backup) {
        Map<String, NodeBackupEntry> entries = new HashMap<>();
        for (NodeBackupEntry entry : catalog.entries()) {
            entries.put(entry.node() + '\u0000' + entry.name(), entry);
        }
        List<NodeBackup> considered = new ArrayList<>();
        for (NodeDecision decision : backup.decisions()) {
            NodeBackupEntry entry = decision.backup() == null ? null : entries.get(decision.node() + '\u0000' + decision.backup());
            if (entry != null) {
                // Already read by the selection: the catalog answers from its cache.
                considered.add(catalog.read(entry));
            }
        }
        return considered;
    }

    /** Whether the selection reads this node backup. */
    static boolean used(ClusterBackup backup, NodeBackup node) {
        NodeBackup chosen = backup.nodes().get(node.fqdn());
        return chosen != null && chosen.entry().equals(node.entry());
    }

    /** The selection's last word on a node backup: why it was rejected, or empty when it is used. */
    static String rejection(ClusterBackup backup, NodeBackup node) {
        String reason = "";
        for (NodeDecision decision : backup.decisions()) {
            if (decision.node().equals(node.fqdn()) && node.name().equals(decision.backup())) {
                reason = decision.chosen() ? "" : decision.reason();
            }
        }
        return reason;
    }
}
