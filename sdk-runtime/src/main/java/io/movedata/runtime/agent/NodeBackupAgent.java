package io.movedata.runtime.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.backup.MedusaBackupWriter;
import io.movedata.runtime.backup.MedusaBackupWriter.TableFiles;
import io.movedata.runtime.backup.MedusaBackupWriter.WrittenNodeBackup;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * Backs up one running Cassandra node as a Medusa node backup, the job a backup sidecar does: a
 * snapshot through JMX (the node flushes first, so the snapshot holds everything written before
 * it), the schema through CQL ({@code DESCRIBE SCHEMA}), the ring through JMX, then the
 * snapshot's SSTable components uploaded in Medusa's order with {@code manifest.json} last.
 *
 * <p>Safe on a live node (a snapshot is hard links; the node keeps serving) and safe to rerun
 * after a crash: until the manifest is written the node backup reads as incomplete, a rerun takes a
 * fresh snapshot, and in differential mode it uploads only what is not already stored. A node
 * backup whose manifest exists is never overwritten. The node is named by its address in the ring.
 */
public final class NodeBackupAgent {
    private static final Set<String> SYSTEM_KEYSPACES = Set.of("system", "system_schema", "system_auth",
            "system_distributed", "system_traces", "system_views", "system_virtual_schema", "system_cluster_metadata");

    /**
     * @param jmxHost the node's JMX address
     * @param cqlHost the node's CQL address (schema)
     * @param backupName the backup's name, the same on every node of one cluster backup
     * @param keyspaces whole keyspaces to back up
     * @param tables single tables ({@code keyspace.table}) to back up; with no keyspaces and no
     *        tables, every non-system keyspace is
     * @param differential Medusa's differential mode (SSTables shared between a node's backups) or full
     */
    public record Request(String jmxHost, int jmxPort, String cqlHost, int cqlPort, String backupName,
                          List<String> keyspaces, List<String> tables, boolean differential) {

        /** Whether a table is in the backup's scope. */
        boolean includes(String keyspace, String table) {
            if (SYSTEM_KEYSPACES.contains(keyspace)) {
                return false;
            }
            return keyspaces.isEmpty() && tables.isEmpty() || keyspaces.contains(keyspace)
                    || tables.contains(keyspace + "." + table);
        }
    }

    /**
     * @param node the node's name in the backup (its address)
     * @param components SSTable components listed in the manifest
     * @param uploaded components uploaded by this run (the others were already stored)
     */
    public record Result(String node, String backupName, String manifestKey, int tables, int components,
                         long bytes, int uploaded, long uploadedBytes) {

        public String summary() {
            return String.format(java.util.Locale.ROOT, "node %s backup '%s': %d tables, %d SSTable components (%s), "
                            + "%d uploaded (%s), manifest %s", node, backupName, tables, components, ByteSizes.text(bytes),
                    uploaded, ByteSizes.text(uploadedBytes), manifestKey);
        }
    }

    private NodeBackupAgent() {}

    /**
     * Backs up the node.
     *
     * @throws AgentException when the node cannot be reached or snapshotted, or the node backup
     *         already exists complete, naming node and backup
     */
    public static Result backup(Request request, ObjectStore store, StoreLocation location) {
        String tag = "movedata-" + request.backupName();
        MedusaBackupWriter writer = new MedusaBackupWriter(store, location, request.backupName(), request.differential());
        try (CassandraJmx jmx = CassandraJmx.connect(request.jmxHost(), request.jmxPort())) {
            String node = jmx.hostIdToEndpoint().get(jmx.localHostId());
            if (store.stat(writer.manifestKey(node)).isPresent()) {
                throw new AgentException(ErrorKind.INVALID_INPUT, "Node " + node + " already has a complete backup '" + request.backupName()
                        + "' at " + location + " (" + writer.manifestKey(node) + " exists); choose another backup name");
            }
            String[] entities = java.util.stream.Stream.concat(request.keyspaces().stream(), request.tables().stream())
                    .toArray(String[]::new);
            List<NodeTopology> ring = ring(jmx);
            String datacenter = jmx.datacenter(node);
            String schema = describeSchema(request, datacenter);
            // A snapshot left by a run that crashed would make takeSnapshot fail; it holds nothing we need.
            jmx.clearSnapshot(tag);
            jmx.takeSnapshot(tag, entities);
            try {
                List<TableFiles> tables = snapshotFiles(jmx.dataFileLocations(), tag, request);
                WrittenNodeBackup written = writer.write(node, schema, ring, jmx.releaseVersion(), tables,
                        MedusaBackupWriter::md5, true);
                return result(node, request.backupName(), written, tables.size());
            } finally {
                jmx.clearSnapshot(tag);
            }
        }
    }

    /** Every node of the ring with its tokens, datacenter and rack, as the backed-up node sees it. */
    private static List<NodeTopology> ring(CassandraJmx jmx) {
        Map<String, List<Long>> tokens = new TreeMap<>();
        jmx.tokenToEndpoint().forEach((token, endpoint) -> tokens.computeIfAbsent(endpoint, e -> new ArrayList<>())
                .add(Long.parseLong(token)));
        List<String> live = jmx.liveNodes();
        List<NodeTopology> ring = new ArrayList<>();
        tokens.forEach((endpoint, owned) -> {
            owned.sort(null);
            ring.add(new NodeTopology(endpoint, List.copyOf(owned), live.contains(endpoint), jmx.rack(endpoint),
                    jmx.datacenter(endpoint)));
        });
        return ring;
    }

    /** The node's schema as CQL statements, the way Cassandra itself describes it. */
    private static String describeSchema(Request request, String datacenter) {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(request.cqlHost(), request.cqlPort()))
                .withLocalDatacenter(datacenter)
                .build()) {
            StringBuilder cql = new StringBuilder();
            for (Row row : session.execute("DESCRIBE SCHEMA")) {
                cql.append(row.getString("create_statement")).append("\n\n");
            }
            return cql.toString();
        } catch (RuntimeException e) {
            throw new AgentException("Cannot read the schema of the node at " + request.cqlHost() + ":" + request.cqlPort()
                    + " with DESCRIBE SCHEMA: " + e.getMessage(), e);
        }
    }

    /** The SSTable components of the snapshot, per table, from {@code <data>/<ks>/<table>-<id>/snapshots/<tag>/}. */
    private static List<TableFiles> snapshotFiles(String[] dataDirectories, String tag, Request request) {
        List<TableFiles> tables = new ArrayList<>();
        for (String dataDirectory : dataDirectories) {
            for (Path keyspaceDir : list(Path.of(dataDirectory))) {
                String keyspace = keyspaceDir.getFileName().toString();
                for (Path tableDir : list(keyspaceDir)) {
                    String dirName = tableDir.getFileName().toString();
                    Path snapshot = tableDir.resolve("snapshots").resolve(tag);
                    int dash = dirName.lastIndexOf('-');
                    if (dash <= 0 || !Files.isDirectory(snapshot) || !request.includes(keyspace, dirName.substring(0, dash))) {
                        continue;
                    }
                    List<Path> components = list(snapshot).stream()
                            .filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches("[a-z]{2}-[^-]+-[a-z]+-.+"))
                            .toList();
                    tables.add(new TableFiles(keyspace, dirName.substring(0, dash), dirName.substring(dash + 1), components));
                }
            }
        }
        return tables;
    }

    private static List<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Result result(String node, String backupName, WrittenNodeBackup written, int tables) {
        long bytes = 0;
        long uploadedBytes = 0;
        int uploaded = 0;
        for (MedusaBackupWriter.WrittenObject object : written.objects()) {
            bytes += object.size();
            if (object.uploaded()) {
                uploaded++;
                uploadedBytes += object.size();
            }
        }
        return new Result(node, backupName, written.manifestKey().orElseThrow(), tables, written.objects().size(), bytes,
                uploaded, uploadedBytes);
    }
}
