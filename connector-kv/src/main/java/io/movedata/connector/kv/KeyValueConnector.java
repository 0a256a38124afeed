package io.movedata.connector.kv;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.google.auto.service.AutoService;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.NamedUdf;
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * The {@code key-value} connector: a namespace ({@code id -> sorted items}) stored in an items table
 * and a chunks table, read together in one streaming pass, its values reassembled, decompressed and
 * checked, written to an {@code items} table and, optionally, a {@code records} table (see
 * docs/connectors/key-value.md).
 */
@AutoService(ConnectorFactory.class)
public final class KeyValueConnector implements ConnectorFactory {
    public static final String NAME = "key-value";

    static final String NAMESPACE = "namespace";
    static final String RECORDS = "records";
    static final String BUCKETS = "buckets";
    static final String ON_CORRUPT = "onCorrupt";

    /** The chunks table of a namespace's items table {@code keyspace.ns}: {@code keyspace.ns_chunks}. */
    public static String chunksTable(String namespace) {
        return namespace + "_chunks";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Rebuilds a key-value namespace (items table <ks>.<ns> and chunks table <ks>.<ns>_chunks) in one read: "
                + "values reassembled from chunks, decompressed and checked, expired items left out; writes an items "
                + "table and optionally a records table (one row per id).";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(NAMESPACE).required()
                        .validator(value -> SourceTable.nameProblem((String) value) == null ? null
                                : "keyspace.namespace, two names joined by a dot")
                        .documentation("the namespace's items table, keyspace.ns; its chunks table is keyspace.ns_chunks"),
                OptionSpec.bool(RECORDS).defaultValue("false")
                        .documentation("also write target 'records', one row per id with its items (holds one record's items in memory)"),
                OptionSpec.integer(BUCKETS).defaultValue("16").validator(OptionSpec.Validator.atLeast(1))
                        .documentation("the targets are partitioned by bucket(buckets, id)"),
                CorruptItems.option(ON_CORRUPT));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        String itemsTable = options.string(NAMESPACE);
        boolean records = options.bool(RECORDS);
        int buckets = options.integer(BUCKETS);
        CorruptItems corrupt = CorruptItems.of(options.string(ON_CORRUPT), itemsTable, context);
        Instant referenceTime = context.referenceTime();
        return new Connector() {
            /** Built by targets, which the runtime calls with the source schemas before output. */
            private NamespaceTransform transform;

            @Override
            public List<SourceTable> sources() {
                return KvNamespace.sources(itemsTable);
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                transform = new NamespaceTransform(KvNamespace.of(itemsTable, sourceSchemas, referenceTime, corrupt), records);
                List<TargetTable> targets = new ArrayList<>();
                transform.outputs().forEach((name, schema) -> targets.add(target(name, schema, buckets)));
                return targets;
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                return sources.cogroup(List.of(itemsTable, chunksTable(itemsTable)), transform);
            }

            @Override
            public List<NamedUdf> udfs() {
                return KeyValueConnector.udfs();
            }
        };
    }

    @Override
    public List<NamedUdf> declaredUdfs() {
        return udfs();
    }

    /**
     * The targets' Iceberg table properties. No shuffle: each task sorts its own rows, which the
     * co-partitioned read already groups by id. A small Parquet dictionary: values are mostly
     * distinct blobs, which a dictionary never shortens (the benchmark's files came out the same
     * size) but which it hashes whole until the dictionary is full, in every file of every bucket.
     * zstd level 1 rather than 3: the values are written decoded, so the write compresses them for
     * real; level 1 made the benchmark's files 3% larger and its writes faster (docs/performance.md).
     * A table keeps the properties it was created with; change them with ALTER TABLE.
     */
    static final Map<String, String> TABLE_PROPERTIES = Map.of(
            "write.distribution-mode", "none",
            "write.parquet.dict-size-bytes", String.valueOf(256 * 1024),
            "write.parquet.compression-level", "1");

    /**
     * A target partitioned by {@code bucket(N, id)} and sorted by {@code id, key}, written without a
     * shuffle: each task sorts its own rows, which the co-partitioned read already groups by id.
     */
    private static TargetTable target(String name, StructType schema, int buckets) {
        return TargetTable.of(name, schema)
                .partitionedBy(List.of("bucket(" + buckets + ", id)"))
                .sortedBy(name.equals(KvOutputs.ITEMS) ? List.of("id", "key") : List.of("id"))
                .withProperties(TABLE_PROPERTIES);
    }

    /** {@code kv_decode} and {@code kv_key_text}. */
    static List<NamedUdf> udfs() {
        return List.of(
                NamedUdf.of("kv_decode", (UDF2<byte[], byte[], byte[]>) ValueMetadata::decodeStored, DataTypes.BinaryType,
                        "kv_decode(value binary, value_metadata binary): the value an items-table row stores inline, "
                                + "decompressed and checked; null for a chunked value"),
                NamedUdf.of("kv_key_text", (UDF1<byte[], String>) Utf8::keyText, DataTypes.StringType,
                        "kv_key_text(key binary): the key as UTF-8 text when it is text, else 0x and hex"));
    }
}
