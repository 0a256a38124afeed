package io.movedata.connector.kv;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.PartitionGroup;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.TestSpark;

/**
 * A namespace's two tables as the runtime reads them from a backup of a fixture cluster (with
 * {@code _row_writetime}, at a reference time), and its records as in-memory {@link PartitionGroup}s:
 * what a cogroup hands the transform, without the cogroup.
 *
 * @param itemsTable the items table, {@code keyspace.ns}
 */
record NamespaceRead(String itemsTable, StructType itemsSchema, List<Row> items, StructType chunksSchema, List<Row> chunks) {

    /** Backs the cluster up into {@code bucket} of the endpoint, and reads the namespace's tables at {@code referenceTime}. */
    static NamespaceRead of(S3EndpointExtension s3, String bucket, FixtureCluster cluster, String namespace,
                            Instant referenceTime) {
        StoreLocation location = s3.location(bucket, "cluster");
        try (ObjectStore store = s3.openStore(bucket)) {
            cluster.backup(store, location, "b1", BackupMode.DIFFERENTIAL);
        }
        Dataset<Row> items = read(s3, location, namespace, referenceTime);
        Dataset<Row> chunks = read(s3, location, KeyValueConnector.chunksTable(namespace), referenceTime);
        return new NamespaceRead(namespace, items.schema(), items.collectAsList(), chunks.schema(), chunks.collectAsList());
    }

    private static Dataset<Row> read(S3EndpointExtension s3, StoreLocation location, String table, Instant referenceTime) {
        Map<String, String> options = new HashMap<>(s3.options());
        options.put("backup", location.toString());
        options.put("name", "b1");
        options.put("table", table);
        options.put("consistency", "ALL");
        options.put("rowWritetime", "true");
        options.put("referenceTime", referenceTime.toString());
        return TestSpark.session().read().format("cassandra-backup").options(options).load();
    }

    String chunksTable() {
        return KeyValueConnector.chunksTable(itemsTable);
    }

    SourceColumns itemColumns() {
        return SourceColumns.items(itemsTable, itemsSchema);
    }

    SourceColumns chunkColumns() {
        return SourceColumns.chunks(chunksTable(), chunksSchema);
    }

    /** One group per record id, each table's rows in the order read (clustering order within a record). */
    List<PartitionGroup> groups() {
        Map<String, Map<String, List<Row>>> byId = new LinkedHashMap<>();
        add(byId, itemsTable, items);
        add(byId, chunksTable(), chunks);
        byId.values().forEach(tables -> List.of(itemsTable, chunksTable()).forEach(t -> tables.putIfAbsent(t, List.of())));
        List<PartitionGroup> groups = new ArrayList<>();
        byId.forEach((id, tables) -> groups.add(new InMemoryGroup(RowFactory.create(id), tables)));
        return groups;
    }

    private static void add(Map<String, Map<String, List<Row>>> byId, String table, List<Row> rows) {
        for (Row row : rows) {
            byId.computeIfAbsent(row.getAs("id"), id -> new HashMap<>()).computeIfAbsent(table, t -> new ArrayList<>()).add(row);
        }
    }

    /** A partition group over rows already in memory. */
    record InMemoryGroup(Row key, Map<String, List<Row>> tables) implements PartitionGroup {
        @Override
        public Iterator<Row> rows(String table) {
            if (!tables.containsKey(table)) {
                throw new IllegalArgumentException("Not a table of the group: " + table);
            }
            return tables.get(table).iterator();
        }
    }
}
