package io.movedata.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import io.movedata.runtime.backup.MedusaBackupWriter;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/** Publishes a fixture cluster's snapshot as a Medusa backup (see {@link FixtureCluster#backup}). */
final class MedusaPublisher {
    private MedusaPublisher() {}

    static ClusterBackupInfo publish(ClusterSnapshot snapshot, ObjectStore store, StoreLocation location, String name,
                                     BackupMode mode, BackupOptions options) {
        MedusaBackupWriter writer = new MedusaBackupWriter(store, location, name, mode == BackupMode.DIFFERENTIAL);
        String schemaCql = snapshot.schema().toCql();
        List<NodeTopology> tokenmap = new ArrayList<>();
        for (FixtureNode node : snapshot.nodes()) {
            tokenmap.add(new NodeTopology(options.publishedName(node.fqdn()), node.tokens(), true, node.rack(), node.datacenter()));
        }
        TreeMap<String, NodeBackupInfo> written = new TreeMap<>();
        for (FixtureNode node : snapshot.nodes()) {
            if (options.skippedNodes().contains(node.fqdn())) {
                continue;
            }
            List<MedusaBackupWriter.TableFiles> tables = snapshot.tables().get(node.fqdn()).stream()
                    .map(t -> new MedusaBackupWriter.TableFiles(t.table().keyspace, t.table().name, t.tableId(), t.components()))
                    .toList();
            String published = options.publishedName(node.fqdn());
            MedusaBackupWriter.WrittenNodeBackup backup = writer.write(published, schemaCql, tokenmap,
                    options.serverVersion(), tables, snapshot.md5(),
                    !options.nodesWithoutManifest().contains(node.fqdn()));
            String meta = backup.metaPrefix();
            List<BackupObject> objects = backup.objects().stream().map(o -> new BackupObject(o.keyspace(), o.table(),
                    o.tableId(), o.key(), o.md5(), o.size(), o.uploaded())).toList();
            written.put(published, new NodeBackupInfo(published, meta, meta + "schema.cql", meta + "tokenmap.json",
                    options.serverVersion() == null ? Optional.empty() : Optional.of(meta + "server_version.json"),
                    mode == BackupMode.DIFFERENTIAL ? Optional.of(meta + "differential") : Optional.empty(),
                    backup.manifestKey(), objects));
        }
        return new ClusterBackupInfo(location, name, mode, Collections.unmodifiableSortedMap(written));
    }
}
