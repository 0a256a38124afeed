package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.utils.ByteBufferUtil;
import org.junit.jupiter.api.Test;

/** {@link FixtureCluster#alter}: later writes and backups use the new schema, earlier SSTables keep their shape. */
class FixtureSchemaChangeTest {
    private static final String NODE = "solo.example";

    private static FixtureCluster cluster() {
        return FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"
                        + "CREATE TYPE ks.address (street text, zip int);"
                        + "CREATE TABLE ks.t (k int PRIMARY KEY, v text, old int, home frozen<address>, work address)")
                .node(NODE, "dc1", "r1", List.of(0L))
                .build();
    }

    @Test
    void addedColumnIsWrittenByLaterStatementsAndAppearsInTheSchemaDump() {
        try (FixtureCluster cluster = cluster()) {
            String id = cluster.tableId("ks", "t");
            cluster.execute("INSERT INTO ks.t (k, v) VALUES (1, 'before')");
            assertThatThrownBy(() -> cluster.execute("INSERT INTO ks.t (k, extra) VALUES (2, 5)"))
                    .hasMessageContaining("extra");

            cluster.alter("ALTER TABLE ks.t ADD extra bigint");
            cluster.execute("INSERT INTO ks.t (k, v, extra) VALUES (?, ?, ?)", 2, "after", 5L);
            cluster.flush();

            assertThat(cluster.tableId("ks", "t")).isEqualTo(id);
            assertThat(cluster.schemaCql()).contains("extra bigint");
            assertThat(cells(cluster, cluster.tableMetadata("ks", "t"))).containsExactly(
                    Map.entry(1, List.of("v='before'")), Map.entry(2, List.of("extra=5", "v='after'")));
            assertThat(SSTableScan.dataFiles(cluster.tableDirectory(NODE, "ks", "t"))).hasSize(2);
        }
    }

    @Test
    void droppedColumnLeavesTheSchemaButStaysInEarlierSSTables() {
        try (FixtureCluster cluster = cluster()) {
            cluster.execute("INSERT INTO ks.t (k, v, old) VALUES (1, 'a', 10)");
            TableMetadata before = cluster.tableMetadata("ks", "t");

            cluster.alter("ALTER TABLE ks.t DROP old");
            cluster.execute("INSERT INTO ks.t (k, v) VALUES (2, 'b')");
            cluster.flush();

            assertThat(cluster.schemaCql()).contains("CREATE TABLE ks.t (\n    k int PRIMARY KEY,\n    home frozen<address>,\n    v text,\n"
                    + "    work address\n) WITH").doesNotContain("DROP");
            assertThat(cluster.tableMetadata("ks", "t").droppedColumns).hasSize(1);
            // The SSTable written before the drop still holds the cell, as a node's does until compaction...
            assertThat(cells(cluster, before)).containsEntry(1, List.of("old=10", "v='a'"));
            // ...and the node's own metadata, which records the drop, hides it.
            assertThat(cells(cluster, cluster.tableMetadata("ks", "t"))).containsExactly(
                    Map.entry(1, List.of("v='a'")), Map.entry(2, List.of("v='b'")));
            assertThatThrownBy(() -> cluster.execute("INSERT INTO ks.t (k, old) VALUES (3, 1)")).hasMessageContaining("old");
        }
    }

    @Test
    void fieldAddedToATypeReachesFrozenAndNonFrozenColumns() {
        try (FixtureCluster cluster = cluster()) {
            cluster.execute("INSERT INTO ks.t (k, home) VALUES (?, ?)", 1, cluster.udt("ks.address", "Main", 1));

            cluster.alter("ALTER TYPE ks.address ADD city text");
            cluster.execute("INSERT INTO ks.t (k, home, work) VALUES (?, ?, ?)", 2,
                    cluster.udt("ks.address", "High", 2, "Leeds"), Map.of("street", "Low", "zip", 3, "city", "York"));
            cluster.flush();

            assertThat(cluster.schemaCql()).contains("CREATE TYPE ks.address (\n    street text,\n    zip int,\n    city text\n)");
            assertThat(cells(cluster, cluster.tableMetadata("ks", "t"))).containsExactly(
                    // The value written before keeps its two fields; readers take the missing one as null.
                    Map.entry(1, List.of("home={street: 'Main', zip: 1}")),
                    Map.entry(2, List.of("home={street: 'High', zip: 2, city: 'Leeds'}", "work.city='York'", "work.street='Low'",
                            "work.zip=3")));
        }
    }

    @Test
    void onlyTableAndTypeChangesAreAccepted() {
        try (FixtureCluster cluster = cluster()) {
            String schema = cluster.schemaCql();
            assertThatThrownBy(() -> cluster.alter("CREATE TABLE ks.u (k int PRIMARY KEY)"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ALTER TABLE or ALTER TYPE only");
            assertThatThrownBy(() -> cluster.alter("ALTER TABLE ks.t DROP k"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid schema change").hasMessageContaining("k");
            assertThatThrownBy(() -> cluster.alter("ALTER TABLE ks.t ADD v int"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v");
            assertThat(cluster.schemaCql()).isEqualTo(schema);
        }
    }

    /** Per partition, the live cells as {@code column=value} ({@code column.field=value} for a non-frozen UDT), sorted. */
    private static Map<Integer, List<String>> cells(FixtureCluster cluster, TableMetadata metadata) {
        Path directory = cluster.tableDirectory(NODE, "ks", "t");
        Map<Integer, List<String>> rows = new TreeMap<>();
        SSTableScan.forEachPartition(directory, metadata, partition -> {
            List<String> cells = rows.computeIfAbsent(Int32Type.instance.compose(partition.partitionKey().getKey()), k -> new ArrayList<>());
            while (partition.hasNext()) {
                for (ColumnData data : (Row) partition.next()) {
                    if (data instanceof ComplexColumnData complex) {
                        UserType type = (UserType) complex.column().type;
                        for (Cell<?> cell : complex) {
                            int field = ByteBufferUtil.toShort(cell.path().get(0));
                            cells.add(complex.column().name + "." + type.fieldNameAsString(field) + "="
                                    + type.fieldType(field).asCQL3Type().toCQLLiteral(cell.buffer()));
                        }
                    } else {
                        Cell<?> cell = (Cell<?>) data;
                        cells.add(cell.column().name + "=" + cell.column().type.asCQL3Type().toCQLLiteral(cell.buffer()));
                    }
                }
            }
            cells.sort(null);
        });
        return rows;
    }
}
