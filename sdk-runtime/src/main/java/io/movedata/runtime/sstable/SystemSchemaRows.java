package io.movedata.runtime.sstable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.cassandra.cql3.UntypedResultSet;
import org.apache.cassandra.db.partitions.PartitionIterator;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterator;
import org.apache.cassandra.db.partitions.UnfilteredPartitionIterators;
import org.apache.cassandra.db.rows.RowIterator;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.SchemaKeyspace;
import org.apache.cassandra.schema.TableMetadata;

import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.ring.TokenRange;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;

/**
 * The live rows of a node's backed-up {@code system_schema} tables: every SSTable of a table
 * merged by cassandra-all (newest write wins, deletions applied), so a dropped keyspace, table or
 * column is gone as it is on the node. Tables are read with the definitions of the cassandra-all
 * on the classpath, which are a superset of those of every Cassandra version since 3.0.
 */
final class SystemSchemaRows {
    /**
     * When expiring cells are judged. Cassandra writes schema rows without a TTL, so no row of
     * these tables can expire; any fixed time gives the same rows.
     */
    private static final long NOW_IN_SECONDS = 0;

    private SystemSchemaRows() {}

    /**
     * The rows of each {@code system_schema} table the manifest lists, by table name, in the
     * tables' key order. Tables of other keyspaces and {@code system_schema} tables this
     * cassandra-all does not know are ignored.
     *
     * @param node the node whose backup lists {@code tables}
     * @param where names the node backup in error messages
     * @throws SSTableReadException naming the object when an SSTable cannot be fetched, opened or read
     */
    static Map<String, List<UntypedResultSet.Row>> read(ObjectStore store, String node, List<ManifestTable> tables, String where) {
        CassandraOffline.initialize();
        KeyspaceMetadata definitions = SchemaKeyspace.metadata();
        Map<String, List<UntypedResultSet.Row>> rows = new TreeMap<>();
        Path work = workDirectory();
        try {
            for (ManifestTable table : tables) {
                TableMetadata metadata = definitions.tables.getNullable(table.table());
                if (!table.keyspace().equals(SchemaConstants.SCHEMA_KEYSPACE_NAME) || metadata == null) {
                    continue;
                }
                List<SSTableFiles> sstables = SSTableFiles.fromManifest(node, table, where);
                ReadScope everything = ReadScope.ranges(List.of(TokenRange.fullRing()));
                try (OpenedSSTables opened = OpenedSSTables.open(store, metadata, sstables, everything,
                        work.resolve(table.table()), where)) {
                    rows.put(table.table(), liveRows(metadata, opened, everything, where));
                }
            }
        } finally {
            LocalFiles.deleteTree(work);
        }
        return rows;
    }

    private static List<UntypedResultSet.Row> liveRows(TableMetadata metadata, OpenedSSTables opened, ReadScope scope,
                                                       String where) {
        List<UntypedResultSet.Row> rows = new ArrayList<>();
        if (opened.readers().isEmpty()) {
            return rows;
        }
        List<UnfilteredPartitionIterator> scanners = new ArrayList<>();
        for (SSTableReader reader : opened.readers()) {
            scanners.add(scope.scanner(reader));
        }
        try (PartitionIterator partitions = UnfilteredPartitionIterators.filter(
                UnfilteredPartitionIterators.merge(scanners, UnfilteredPartitionIterators.MergeListener.NOOP), NOW_IN_SECONDS)) {
            while (partitions.hasNext()) {
                try (RowIterator partition = partitions.next()) {
                    while (partition.hasNext()) {
                        rows.add(UntypedResultSet.Row.fromInternalRow(metadata, partition.partitionKey(), partition.next()));
                    }
                }
            }
        } catch (RuntimeException e) {
            List<String> keys = opened.files().stream().map(f -> f.data().key()).toList();
            throw new SSTableReadException(where + ": cannot read " + metadata + " from SSTables " + keys + ": " + e, e);
        }
        return rows;
    }

    private static Path workDirectory() {
        try {
            return Files.createTempDirectory("movedata-system-schema-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the system_schema SSTables", e);
        }
    }
}
