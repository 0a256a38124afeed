package io.movedata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.db.Mutation;
import org.apache.cassandra.db.SerializationHeader;
import org.apache.cassandra.db.partitions.PartitionUpdate;
import org.apache.cassandra.db.rows.EncodingStats;
import org.apache.cassandra.io.sstable.Component;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.SSTableId;
import org.apache.cassandra.io.sstable.SSTableIdFactory;
import org.apache.cassandra.io.sstable.SSTableTxnWriter;
import org.apache.cassandra.io.sstable.format.SSTableFormat;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.SchemaKeyspace;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.TableMetadataRef;
import org.apache.cassandra.service.ActiveRepairService;
import org.apache.cassandra.utils.Pair;

/**
 * Writes a node's {@code system_schema} SSTables the way a Cassandra node holds its schema: the
 * rows are cassandra-all's own schema mutations for the keyspaces ({@code SchemaKeyspace}), and
 * each write is one new SSTable per {@code system_schema} table, like a flush after a schema change.
 *
 * <p>A write replaces what earlier writes said about the keyspaces: it deletes their partitions
 * just before it recreates them, as Cassandra does when it drops and recreates a keyspace, so the
 * merged SSTables hold exactly the newest definitions (a column dropped since is gone from
 * {@code columns} and recorded in {@code dropped_columns}).
 */
final class SystemSchemaSSTables {
    private static final Method CREATE = schemaMutation("makeCreateKeyspaceMutation");
    private static final Method DROP = schemaMutation("makeDropKeyspaceMutation");

    private SystemSchemaSSTables() {}

    /** The {@code system_schema} tables, whose directories are {@code <node>/system_schema/<table>-<id>}. */
    static List<TableMetadata> tables() {
        return SchemaKeyspace.metadata().tables.stream().sorted(Comparator.comparing(t -> t.name)).toList();
    }

    /** {@code <nodeDirectory>/system_schema/<table>-<id>}. */
    static Path tableDirectory(Path nodeDirectory, TableMetadata table) {
        return nodeDirectory.resolve(SchemaConstants.SCHEMA_KEYSPACE_NAME).resolve(table.name + "-" + table.id.toHexString());
    }

    /**
     * Writes the definitions of {@code keyspaces} at {@code timestamp}, replacing those of
     * {@code replaced} (deleted at {@code timestamp - 1}), into new SSTables under
     * {@code nodeDirectory}.
     *
     * @param keyspaces the keyspaces with their real replication
     * @param replaced the keyspaces an earlier write defined (empty for the first write)
     */
    static void write(Path nodeDirectory, Collection<KeyspaceMetadata> keyspaces, Collection<KeyspaceMetadata> replaced,
                      long timestamp, SSTableFormat<?, ?> format) {
        List<Mutation> mutations = new ArrayList<>();
        for (KeyspaceMetadata keyspace : replaced) {
            mutations.add(mutation(DROP, keyspace, timestamp - 1));
        }
        for (KeyspaceMetadata keyspace : keyspaces) {
            mutations.add(mutation(CREATE, keyspace, timestamp));
        }
        Map<String, List<PartitionUpdate>> byTable = new TreeMap<>();
        for (Mutation mutation : mutations) {
            for (PartitionUpdate update : mutation.getPartitionUpdates()) {
                byTable.computeIfAbsent(update.metadata().name, k -> new ArrayList<>()).add(update);
            }
        }
        for (TableMetadata table : tables()) {
            List<PartitionUpdate> updates = byTable.get(table.name);
            if (updates != null) {
                writeTable(tableDirectory(nodeDirectory, table), table, updates, format);
            }
        }
    }

    /** One SSTable with the updates, merged per partition and in partition order. */
    private static void writeTable(Path directory, TableMetadata table, List<PartitionUpdate> updates, SSTableFormat<?, ?> format) {
        Map<DecoratedKey, List<PartitionUpdate>> byKey = new TreeMap<>();
        for (PartitionUpdate update : updates) {
            byKey.computeIfAbsent(update.partitionKey(), k -> new ArrayList<>()).add(update);
        }
        try {
            Files.createDirectories(directory);
            Descriptor descriptor = new Descriptor(new File(directory), table.keyspace, table.name, nextId(directory, table), format);
            SerializationHeader header = new SerializationHeader(true, table, table.regularAndStaticColumns(), EncodingStats.NO_STATS);
            try (SSTableTxnWriter writer = SSTableTxnWriter.create(TableMetadataRef.forOfflineTools(table), descriptor, byKey.size(),
                    ActiveRepairService.UNREPAIRED_SSTABLE, ActiveRepairService.NO_PENDING_REPAIR, false, header, List.of(), null)) {
                for (List<PartitionUpdate> partition : byKey.values()) {
                    writer.append(PartitionUpdate.merge(partition).unfilteredIterator());
                }
                writer.finish(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the system_schema SSTable of " + table + " under " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /** The identifier after those of the SSTables already in {@code directory}. */
    private static SSTableId nextId(Path directory, TableMetadata table) throws IOException {
        List<SSTableId> existing = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-Data.db")).toList()) {
                Pair<Descriptor, Component> parsed = Descriptor.fromFileWithComponent(new File(file), table.keyspace, table.name);
                existing.add(parsed.left.id);
            }
        }
        return SSTableIdFactory.instance.defaultBuilder().generator(existing.stream()).get();
    }

    private static Mutation mutation(Method builder, KeyspaceMetadata keyspace, long timestamp) {
        try {
            return ((Mutation.SimpleBuilder) builder.invoke(null, keyspace, timestamp)).build();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot build the system_schema rows of keyspace " + keyspace.name + ": "
                    + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call SchemaKeyspace." + builder.getName(), e);
        }
    }

    private static Method schemaMutation(String name) {
        try {
            Method method = SchemaKeyspace.class.getDeclaredMethod(name, KeyspaceMetadata.class, long.class);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("This cassandra-all version has no SchemaKeyspace." + name
                    + "(KeyspaceMetadata, long) to build system_schema rows with", e);
        }
    }
}
