package io.movedata.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

import org.apache.cassandra.db.SchemaCQLHelper;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.backup.PriamBackupWriter;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/** Publishes a fixture cluster's snapshot as a Priam backup V2 snapshot (see {@link FixtureCluster#backupPriam}). */
final class PriamPublisher {
    /** Priam names a snapshot's meta file by its minute. */
    private static final DateTimeFormatter PRIAM_MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    private PriamPublisher() {}

    /** @throws IllegalArgumentException when a node has more than one token: Priam gives every node one */
    static void requireOneTokenPerNode(List<FixtureNode> nodes) {
        for (FixtureNode node : nodes) {
            if (node.tokens().size() != 1) {
                throw new IllegalArgumentException("Priam backups need one token per node (Priam assigns each node a single "
                        + "token, no vnodes); node " + node.fqdn() + " has " + node.tokens().size());
            }
        }
    }

    static PriamBackupInfo publish(ClusterSnapshot snapshot, ObjectStore store, StoreLocation base, String app,
                                   Instant snapshotTime, ManifestObject.Compression compression, BackupOptions options) {
        PriamBackupWriter writer = new PriamBackupWriter(store, base, app, compression);
        TreeMap<String, PriamNodeBackupInfo> written = new TreeMap<>();
        for (FixtureNode node : snapshot.nodes()) {
            if (options.skippedNodes().contains(node.fqdn())) {
                continue;
            }
            List<PriamBackupWriter.TableFiles> tables = snapshot.tables().get(node.fqdn()).stream()
                    .map(t -> new PriamBackupWriter.TableFiles(t.table().keyspace, t.table().name, t.tableId(), t.components(),
                            // Cassandra's snapshot of a system table has no schema.cql.
                            t.systemSchema() ? null : snapshotSchemaCql(snapshot.schema(), t.table().keyspace, t.table().name)))
                    .toList();
            PriamBackupWriter.WrittenNodeBackup backup = writer.write(String.valueOf(node.tokens().get(0)), node.datacenter(),
                    node.rack(), snapshotTime, tables, new PriamBackupWriter.NodeOptions(options.pgpNodes().contains(node.fqdn()),
                            !options.nodesWithoutManifest().contains(node.fqdn())));
            List<BackupObject> objects = backup.objects().stream()
                    .filter(o -> !o.key().endsWith("/schema.cql"))
                    .map(o -> new BackupObject(o.keyspace(), o.table(), o.tableId(), o.key(), "", o.size(), o.uploaded()))
                    .toList();
            written.put(node.fqdn(), new PriamNodeBackupInfo(node.fqdn(), backup.token(), backup.metaKey(), objects));
        }
        StoreLocation location = base.withPrefix(writer.appPrefix());
        String name = PRIAM_MINUTE.format(snapshotTime);
        return new PriamBackupInfo(location, app, name, Instant.ofEpochSecond(snapshotTime.getEpochSecond()), compression,
                Collections.unmodifiableSortedMap(written));
    }

    /** The {@code schema.cql} Cassandra writes into a table's snapshot: its types, the table, its dropped columns and indexes. */
    private static String snapshotSchemaCql(FixtureSchema schema, String keyspace, String table) {
        StringBuilder cql = new StringBuilder();
        SchemaCQLHelper.reCreateStatementsForSchemaCql(schema.table(keyspace, table), schema.keyspace(keyspace))
                .forEach(statement -> cql.append(statement).append('\n'));
        return cql.toString();
    }
}
