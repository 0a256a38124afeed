package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.GroupTransform;
import io.movedata.api.NamedUdf;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;
import io.movedata.connector.kv.fixture.Corruption;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.KvNamespaceWriter.KeyOrder;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.TestConnectorContext;
import io.movedata.testkit.TestSpark;

/**
 * The connector as the runtime drives it: options, sources, targets, output through a cogroup (here
 * one over in-memory partition groups of a real backup read) and UDFs called from Spark SQL.
 */
class KeyValueConnectorTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("connector");

    private static final Instant R = Instant.parse("2026-06-01T00:00:00Z");
    private static FixtureCluster cluster;
    private static NamespaceRead users;
    private static NamespaceRead mixed;
    private static NamespaceRead plain;
    private static NamespaceRead chunkDescending;
    private static NamespaceRead chunkFirst;
    private static NamespaceRead versioned;

    @BeforeAll
    static void writeAndRead() {
        cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(KvNamespaceWriter.schema("kv.users", KeyOrder.ASC))
                .schema(KvNamespaceWriter.schema("kv.mixed", KeyOrder.ASC, KeyOrder.DESC))
                .schema("CREATE TABLE kv.plain (id text, key text, value blob, value_metadata blob, PRIMARY KEY (id, key));"
                        + "CREATE TABLE kv.plain_chunks (id text, key blob, chunk int, value blob, PRIMARY KEY (id, key, chunk))")
                .schema(KvNamespaceWriter.schema("kv.chunkdesc", KeyOrder.ASC).replace("chunk ASC", "chunk DESC"))
                .schema(KvNamespaceWriter.schema("kv.chunkfirst", KeyOrder.ASC)
                        .replace("PRIMARY KEY (id, key, chunk)) WITH CLUSTERING ORDER BY (key ASC, chunk ASC)",
                                "PRIMARY KEY (id, chunk, key))"))
                .schema("CREATE TABLE kv.versioned (id text, key blob, version int, value blob, value_metadata blob, "
                        + "PRIMARY KEY (id, key, version));"
                        + "CREATE TABLE kv.versioned_chunks (id text, key blob, chunk int, value blob, PRIMARY KEY (id, key, chunk))")
                .nodes(1).build();
        KvNamespaceWriter kv = new KvNamespaceWriter(cluster, "kv.users").chunkSize(8);
        kv.item("u1", "name").value("Ada Lovelace").codec(ValueCodec.ZSTD).contentType("text/plain").timestamp(10).write();
        kv.item("u1", new byte[] {(byte) 0xff, 0}).value("binary key").codec(ValueCodec.SNAPPY).inline().timestamp(10).write();
        kv.item("u1", "bare").value("no metadata").withoutMetadata().timestamp(10).write();
        kv.item("u2", "lz4").value("compressed and inline").codec(ValueCodec.LZ4).inline()
                .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).timestamp(12).write();
        kv.item("u2", "old").value("expired").expiresAt(R).timestamp(12).write();
        kv.item("u3", "torn").value("a value in several chunks").corrupt(Corruption.MISSING_CHUNK).timestamp(13).write();
        users = NamespaceRead.of(S3, "connector", cluster, "kv.users", R);
        mixed = NamespaceRead.of(S3, "connector", cluster, "kv.mixed", R);
        plain = NamespaceRead.of(S3, "connector", cluster, "kv.plain", R);
        chunkDescending = NamespaceRead.of(S3, "connector", cluster, "kv.chunkdesc", R);
        chunkFirst = NamespaceRead.of(S3, "connector", cluster, "kv.chunkfirst", R);
        versioned = NamespaceRead.of(S3, "connector", cluster, "kv.versioned", R);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static final KeyValueConnector FACTORY = new KeyValueConnector();

    private static ConnectorOptions options(String... pairs) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return ConnectorOptions.validate(FACTORY.name(), FACTORY.options(), raw);
    }

    @Test
    void theFactoryIsFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("key-value")).findFirst()).get().isInstanceOf(KeyValueConnector.class);
    }

    @Test
    void optionsHaveTheirDefaultsAndEachProblemIsNamedInOneMessage() {
        assertThat(options("namespace", "kv.users").masked())
                .containsExactlyInAnyOrderEntriesOf(Map.of("namespace", "kv.users", "records", "false", "buckets", "16",
                        "onCorrupt", "fail"));
        assertThatThrownBy(() -> options())
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Invalid options for connector 'key-value': option 'namespace' is required: the namespace's "
                        + "items table, keyspace.ns; its chunks table is keyspace.ns_chunks");
        assertThatThrownBy(() -> options("namespace", "users", "buckets", "0", "onCorrupt", "ignore", "records", "yes",
                "bucket", "4"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Invalid options for connector 'key-value': "
                        + "unknown option 'bucket'; known options: namespace, records, buckets, onCorrupt; "
                        + "option 'namespace': expected keyspace.namespace, two names joined by a dot, found 'users' (the "
                        + "namespace's items table, keyspace.ns; its chunks table is keyspace.ns_chunks); "
                        + "option 'records': expected true or false, found 'yes' (also write target 'records', one row per "
                        + "id with its items (holds one record's items in memory)); "
                        + "option 'buckets': expected a number of at least 1, found '0' (the targets are partitioned by "
                        + "bucket(buckets, id)); "
                        + "option 'onCorrupt': expected one of fail, skip, found 'ignore' (a corrupt item (missing chunk, "
                        + "size or checksum mismatch, undecodable value): 'fail' the movement naming it, or 'skip' it and "
                        + "count it in the report)");
    }

    @Test
    void itReadsTheItemsAndChunksTablesWithTheirWriteTimes() {
        Connector connector = FACTORY.create(options("namespace", "kv.users"), context());

        assertThat(connector.sources()).containsExactly(
                SourceTable.of("kv.users").withRowWritetime(), SourceTable.of("kv.users_chunks").withRowWritetime());
    }

    @Test
    void targetsArePartitionedByBucketsOfIdSortedAndWrittenWithoutAShuffle() {
        Map<String, String> properties = Map.of("write.distribution-mode", "none",
                "write.parquet.dict-size-bytes", "262144", "write.parquet.compression-level", "1");
        Connector connector = FACTORY.create(options("namespace", "kv.users", "records", "true", "buckets", "8"), context());

        List<TargetTable> targets = connector.targets(schemas(users));

        assertThat(targets).containsExactly(
                TargetTable.of("items", KvOutputs.ITEMS_SCHEMA).partitionedBy(List.of("bucket(8, id)"))
                        .sortedBy(List.of("id", "key")).withProperties(properties),
                TargetTable.of("records", KvOutputs.RECORDS_SCHEMA).partitionedBy(List.of("bucket(8, id)"))
                        .sortedBy(List.of("id")).withProperties(properties));
        assertThat(KvOutputs.ITEMS_SCHEMA.simpleString()).isEqualTo("struct<id:string,key:binary,value:binary,"
                + "value_size:bigint,content_type:string,write_time:timestamp,expires_at:timestamp>");
        assertThat(KvOutputs.RECORDS_SCHEMA.simpleString()).isEqualTo("struct<id:string,item_count:bigint,items:array<"
                + "struct<key:binary,value:binary,value_size:bigint,content_type:string,write_time:timestamp,"
                + "expires_at:timestamp>>>");
        assertThat(FACTORY.create(options("namespace", "kv.users"), context()).targets(schemas(users)))
                .extracting(TargetTable::name).containsExactly("items");
    }

    @Test
    void aChunksTableInTheOtherKeyOrderIsRefusedInOneLine() {
        Connector connector = FACTORY.create(options("namespace", "kv.mixed"), context());

        assertThatThrownBy(() -> connector.targets(schemas(mixed)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Namespace kv.mixed: its chunks table kv.mixed_chunks clusters key DESC but its items table "
                        + "clusters key ASC; the key-value connector reads both in step and needs one order");
    }

    @Test
    void aChunksTableNotClusteredByKeyThenChunkAscendingIsRefusedInOneLine() {
        assertThatThrownBy(() -> FACTORY.create(options("namespace", "kv.chunkdesc"), context())
                .targets(schemas(chunkDescending)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Table kv.chunkdesc_chunks is not a key-value namespace table: expected clustering "
                        + "(key ASC or DESC, chunk ASC), found (key ASC, chunk DESC)");
        assertThatThrownBy(() -> FACTORY.create(options("namespace", "kv.chunkfirst"), context())
                .targets(schemas(chunkFirst)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Table kv.chunkfirst_chunks is not a key-value namespace table: expected clustering "
                        + "(key ASC or DESC, chunk ASC), found (chunk ASC, key ASC)");
    }

    @Test
    void anItemsTableNotClusteredByKeyAloneIsRefusedInOneLine() {
        Connector connector = FACTORY.create(options("namespace", "kv.versioned"), context());

        assertThatThrownBy(() -> connector.targets(schemas(versioned)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Table kv.versioned is not a key-value namespace table: expected clustering (key ASC or DESC), "
                        + "found (key ASC, version ASC)");
    }

    @Test
    void aTableThatIsNotOfTheModelIsRefusedNamingTheColumn() {
        Connector connector = FACTORY.create(options("namespace", "kv.plain"), context());

        assertThatThrownBy(() -> connector.targets(schemas(plain)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Table kv.plain is not a key-value namespace table: expected column key blob, found type text");
    }

    @Test
    void theOutputComesFromOneCogroupOfBothTablesAndSkippedItemsAreCounted() {
        TestConnectorContext context = context();
        Connector connector = FACTORY.create(options("namespace", "kv.users", "records", "true", "onCorrupt", "skip"), context);
        List<TargetTable> targets = connector.targets(schemas(users));
        InMemoryCogroup sources = new InMemoryCogroup(users);
        registerUdfs(connector);

        Map<String, Dataset<Row>> frames = connector.output(sources);

        assertThat(sources.tables).containsExactly("kv.users", "kv.users_chunks");
        assertThat(frames.keySet()).containsExactly("items", "records");
        for (TargetTable target : targets) {
            assertThat(frames.get(target.name()).schema()).isEqualTo(target.schema());
        }
        assertThat(rows(frames.get("items").selectExpr("id", "kv_key_text(key)", "cast(value as string)", "value_size",
                "content_type", "cast(write_time as string)", "cast(expires_at as string)"))).containsExactlyInAnyOrder(
                "u1|bare|no metadata|11|null|1970-01-01 00:00:00.00001|null",
                "u1|name|Ada Lovelace|12|text/plain|1970-01-01 00:00:00.00001|null",
                "u1|0xff00|binary key|10|null|1970-01-01 00:00:00.00001|null",
                "u2|lz4|compressed and inline|21|null|1970-01-01 00:00:00.000012|2030-01-01 00:00:00");
        assertThat(rows(frames.get("records").selectExpr("id", "item_count", "transform(items, i -> kv_key_text(i.key))")))
                .containsExactlyInAnyOrder("u1|3|[bare, name, 0xff00]", "u2|1|[lz4]");
        assertThat(context.counted()).containsOnlyKeys("corruptItems");
        assertThat(context.samples("corruptItems")).containsExactly("namespace kv.users, id 'u3', key 'torn': "
                + "chunk 3 of 4 is missing (none written with the item, at timestamp 13)");
    }

    @Test
    void theUdfsDecodeStoredValuesAndShowKeysFromSparkSql() {
        SparkSession spark = TestSpark.session();
        registerUdfs(FACTORY.create(options("namespace", "kv.users"), context()));
        spark.createDataFrame(users.items(), users.itemsSchema()).createOrReplaceTempView("raw_items");

        assertThat(rows(spark.sql("SELECT id, kv_key_text(key), cast(kv_decode(value, value_metadata) AS string) FROM raw_items")))
                .containsExactlyInAnyOrder(
                        "u1|bare|no metadata",
                        "u1|name|null",
                        "u1|0xff00|binary key",
                        "u2|lz4|compressed and inline",
                        "u2|old|expired",
                        "u3|torn|null");
        assertThat(rows(spark.sql("SELECT kv_key_text(X'48c3a96c6c6f'), kv_key_text(X'00'), kv_key_text(X''), "
                + "kv_key_text(null), kv_decode(null, null)"))).containsExactly("Héllo|0x00||null|null");
    }

    @Test
    void kvDecodeOfACorruptValueFailsTheQuerySayingWhy() {
        registerUdfs(FACTORY.create(options("namespace", "kv.users"), context()));
        // "abc" inline, uncompressed, with a CRC-32C of 0
        String metadata = "010000" + "00000000" + "0000000000000003" + "0000000000000003" + "00000000" + "0000";

        assertThatThrownBy(() -> TestSpark.session().sql("SELECT kv_decode(X'616263', X'" + metadata + "')").collect())
                .hasStackTraceContaining("the decoded value's CRC-32C is " + Integer.toHexString(ValueMetadata.crc32c(
                        new byte[] {'a', 'b', 'c'})) + ", value_metadata says 0");
    }

    /** As the runtime does before it calls output. */
    private static void registerUdfs(Connector connector) {
        for (NamedUdf udf : connector.udfs()) {
            TestSpark.session().udf().register(udf.name(), udf.function());
        }
    }

    private static List<String> rows(Dataset<Row> frame) {
        List<String> rows = new ArrayList<>();
        for (Row row : frame.collectAsList()) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                fields.add(value instanceof scala.collection.Seq<?> seq
                        ? scala.jdk.javaapi.CollectionConverters.asJava(seq).toString() : String.valueOf(value));
            }
            rows.add(String.join("|", fields));
        }
        return rows;
    }

    private static Map<String, StructType> schemas(NamespaceRead read) {
        return Map.of(read.itemsTable(), read.itemsSchema(), read.chunksTable(), read.chunksSchema());
    }

    /**
     * A cogroup over a backup read held in memory: the transform applied to each record's group,
     * its rows split by output into frames. What the runtime's cogroup does, without its streaming.
     */
    private static final class InMemoryCogroup implements SourceFrames {
        private final NamespaceRead read;
        private List<String> tables;

        InMemoryCogroup(NamespaceRead read) {
            this.read = read;
        }

        @Override
        public Map<String, Dataset<Row>> cogroup(List<String> cogrouped, GroupTransform transform) {
            this.tables = cogrouped;
            Map<String, List<Row>> rows = new HashMap<>();
            transform.outputs().keySet().forEach(name -> rows.put(name, new ArrayList<>()));
            for (PartitionGroup group : read.groups()) {
                for (var out = transform.apply(group); out.hasNext(); ) {
                    OutputRow row = out.next();
                    rows.get(row.output()).add(row.row());
                }
            }
            Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
            transform.outputs().forEach((name, schema) ->
                    frames.put(name, TestSpark.session().createDataFrame(rows.get(name), schema)));
            return frames;
        }

        @Override
        public Dataset<Row> frame(String table) {
            throw new UnsupportedOperationException("the key-value connector reads through cogroup");
        }

        @Override
        public Dataset<Row> transform(String table, RowTransform transform) {
            throw new UnsupportedOperationException("the key-value connector reads through cogroup");
        }
    }

    /** The movement's context as the connector sees it, with the counts it asked for. */
    private static TestConnectorContext context() {
        return new TestConnectorContext(R).spark(TestSpark::session);
    }
}
