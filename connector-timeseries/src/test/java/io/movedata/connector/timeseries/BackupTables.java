package io.movedata.connector.timeseries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.TestConnectorContext;
import io.movedata.testkit.TestSpark;

/**
 * Tables of a backup of a fixture cluster as the runtime reads them (at a reference time; slice
 * tables with {@code _row_writetime}), held in memory, and a {@link SourceFrames} over them whose
 * cogroup applies the transform to each partition's rows in the order read: what the runtime's
 * cogroup hands a transform, without its streaming.
 */
final class BackupTables implements SourceFrames {
    private final Map<String, StructType> schemas = new LinkedHashMap<>();
    private final Map<String, List<Row>> rows = new LinkedHashMap<>();
    /** The tables each cogroup call read together. */
    final List<List<String>> cogrouped = new ArrayList<>();

    /** Backs the cluster up into {@code bucket} as backup {@code name} and reads {@code tables} (with write times when asked). */
    static BackupTables read(S3EndpointExtension s3, String bucket, FixtureCluster cluster, String name, Instant referenceTime,
                             Map<String, Boolean> tables) {
        StoreLocation location = s3.location(bucket, "cluster");
        try (ObjectStore store = s3.openStore(bucket)) {
            cluster.backup(store, location, name, BackupMode.DIFFERENTIAL);
        }
        BackupTables read = new BackupTables();
        tables.forEach((table, writetime) -> {
            Map<String, String> options = new HashMap<>(s3.options());
            options.put("backup", location.toString());
            options.put("name", name);
            options.put("table", table);
            options.put("consistency", "ALL");
            options.put("rowWritetime", writetime.toString());
            options.put("referenceTime", referenceTime.toString());
            Dataset<Row> frame = TestSpark.session().read().format("cassandra-backup").options(options).load();
            read.schemas.put(table, frame.schema());
            read.rows.put(table, frame.collectAsList());
        });
        return read;
    }

    Map<String, StructType> schemas() {
        return schemas;
    }

    List<Row> rows(String table) {
        return rows.get(table);
    }

    /** A connector context at {@code referenceTime} whose lookups read these tables, and whose Spark is the tests'. */
    TestConnectorContext context(Instant referenceTime) {
        return new TestConnectorContext(referenceTime).spark(TestSpark::session).lookups(table -> {
            List<Row> read = rows(table);
            if (read == null) {
                throw new IllegalArgumentException("The test read no table " + table);
            }
            return read;
        });
    }

    @Override
    public Map<String, Dataset<Row>> cogroup(List<String> tables, GroupTransform transform) {
        cogrouped.add(tables);
        Map<String, List<Row>> out = new HashMap<>();
        transform.outputs().keySet().forEach(name -> out.put(name, new ArrayList<>()));
        for (PartitionGroup group : groups(tables.get(0))) {
            transform.apply(group).forEachRemaining((OutputRow row) -> out.get(row.output()).add(row.row()));
        }
        Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
        transform.outputs().forEach((name, schema) -> frames.put(name, TestSpark.session().createDataFrame(out.get(name), schema)));
        return frames;
    }

    /** One group per partition key (the first three columns of a slice table), rows in the order read. */
    private List<PartitionGroup> groups(String table) {
        Map<List<Object>, List<Row>> byKey = new LinkedHashMap<>();
        for (Row row : rows.get(table)) {
            byKey.computeIfAbsent(List.of(row.get(0), row.get(1), row.get(2)), k -> new ArrayList<>()).add(row);
        }
        List<PartitionGroup> groups = new ArrayList<>();
        byKey.forEach((key, partition) -> groups.add(new PartitionGroup() {
            @Override
            public Row key() {
                return RowFactory.create(key.toArray());
            }

            @Override
            public java.util.Iterator<Row> rows(String name) {
                if (!name.equals(table)) {
                    throw new IllegalArgumentException("Not a table of the group: " + name);
                }
                return partition.iterator();
            }
        }));
        return groups;
    }

    @Override
    public Dataset<Row> frame(String table) {
        throw new UnsupportedOperationException("the timeseries connector reads through cogroup");
    }

    @Override
    public Dataset<Row> transform(String table, RowTransform transform) {
        throw new UnsupportedOperationException("the timeseries connector reads through cogroup");
    }
}
