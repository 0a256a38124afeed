package io.movedata.runtime.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.coverage.RangeReplicas;
import io.movedata.runtime.coverage.ReadCoverage;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.util.Parallel;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.ring.PlannedSplit;
import io.movedata.runtime.ring.Replication;
import io.movedata.runtime.ring.SplitPlan;
import io.movedata.runtime.ring.SplitPlanner;
import io.movedata.runtime.ring.TokenRing;
import io.movedata.runtime.sstable.BackupSchema;
import io.movedata.runtime.sstable.DroppedColumns;
import io.movedata.runtime.sstable.HeaderColumn;
import io.movedata.runtime.sstable.ReadColumn;
import io.movedata.runtime.sstable.SSTableBounds;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.sstable.TableDefinition;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.LocalFiles;

/**
 * Plans a read on the driver: finds the backup, checks that the objects of the table exist with
 * their listed sizes, builds the ring, splits it by bytes, picks the replicas the consistency level
 * needs for each range and the SSTables of theirs that overlap it.
 */
public final class ReadPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ReadPlanner.class);
    private static final int METADATA_THREADS = 8;

    private ReadPlanner() {}

    /**
     * @param partitionKeyValues values of each partition key column (in key order) to restrict the
     *     read to, as Spark filter literals; null for all partitions, and values that cannot be
     *     converted to the column's type also mean all partitions (Spark filters afterwards)
     * @throws BackupException for a missing backup, object or replica
     * @throws io.movedata.runtime.sstable.SchemaException for an unknown keyspace, table or unsupported type
     */
    public static ReadPlan plan(ReadRequest request, List<List<Object>> partitionKeyValues) {
        return plan(request, partitionKeyValues, null);
    }

    /** {@link #plan(ReadRequest, List)} of node backups already resolved for the request; null resolves them. */
    public static ReadPlan plan(ReadRequest request, List<List<Object>> partitionKeyValues, ClusterBackup resolved) {
        return plan(List.of(request), partitionKeyValues, resolved).get(0);
    }

    /**
     * Plans of tables of one keyspace read together, split by split (co-partitioned tables, same
     * partition key): ONE split plan over their combined bytes, so every plan has the same splits,
     * each with the same token range and replicas, and its own table's SSTables of them. A split's
     * and a plan's estimated bytes are the table's share of the combined estimate.
     *
     * @param requests reads of the same backup, keyspace, consistency and split size; tables and
     *     metadata columns differ
     * @throws BackupException for a missing backup, object or replica
     * @throws io.movedata.runtime.sstable.SchemaException for an unknown table or unsupported type
     */
    public static List<ReadPlan> plan(List<ReadRequest> requests, ClusterBackup resolved) {
        return plan(requests, null, resolved);
    }

    private static List<ReadPlan> plan(List<ReadRequest> requests, List<List<Object>> partitionKeyValues, ClusterBackup resolved) {
        ReadRequest request = requests.get(0);
        ObjectStore store = ObjectStores.shared(request.location());
        ClusterBackup backup = resolved != null ? resolved : backup(request);
        String where = backup.describe();
        List<TableDefinition> definitions = requests.stream()
                .map(r -> TableDefinition.of(backup.schemaCql(), r.keyspace(), r.table(), where)).toList();
        // The tables share their partition key: the first one's serializes the keys of all.
        List<ByteBuffer> partitionKeys = partitionKeyValues == null ? null
                : definitions.get(0).partitionKeys(partitionKeyValues).orElse(null);

        Replication replication = ReadCoverage.replication(BackupSchema.replication(backup.schemaCql(), request.keyspace(), where),
                request.keyspace(), where);
        TokenRing ring = ReadCoverage.ring(backup);
        List<TableFiles> tables = new ArrayList<>();
        Map<String, Long> bytesPerNode = new HashMap<>();
        long[] tableBytes = new long[requests.size()];
        for (int t = 0; t < requests.size(); t++) {
            TableFiles table = TableFiles.of(store, backup, requests.get(t), definitions.get(t));
            tables.add(table);
            for (Map.Entry<String, List<SSTableFiles>> node : table.sstablesByNode().entrySet()) {
                long bytes = node.getValue().stream().mapToLong(SSTableFiles::dataSize).sum();
                bytesPerNode.merge(node.getKey(), bytes, Long::sum);
                tableBytes[t] += bytes;
            }
        }

        String localDc = localDatacenter(request.consistency(), request.localDatacenter(), ring, where);
        int factor = request.consistency().replicationFactor(replication, ring, localDc);
        long combinedBytes = Arrays.stream(tableBytes).sum();
        int replicas = Consistency.ALL.replicationFactor(replication, ring, null);
        long target = request.splitSizing().targetBytes(combinedBytes,
                Math.max(1, Math.min(replicas, request.consistency().required(replicas, factor))), Math.max(1, replicas));
        SplitPlan splitPlan = SplitPlanner.plan(ring, replication, bytesPerNode, target);

        List<Long> keyTokens = partitionKeys == null ? null
                : partitionKeys.stream().map(TableDefinition::token).toList();
        List<List<ReadSplit>> splits = new ArrayList<>();
        tables.forEach(table -> splits.add(new ArrayList<>()));
        long[] totalBytes = new long[tables.size()];
        List<String> selection = new ArrayList<>();
        int rotation = 0;
        for (PlannedSplit planned : splitPlan.splits()) {
            List<byte[]> keys = null;
            if (partitionKeys != null) {
                keys = new ArrayList<>();
                for (int i = 0; i < partitionKeys.size(); i++) {
                    if (planned.range().contains(keyTokens.get(i))) {
                        ByteBuffer key = partitionKeys.get(i);
                        byte[] bytes = new byte[key.remaining()];
                        key.duplicate().get(bytes);
                        keys.add(bytes);
                    }
                }
                if (keys.isEmpty()) {
                    continue;
                }
            }
            List<String> chosen = chooseReplicas(planned, request.consistency(), factor, localDc, backup, rotation++);
            selection.add(planned.range() + " <- " + chosen);
            for (int t = 0; t < tables.size(); t++) {
                List<SSTableFiles> files = new ArrayList<>();
                long bytes = 0;
                for (String node : chosen) {
                    for (SSTableFiles sstable : tables.get(t).sstablesByNode().getOrDefault(node, List.of())) {
                        if (!sstable.hasTokenBounds() || planned.range().intersects(sstable.firstToken(), sstable.lastToken())) {
                            files.add(sstable);
                            bytes += sstable.dataSize();
                        }
                    }
                }
                // At most the bytes of the SSTables it reads: a range's share of a node's bytes overstates
                // a table whose partitions miss the range. The plan's total is its splits' sum, so a run
                // that reads every split reads (read.bytesRead) what it planned.
                long estimated = Math.min(bytes, share(planned.estimatedBytes(), tableBytes[t], combinedBytes));
                List<ReadSplit> tableSplits = splits.get(t);
                tableSplits.add(new ReadSplit(tableSplits.size(), planned.range(), chosen, files, keys, estimated));
                totalBytes[t] += estimated;
            }
        }
        Instant referenceTime = request.referenceTime() != null ? request.referenceTime() : backup.referenceTime();
        List<ReadPlan> plans = new ArrayList<>();
        for (int t = 0; t < tables.size(); t++) {
            TableFiles table = tables.get(t);
            ReadPlan plan = new ReadPlan(requests.get(t), where, backup.schemaCql(), table.dropped(), table.columns(),
                    referenceTime, List.copyOf(splits.get(t)), splitPlan.suggestedExecutors(), totalBytes[t], List.copyOf(selection));
            LOG.info("Planned {} ({}, split size {})", plan.describe(), splitPlan.describe(), request.splitSizing().describe());
            plans.add(plan);
        }
        return plans;
    }

    /** The part of {@code combined} that {@code part} of {@code whole} bytes is; all of it for the only table. */
    private static long share(long combined, long part, long whole) {
        return part == whole ? combined : Math.round((double) combined * part / whole);
    }

    /**
     * One table's side of a plan: its columns, and its SSTables per node.
     *
     * @param sstablesByNode every node of the backup, with the table's SSTables on it (maybe none)
     */
    private record TableFiles(List<ReadColumn> columns, DroppedColumns dropped,
                              Map<String, List<SSTableFiles>> sstablesByNode) {

        static TableFiles of(ObjectStore store, ClusterBackup backup, ReadRequest request, TableDefinition table) {
            String where = backup.describe();
            List<ReadColumn> columns = table.columns(request.rowWritetime(), request.cellMetadata());
            Map<String, List<SSTableFiles>> sstablesByNode = new HashMap<>();
            backup.nodes().keySet().forEach(node -> sstablesByNode.put(node, new ArrayList<>()));
            Map<String, List<HeaderColumn>> headers = new LinkedHashMap<>();
            for (SSTableBounds.Statistics s : statistics(store, backup, request)) {
                sstablesByNode.get(s.sstable().node()).add(s.sstable());
                headers.put(s.sstable().describe(), s.columns());
            }
            DroppedColumns dropped = table.droppedColumns(headers, backup.referenceTime(), where);
            return new TableFiles(columns, dropped, sstablesByNode);
        }
    }

    /**
     * The node backups the request reads: those of its backup name, or per node the newest
     * complete one at or before its as-of time, or the location's only backup.
     *
     * @throws BackupException when there is no such backup, or no complete node backup in it
     */
    public static ClusterBackup backup(ReadRequest request) {
        BackupCatalog catalog = BackupCatalog.open(ObjectStores.shared(request.location()), request.location());
        return catalog.resolve(request.backupName(), request.asOf(), request.skewWindow());
    }

    /** The columns a read of the request produces, from the backup's own schema. */
    public static TableDefinition table(ReadRequest request, ClusterBackup backup) {
        return TableDefinition.of(backup.schemaCql(), request.keyspace(), request.table(), backup.describe());
    }

    /**
     * The datacenter a LOCAL_ level counts replicas in, null for the other levels. A movement asks
     * before it creates any table: a datacenter the ring lacks is the spec's mistake, not the write's.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when {@code datacenter} is not in the
     *         backup's ring, or none is given for a LOCAL_ level and the ring has several
     */
    public static String localDatacenter(Consistency consistency, String datacenter, ClusterBackup backup) {
        return localDatacenter(consistency, datacenter, ReadCoverage.ring(backup), backup.describe());
    }

    private static String localDatacenter(Consistency consistency, String datacenter, TokenRing ring, String where) {
        if (!consistency.isLocal()) {
            return null;
        }
        if (datacenter != null) {
            if (!ring.datacenters().contains(datacenter)) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Datacenter '" + datacenter + "' is not in the ring of "
                        + where + "; its datacenters: " + ring.datacenters());
            }
            return datacenter;
        }
        if (ring.datacenters().size() != 1) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Consistency " + consistency
                    + " needs a local datacenter (option 'datacenter'); the ring has " + ring.datacenters());
        }
        return ring.datacenters().first();
    }

    private static List<String> chooseReplicas(PlannedSplit split, Consistency consistency, int factor, String localDc,
                                               ClusterBackup backup, int rotation) {
        RangeReplicas replicas = RangeReplicas.of(split.range(), split.replicas(), consistency, factor, localDc, backup);
        if (!replicas.met()) {
            throw new BackupException(replicas.shortfall(backup));
        }
        List<String> available = replicas.available();
        // Spread single-replica reads over the replicas so no one node's backup serves every range.
        int offset = rotation % available.size();
        List<String> rotated = new ArrayList<>(available.subList(offset, available.size()));
        rotated.addAll(available.subList(0, offset));
        return List.copyOf(rotated.subList(0, replicas.required()));
    }

    /**
     * The SSTables of the table of every complete node, with token bounds and header columns, after
     * checking every object exists.
     */
    private static List<SSTableBounds.Statistics> statistics(ObjectStore store, ClusterBackup backup, ReadRequest request) {
        List<SSTableFiles> all = new ArrayList<>();
        for (NodeBackup node : backup.nodes().values()) {
            String where = backup.describe(node.fqdn());
            ManifestTable table = node.table(request.keyspace(), request.table()).orElse(null);
            if (table == null) {
                continue;
            }
            all.addAll(SSTableFiles.fromManifest(node.fqdn(), table, where));
        }
        Path scratch = scratchDirectory();
        try {
            return Parallel.map(all, METADATA_THREADS, sstable -> SSTableBounds.read(store, sstable, request.keyspace(),
                    request.table(), scratch, backup.describe(sstable.node())));
        } finally {
            try {
                LocalFiles.deleteTree(scratch);
            } catch (UncheckedIOException e) {
                LOG.warn("Could not remove the planning scratch directory: {}", e.getMessage());
            }
        }
    }

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory("movedata-plan-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for SSTable statistics", e);
        }
    }
}
