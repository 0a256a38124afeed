package io.movedata.runtime.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.DroppedColumn;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.utils.ByteBufferUtil;
import org.junit.jupiter.api.Test;

/** Which header columns become dropped columns of the table metadata the SSTables are opened with. */
class DroppedColumnsTest {
    private static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
            CREATE TYPE shop.address (street text, zip int);
            CREATE TABLE shop.people (id int, seq int, name text, region text STATIC, PRIMARY KEY (id, seq));
            """;
    private static final Instant SCHEMA_TIME = Instant.parse("2026-11-20T10:15:30.123456Z");
    private static final HeaderColumn NAME = new HeaderColumn("name", UTF8Type.instance.toString(), false);
    private static final HeaderColumn REGION = new HeaderColumn("region", UTF8Type.instance.toString(), true);

    private static TableMetadata table() {
        return BackupSchema.table(SCHEMA, "shop", "people", "backup 'b3'");
    }

    @Test
    void headerColumnsTheSchemaLacksAreDroppedAtTheSchemaTimeKeepingTheirKind() {
        Map<String, List<HeaderColumn>> headers = Map.of(
                "SSTable a", List.of(NAME, new HeaderColumn("legacy", UTF8Type.instance.toString(), false)),
                "SSTable b", List.of(REGION, new HeaderColumn("zone", Int32Type.instance.toString(), true)));

        DroppedColumns dropped = DroppedColumns.find(table(), headers, SCHEMA_TIME, "backup 'b3'");
        TableMetadata opened = dropped.applyTo(table());

        assertThat(dropped.names()).containsExactly("legacy", "zone");
        assertThat(dropped.droppedAtMicros()).isEqualTo(1_795_169_730_123_456L);
        DroppedColumn legacy = opened.droppedColumns.get(ColumnIdentifier.getInterned("legacy", true).bytes);
        assertThat(legacy.droppedTime).isEqualTo(1_795_169_730_123_456L);
        assertThat(legacy.column.kind).isEqualTo(ColumnMetadata.Kind.REGULAR);
        assertThat(legacy.column.type).isEqualTo(UTF8Type.instance);
        DroppedColumn zone = opened.droppedColumns.get(ColumnIdentifier.getInterned("zone", true).bytes);
        assertThat(zone.column.kind).isEqualTo(ColumnMetadata.Kind.STATIC);
        assertThat(zone.column.type).isEqualTo(Int32Type.instance);
        // The columns read are the schema's: a dropped column is no column of the table.
        assertThat(opened.columns()).containsExactlyElementsOf(table().columns());
    }

    @Test
    void aDroppedUserTypeColumnIsRecordedWithItsTypeFromTheHeaderAsCassandraRecordsIt() {
        AbstractType<?> address = BackupSchema.keyspace(SCHEMA, "shop", "backup 'b3'").types
                .get(ByteBufferUtil.bytes("address")).orElseThrow().freeze();

        TableMetadata opened = DroppedColumns.find(table(),
                Map.of("SSTable a", List.of(new HeaderColumn("home", address.toString(), false))), SCHEMA_TIME, "backup 'b3'")
                .applyTo(table());

        // Like ALTER TABLE ... DROP, the type is kept with its user types expanded to tuples.
        assertThat(opened.droppedColumns.get(ColumnIdentifier.getInterned("home", true).bytes).column.type)
                .isEqualTo(address.expandUserTypes());
    }

    @Test
    void theSameColumnsFoundTwiceAreEqualSoAPlanMadeTwiceIsCountedOnce() {
        Map<String, List<HeaderColumn>> headers = Map.of("SSTable a", List.of(NAME, new HeaderColumn("legacy", UTF8Type.instance.toString(), false)));

        DroppedColumns first = DroppedColumns.find(table(), headers, SCHEMA_TIME, "backup 'b3'");
        DroppedColumns again = DroppedColumns.find(table(), headers, SCHEMA_TIME, "backup 'b3'");
        DroppedColumns later = DroppedColumns.find(table(), headers, SCHEMA_TIME.plusSeconds(1), "backup 'b3'");

        assertThat(again).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void noHeaderColumnOutsideTheSchemaLeavesTheMetadataAsItIs() {
        DroppedColumns dropped = DroppedColumns.find(table(), Map.of("SSTable a", List.of(NAME, REGION)), SCHEMA_TIME, "backup 'b3'");

        assertThat(dropped.isEmpty()).isTrue();
        assertThat(dropped.applyTo(table())).isSameAs(table());
    }

    @Test
    void aDropTheSchemaRecordsKeepsItsOwnTime() {
        TableMetadata withDrop = table().unbuild()
                .recordColumnDrop(ColumnMetadata.regularColumn("shop", "people", "legacy", UTF8Type.instance), 42L)
                .build();

        DroppedColumns dropped = DroppedColumns.find(withDrop,
                Map.of("SSTable a", List.of(new HeaderColumn("legacy", UTF8Type.instance.toString(), false))),
                SCHEMA_TIME, "backup 'b3'");

        assertThat(dropped.isEmpty()).isTrue();
        assertThat(dropped.applyTo(withDrop).droppedColumns.get(ColumnIdentifier.getInterned("legacy", true).bytes).droppedTime)
                .isEqualTo(42L);
    }

    @Test
    void aColumnHeldAsTheOtherKindIsRefusedNamingTheSSTable() {
        Map<String, List<HeaderColumn>> headers = Map.of("node 'n1' SSTable k/oa-1-big-Data.db",
                List.of(new HeaderColumn("name", UTF8Type.instance.toString(), true)));

        assertThatThrownBy(() -> DroppedColumns.find(table(), headers, SCHEMA_TIME, "backup 'b3'"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("backup 'b3': node 'n1' SSTable k/oa-1-big-Data.db holds column 'name' as a static column, "
                        + "but table shop.people has it as a regular column: it was dropped and added back, and the "
                        + "backup's schema does not say when, so its older cells cannot be told apart");
    }
}
