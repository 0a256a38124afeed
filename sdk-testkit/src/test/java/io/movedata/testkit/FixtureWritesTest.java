package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.cassandra.db.DeletionTime;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.RangeTombstoneMarker;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.db.rows.Unfiltered;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.junit.jupiter.api.Test;

/** What the fixture writes, read back from its SSTables with cassandra-all. */
class FixtureWritesTest {
    private static final String NODE = "solo.example";

    private static FixtureCluster.Builder single(String schema) {
        return FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};" + schema)
                .node(NODE, "dc1", "r1", List.of(0L));
    }

    @Test
    void javaValuesSerializeLikeCqlLiterals() {
        String schema = "CREATE TYPE ks.address (street text, zip int);"
                + "CREATE TABLE ks.types (k int PRIMARY KEY, a ascii, bi bigint, bl blob, bo boolean, d date, de decimal,"
                + " do double, du duration, f float, i inet, s smallint, te text, ti time, ts timestamp, tu timeuuid,"
                + " ty tinyint, u uuid, vi varint, fl frozen<list<int>>, fs frozen<set<text>>, fm frozen<map<text, bigint>>,"
                + " l list<text>, st set<int>, m map<int, text>, tup frozen<tuple<int, text>>, addr frozen<address>,"
                + " nested frozen<map<text, frozen<list<frozen<address>>>>>, vec vector<float, 3>, before_epoch date)";
        String columns = "k, a, bi, bl, bo, d, de, do, du, f, i, s, te, ti, ts, tu, ty, u, vi, fl, fs, fm, l, st, m, tup, addr, nested, vec, before_epoch";
        try (FixtureCluster cluster = single(schema).build()) {
            UUID timeuuid = UUID.fromString("50554d6e-29bb-11e5-b345-feff819cdc9f");
            UUID uuid = UUID.fromString("6ab09bec-e68e-48d9-a5f8-97e6fb4c9b47");
            cluster.execute("INSERT INTO ks.types (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
                    1, "abc", 5L, ByteBuffer.wrap(new byte[] {(byte) 0xca, (byte) 0xfe}), true, LocalDate.of(2024, 2, 29),
                    new BigDecimal("12.345"), 1.5d, java.time.Duration.ofSeconds(3723), 2.5f, InetAddress.getLoopbackAddress(),
                    (short) 7, "text", LocalTime.parse("10:11:12.123456789"), Instant.parse("2024-01-02T03:04:05.678Z"),
                    timeuuid, (byte) 3, uuid, new BigInteger("123456789012345678901234567890"),
                    List.of(1, 2, 3), Set.of("b", "a"), Map.of("x", 1L, "w", 2L), List.of("p", "q"), Set.of(3, 1, 2),
                    Map.of(1, "one"), List.of(1, "one"), Map.of("street", "Main", "zip", 12345),
                    Map.of("k", List.of(cluster.udt("ks.address", "s", 1), Map.of("street", "t"))), List.of(1.0f, 2.0f, 3.0f),
                    LocalDate.of(1969, 12, 31), 1000L);
            cluster.execute("INSERT INTO ks.types (" + columns + ") VALUES (2, 'abc', 5, 0xcafe, true, '2024-02-29', 12.345,"
                    + " 1.5, 1h2m3s, 2.5, '127.0.0.1', 7, 'text', '10:11:12.123456789', '2024-01-02T03:04:05.678Z',"
                    + " 50554d6e-29bb-11e5-b345-feff819cdc9f, 3, 6ab09bec-e68e-48d9-a5f8-97e6fb4c9b47,"
                    + " 123456789012345678901234567890, [1, 2, 3], {'a', 'b'}, {'w': 2, 'x': 1}, ['p', 'q'], {1, 2, 3},"
                    + " {1: 'one'}, (1, 'one'), {street: 'Main', zip: 12345},"
                    + " {'k': [{street: 's', zip: 1}, {street: 't'}]}, [1.0, 2.0, 3.0], '1969-12-31') USING TIMESTAMP 1000");
            cluster.flush();

            Map<Integer, Map<String, List<String>>> rows = rows(cluster, "types");
            assertThat(rows).containsOnlyKeys(1, 2);
            assertThat(rows.get(1)).hasSize(29).isEqualTo(rows.get(2));
            assertThat(rows.get(1).get("te")).containsExactly("@1000 " + hex(UTF8Type.instance.decompose("text")));
            assertThat(rows.get(1).get("st")).hasSize(3);
        }
    }

    @Test
    void nullsWriteTombstonesAndUnsetLeavesColumnsAlone() {
        try (FixtureCluster cluster = single("CREATE TABLE ks.t (k int PRIMARY KEY, a text, b text)").build()) {
            cluster.execute("INSERT INTO ks.t (k, a, b) VALUES (?, ?, ?) USING TIMESTAMP 10", 1, null, FixtureCluster.UNSET);
            cluster.flush();
            Map<String, List<String>> row = rows(cluster, "t").get(1);
            assertThat(row).containsOnlyKeys("a");
            assertThat(row.get("a")).containsExactly("@10 tombstone");
        }
    }

    @Test
    void literalStatementsAndRangeDeletions() {
        try (FixtureCluster cluster = single("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))").build()) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (1, 5, 'it''s') USING TIMESTAMP 40");
            cluster.execute("DELETE FROM ks.t USING TIMESTAMP 50 WHERE k = 1 AND c > 3");
            cluster.execute("DELETE FROM ks.t USING TIMESTAMP 60 WHERE k = -2");
            cluster.execute("UPDATE ks.t USING TTL 3600 AND TIMESTAMP 70 SET v = $$dollar;quoted$$ WHERE k = 3 AND c = 1");
            cluster.flush();
            TableMetadata metadata = cluster.tableMetadata("ks", "t");
            Map<Integer, List<String>> seen = new HashMap<>();
            SSTableScan.forEachPartition(cluster.tableDirectory(NODE, "ks", "t"), metadata, partition -> {
                int k = Int32Type.instance.compose(partition.partitionKey().getKey());
                List<String> things = seen.computeIfAbsent(k, x -> new ArrayList<>());
                if (!partition.partitionLevelDeletion().isLive()) {
                    things.add("partition deleted @" + partition.partitionLevelDeletion().markedForDeleteAt());
                }
                while (partition.hasNext()) {
                    Unfiltered u = partition.next();
                    if (u instanceof RangeTombstoneMarker marker) {
                        DeletionTime dt = marker.isOpen(false) ? marker.openDeletionTime(false) : marker.closeDeletionTime(false);
                        things.add("marker " + marker.clustering().kind() + " @" + dt.markedForDeleteAt());
                    } else {
                        Row row = (Row) u;
                        for (Cell<?> cell : row.cells()) {
                            things.add(cell.column().name + "=" + UTF8Type.instance.compose(cell.buffer()) + " @" + cell.timestamp()
                                    + (cell.isExpiring() ? " ttl " + cell.ttl() : ""));
                        }
                    }
                }
            });
            assertThat(seen.get(1)).contains("v=it's @40", "marker EXCL_START_BOUND @50", "marker INCL_END_BOUND @50");
            assertThat(seen.get(-2)).containsExactly("partition deleted @60");
            assertThat(seen.get(3)).containsExactly("v=dollar;quoted @70 ttl 3600");
        }
    }

    @Test
    void literalStatementsOfOneShapeShareAWriter() {
        try (FixtureCluster cluster = single("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c));"
                + "CREATE TABLE ks.f (k int PRIMARY KEY, ts timestamp)").build()) {
            for (int i = 0; i < 200; i++) {
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (" + (i % 7) + ", " + i + ", 'v" + i + "') USING TIMESTAMP " + (1000 + i));
            }
            // an overloaded function (toTimestamp(date) / toTimestamp(timeuuid)) cannot take a marker: the literal stays
            cluster.execute("INSERT INTO ks.f (k, ts) VALUES (1, toTimestamp('2024-01-01'))");
            cluster.flush();
            assertThat(SSTableScan.dataFiles(cluster.tableDirectory(NODE, "ks", "t"))).hasSize(1);
            assertThat(SSTableScan.partitionKeys(cluster.tableDirectory(NODE, "ks", "t"), cluster.tableMetadata("ks", "t"))).hasSize(7);
            Map<Integer, Map<String, List<String>>> f = rows(cluster, "f");
            assertThat(f.get(1).get("ts").get(0)).endsWith(hex(org.apache.cassandra.db.marshal.TimestampType.instance.fromString("2024-01-01T00:00:00Z")));
        }
    }

    @Test
    void unwritableStatementsAreRefusedClearly() {
        try (FixtureCluster cluster = single("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))").build()) {
            assertThatThrownBy(() -> cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 1, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bind marker(s) but 2 value(s)");
            assertThatThrownBy(() -> cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 1L, 2, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Long").hasMessageContaining("int");
            assertThatThrownBy(() -> cluster.execute("DELETE FROM ks.t WHERE k IN (?, ?)", 1, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN on the partition key");
            assertThatThrownBy(() -> cluster.execute("INSERT INTO t (k, c, v) VALUES (?, ?, ?)", 1, 2, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyspace");
            assertThatThrownBy(() -> cluster.execute("BEGIN BATCH INSERT INTO ks.t (k, c, v) VALUES (1, 1, 'a'); APPLY BATCH"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BATCH");
            assertThatThrownBy(() -> cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) IF NOT EXISTS", 1, 2, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Conditional");
            assertThatThrownBy(() -> cluster.execute("INSERT INTO ks.nope (k) VALUES (?)", 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
            assertThatThrownBy(() -> cluster.tokenOf("ks.t", 1, 2)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'replication_factor': 3}")
                .nodes(1).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explicit datacenters");
        assertThatThrownBy(() -> FixtureCluster.builder().schema("CREATE TABLE ks.t (k int PRIMARY KEY)").nodes(1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single("CREATE TABLE ks.t (k int PRIMARY KEY)").format("nope").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bti");
    }

    @Test
    void everyFlushStartsNewSSTablesWithNamesUniqueForTheClusterLife() {
        for (String format : List.of("big", "bti")) {
            try (FixtureCluster cluster = single("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))").format(format).build()) {
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 1, 1, "a");
                cluster.execute("INSERT INTO ks.t (k, c) VALUES (?, ?)", 2, 1); // second statement: second writer
                cluster.flush();
                cluster.flush();
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 1, 2, "b");
                cluster.flush();
                Path dir = cluster.tableDirectory(NODE, "ks", "t");
                List<Path> data = SSTableScan.dataFiles(dir);
                assertThat(data).hasSize(3);
                String prefix = format.equals("big") ? "oa-" : "da-";
                assertThat(data).allSatisfy(p -> assertThat(p.getFileName().toString()).startsWith(prefix).contains("-" + format + "-"));
                assertThat(cluster.sstableFiles(NODE)).allSatisfy(p -> assertThat(p).startsWith(dir))
                        .anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith("TOC.txt"));
                assertThat(SSTableScan.partitionKeys(dir, cluster.tableMetadata("ks", "t"))).hasSize(3);
            }
        }
    }

    @Test
    void smallBuffersSplitBulkWritesIntoSeveralSSTables() {
        try (FixtureCluster cluster = single("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))").bufferSizeMiB(1).build()) {
            String payload = "x".repeat(1000);
            for (int i = 0; i < 4000; i++) {
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", i % 100, i, payload);
            }
            cluster.flush();
            assertThat(SSTableScan.dataFiles(cluster.tableDirectory(NODE, "ks", "t")).size()).isGreaterThan(1);
        }
    }

    @Test
    void twoClustersWithIncompatibleTablesOfTheSameName() {
        try (FixtureCluster a = single("CREATE TABLE ks.t (k int PRIMARY KEY, v text)").build();
             FixtureCluster b = single("CREATE TABLE ks.t (k text PRIMARY KEY, v int)").build()) {
            assertThat(a.tableId("ks", "t")).isNotEqualTo(b.tableId("ks", "t"));
            for (int i = 0; i < 3; i++) {
                a.execute("INSERT INTO ks.t (k, v) VALUES (?, ?)", i, "a" + i);
                b.execute("INSERT INTO ks.t (k, v) VALUES (?, ?)", "b" + i, i);
            }
            a.execute("INSERT INTO ks.t (k, v) VALUES (9, 'literal')");
            a.flush();
            b.flush();
            assertThat(SSTableScan.partitionKeys(a.tableDirectory(NODE, "ks", "t"), a.tableMetadata("ks", "t")))
                    .extracting(Int32Type.instance::compose).containsExactlyInAnyOrder(0, 1, 2, 9);
            assertThat(SSTableScan.partitionKeys(b.tableDirectory(NODE, "ks", "t"), b.tableMetadata("ks", "t")))
                    .extracting(UTF8Type.instance::compose).containsExactlyInAnyOrder("b0", "b1", "b2");
        }
    }

    @Test
    void helpersBuildUdtAndTupleValues() {
        try (FixtureCluster cluster = single("CREATE TYPE ks.address (street text, zip int);"
                + "CREATE TABLE ks.t (k int PRIMARY KEY, a frozen<address>, p frozen<tuple<int, frozen<address>>>)").build()) {
            assertThat(cluster.udt("ks.address", "Main", 1)).isEqualTo(cluster.udt("ks.address", Map.of("street", "Main", "zip", 1)));
            assertThat(cluster.udt("ks.address", "Main")).isEqualTo(cluster.udt("ks.address", Map.of("street", "Main")));
            ByteBuffer tuple = cluster.tuple("tuple<int, frozen<address>>", 1, cluster.udt("ks.address", "x", 2));
            assertThat(tuple).isEqualTo(cluster.serialize("ks", "frozen<tuple<int, frozen<address>>>", List.of(1, Map.of("street", "x", "zip", 2))));
            assertThatThrownBy(() -> cluster.udt("ks.address", Map.of("nope", 1))).hasMessageContaining("nope");
            cluster.execute("INSERT INTO ks.t (k, a, p) VALUES (?, ?, ?)", 1, cluster.udt("ks.address", "Main", 1), tuple);
            cluster.execute("INSERT INTO ks.t (k, a, p) VALUES (2, {street: 'Main', zip: 1}, (1, {street: 'x', zip: 2}))");
            cluster.flush();
            Map<Integer, Map<String, List<String>>> rows = rows(cluster, "t");
            assertThat(rows.get(1)).containsOnlyKeys("a", "p");
            assertThat(rows.get(1).get("a").get(0).substring(rows.get(1).get("a").get(0).indexOf(' ')))
                    .isEqualTo(rows.get(2).get("a").get(0).substring(rows.get(2).get("a").get(0).indexOf(' ')));
        }
    }

    /**
     * Rows of an int-keyed table on the single node: column name to its cells, each as
     * {@code @timestamp value} (list cell paths, which are fresh timeuuids, left out).
     */
    private static Map<Integer, Map<String, List<String>>> rows(FixtureCluster cluster, String table) {
        TableMetadata metadata = cluster.tableMetadata("ks", table);
        Map<Integer, Map<String, List<String>>> rows = new HashMap<>();
        SSTableScan.forEachPartition(cluster.tableDirectory(NODE, "ks", table), metadata, partition -> {
            int k = Int32Type.instance.compose(partition.partitionKey().getKey());
            while (partition.hasNext()) {
                Row row = (Row) partition.next();
                Map<String, List<String>> columns = rows.computeIfAbsent(k, x -> new LinkedHashMap<>());
                for (ColumnData data : row) {
                    ColumnMetadata column = data.column();
                    List<String> cells = new ArrayList<>();
                    if (data instanceof ComplexColumnData complex) {
                        for (Cell<?> cell : complex) {
                            String path = column.type instanceof ListType ? "" : describePath(cell);
                            cells.add("@" + cell.timestamp() + " " + path + hex(cell.buffer()));
                        }
                    } else {
                        Cell<?> cell = (Cell<?>) data;
                        cells.add("@" + cell.timestamp() + " " + (cell.isTombstone() ? "tombstone" : hex(cell.buffer())));
                    }
                    columns.put(column.name.toString(), cells);
                }
            }
        });
        return rows;
    }

    private static String describePath(Cell<?> cell) {
        return cell.path() == null ? "" : hex(cell.path().get(0)) + ":";
    }

    private static String hex(ByteBuffer b) {
        return org.apache.cassandra.utils.ByteBufferUtil.bytesToHex(b);
    }
}
