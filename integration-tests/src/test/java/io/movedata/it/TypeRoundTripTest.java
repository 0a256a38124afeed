package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/** Every CQL type of DESIGN §3 round-trips: values, nulls and empty values, nested and frozen. */
class TypeRoundTripTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("types");

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static Dataset<Row> frame;

    @BeforeAll
    static void writeBackup() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                        CREATE TYPE ks.address (street text, zip int, tags frozen<set<text>>);
                        CREATE TABLE ks.types (
                            id int PRIMARY KEY,
                            a ascii, b bigint, bl blob, bo boolean, d date, de decimal, db double, du duration,
                            f float, i inet, n int, sm smallint, t text, tm time, ts timestamp, tu timeuuid,
                            ti tinyint, u uuid, vc varchar, vi varint,
                            l list<frozen<map<text, int>>>, st set<frozen<tuple<int, text>>>,
                            m map<text, frozen<list<int>>>, fa frozen<address>, na address,
                            tp tuple<int, text, double>, nested frozen<map<text, frozen<set<int>>>>);
                        CREATE TABLE ks.keys (p1 text, p2 bigint, c1 timestamp, c2 uuid, v int,
                            PRIMARY KEY ((p1, p2), c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC);
                        """)
                .nodes(1)
                .build();
        cluster.execute("""
                INSERT INTO ks.types (id, a, b, bl, bo, d, de, db, du, f, i, n, sm, t, tm, ts, tu, ti, u, vc, vi,
                                      l, st, m, fa, na, tp, nested)
                VALUES (1, 'ascii', -9223372036854775808, 0xcafebabe, true, '2024-02-29', 12345.678901234567890123,
                        3.5, 1mo2d3ns, 1.25, '192.168.0.1', 2147483647, -32768, 'héllo ✓', '13:30:54.234',
                        '2026-11-20T10:15:30.123Z', 50554d6e-29bb-11e5-b345-feff819cdc9f, -128,
                        123e4567-e89b-12d3-a456-426614174000, 'v', 123456789012345678901234567890,
                        [{'a': 1}, {'b': 2}], {(1, 'x'), (2, 'y')}, {'k': [1, 2, 3]},
                        {street: 'Main', zip: 12345, tags: {'home'}}, {street: 'Side', zip: null},
                        (7, 'seven', 7.5), {'n': {3, 1, 2}})
                USING TIMESTAMP 10""");
        cluster.execute("INSERT INTO ks.types (id) VALUES (2) USING TIMESTAMP 10");
        cluster.execute("""
                INSERT INTO ks.types (id, a, t, vc, bl, n, i, l, tp)
                VALUES (3, '', '', '', 0x, blobAsInt(0x), '::1', [], (null, null, null)) USING TIMESTAMP 10""");
        cluster.execute("INSERT INTO ks.keys (p1, p2, c1, c2, v) VALUES ('p', 1, '2026-01-01T00:00:00Z', 123e4567-e89b-12d3-a456-426614174000, 1) USING TIMESTAMP 10");
        cluster.execute("INSERT INTO ks.keys (p1, p2, c1, c2, v) VALUES ('p', 1, '2026-01-02T00:00:00Z', 123e4567-e89b-12d3-a456-426614174000, 2) USING TIMESTAMP 10");
        location = S3.location("types", "");
        try (ObjectStore store = S3.openStore("types")) {
            cluster.backup(store, location, "b1", BackupMode.DIFFERENTIAL);
        }
        frame = read("ks.types");
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static Dataset<Row> read(String table) {
        return SharedSpark.session().read().format("cassandra-backup").options(SharedSpark.backupOptions(S3, location, table)).load();
    }

    private static Row row(int id) {
        List<Row> rows = frame.where("id = " + id).collectAsList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void everyPrimitiveTypeRoundTrips() {
        Row r = row(1);

        assertThat(r.<String>getAs("a")).isEqualTo("ascii");
        assertThat(r.<Long>getAs("b")).isEqualTo(Long.MIN_VALUE);
        assertThat(r.<byte[]>getAs("bl")).containsExactly(0xca, 0xfe, 0xba, 0xbe);
        assertThat(r.<Boolean>getAs("bo")).isTrue();
        assertThat(r.<java.sql.Date>getAs("d").toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(r.<BigDecimal>getAs("de")).isEqualByComparingTo("12345.678901234567890123");
        assertThat(r.<Double>getAs("db")).isEqualTo(3.5);
        assertThat(r.<Row>getAs("du").toString()).isEqualTo("[1,2,3]");
        assertThat(r.<Float>getAs("f")).isEqualTo(1.25f);
        assertThat(r.<String>getAs("i")).isEqualTo("192.168.0.1");
        assertThat(r.<Integer>getAs("n")).isEqualTo(Integer.MAX_VALUE);
        assertThat(r.<Short>getAs("sm")).isEqualTo(Short.MIN_VALUE);
        assertThat(r.<String>getAs("t")).isEqualTo("héllo ✓");
        assertThat(r.<Long>getAs("tm")).isEqualTo(((13 * 60 + 30) * 60 + 54) * 1_000_000_000L + 234_000_000L);
        assertThat(r.<java.sql.Timestamp>getAs("ts").toInstant()).isEqualTo(Instant.parse("2026-11-20T10:15:30.123Z"));
        assertThat(r.<String>getAs("tu")).isEqualTo("50554d6e-29bb-11e5-b345-feff819cdc9f");
        assertThat(r.<Byte>getAs("ti")).isEqualTo((byte) -128);
        assertThat(r.<String>getAs("u")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(r.<String>getAs("vc")).isEqualTo("v");
        assertThat(r.<BigDecimal>getAs("vi")).isEqualByComparingTo("123456789012345678901234567890");
    }

    @Test
    void collectionsTuplesAndUserTypesRoundTripNestedAndFrozen() {
        List<String> rows = SharedSpark.rows(frame.where("id = 1").select("l", "st", "m", "fa", "na", "tp", "nested"));

        assertThat(rows).containsExactly(
                "[{a=1}, {b=2}]|[(1,x), (2,y)]|{k=[1, 2, 3]}|(Main,12345,[home])|(Side,null,null)|(7,seven,7.5)|{n=[1, 2, 3]}");
    }

    @Test
    void nullsAndEmptyValuesReadAsCqlReturnsThem() {
        List<String> allNull = SharedSpark.rows(frame.where("id = 2").drop("id"));
        assertThat(allNull).containsExactly(String.join("|", java.util.Collections.nCopies(27, "null")));

        List<String> empty = SharedSpark.rows(frame.where("id = 3").select("a", "t", "vc", "bl", "n", "i", "l", "tp"));
        assertThat(empty).containsExactly("|||0x|null|0:0:0:0:0:0:0:1|null|(null,null,null)");
    }

    @Test
    void sparkTypesFollowTheTypeTableAndCarryTheCqlType() {
        StructType schema = frame.schema();

        assertThat(schema.apply("de").dataType()).isEqualTo(DataTypes.createDecimalType(38, 18));
        assertThat(schema.apply("vi").dataType()).isEqualTo(DataTypes.createDecimalType(38, 0));
        assertThat(schema.apply("tm").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(schema.apply("d").dataType()).isEqualTo(DataTypes.DateType);
        assertThat(schema.apply("i").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply("du").dataType().simpleString()).isEqualTo("struct<months:int,days:int,nanos:bigint>");
        assertThat(schema.apply("tp").dataType().simpleString()).isEqualTo("struct<_1:int,_2:string,_3:double>");
        assertThat(schema.apply("fa").dataType().simpleString()).isEqualTo("struct<street:string,zip:int,tags:array<string>>");
        assertThat(schema.apply("nested").metadata().getString(ColumnMetadataKeys.CQL_TYPE)).isEqualTo("frozen<map<text, frozen<set<int>>>>");
        assertThat(schema.apply("id").metadata().getString(ColumnMetadataKeys.KEY_ROLE)).isEqualTo("partition_key");
        assertThat(schema.apply("na").metadata().getString(ColumnMetadataKeys.KEY_ROLE)).isEqualTo("regular");
    }

    @Test
    void compositePartitionKeysAndDescendingClusteringRoundTrip() {
        Dataset<Row> keys = read("ks.keys");
        List<Row> rows = keys.collectAsList();

        assertThat(keys.columns()).containsExactly("p1", "p2", "c1", "c2", "v");
        assertThat(rows).extracting(r -> r.getInt(4)).containsExactly(2, 1);
        assertThat(rows.get(0).getString(0)).isEqualTo("p");
        assertThat(rows.get(0).getLong(1)).isEqualTo(1L);
        assertThat(keys.schema().apply("c1").metadata().getString(ColumnMetadataKeys.CLUSTERING_ORDER)).isEqualTo("DESC");
        assertThat(keys.where("p1 = 'p' AND p2 = 1").count()).isEqualTo(2);
        assertThat(keys.where("p1 = 'p' AND p2 = 2").count()).isZero();
    }
}
