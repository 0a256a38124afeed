package io.movedata.runtime.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.cassandra.schema.TableMetadata;
import org.junit.jupiter.api.Test;

class BackupSchemaTest {
    private static final String SCHEMA = """
            CREATE KEYSPACE system_auth WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
            CREATE TABLE system_auth.roles (role text PRIMARY KEY, can_login boolean);
            CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3'} AND durable_writes = true;
            CREATE TYPE shop.address (street text, zip int);
            CREATE TABLE shop.customers (id uuid PRIMARY KEY, home frozen<address>, tags set<text>)
                WITH comment = 'customers; all of them' AND gc_grace_seconds = 864000;
            CREATE INDEX customers_tags ON shop.customers (values(tags));
            CREATE MATERIALIZED VIEW shop.by_home AS SELECT * FROM shop.customers WHERE home IS NOT NULL AND id IS NOT NULL PRIMARY KEY (home, id);
            """;

    @Test
    void buildsTheTableWithItsUserTypesFromTheScript() {
        TableMetadata table = BackupSchema.table(SCHEMA, "shop", "customers", "backup 'b1'");

        assertThat(table.partitionKeyColumns()).extracting(c -> c.name.toString()).containsExactly("id");
        assertThat(table.getColumn(org.apache.cassandra.cql3.ColumnIdentifier.getInterned("home", true)).type.asCQL3Type())
                .hasToString("frozen<address>");
        assertThat(table.params.comment).isEqualTo("customers; all of them");
    }

    @Test
    void unknownTableAndKeyspaceNameWhatExists() {
        assertThatThrownBy(() -> BackupSchema.table(SCHEMA, "shop", "orders", "backup 'b1'"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("Table 'shop.orders' is not in the schema.cql of backup 'b1'; tables of keyspace 'shop': [customers]");
        assertThatThrownBy(() -> BackupSchema.table(SCHEMA, "crm", "orders", "backup 'b1'"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("Keyspace 'crm' is not in the schema.cql of backup 'b1'; keyspaces there: [shop, system_auth]");
    }

    private static final String DROPPED = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};
            CREATE TYPE shop.address (street text, zip int);
            CREATE TABLE shop.orders (id int, line int, total int, note text static, old frozen<address>, tags set<text>,
                PRIMARY KEY (id, line)) WITH ID = 5bc52802-de25-35ed-aeab-188eecebb090;
            ALTER TABLE shop.orders DROP old USING TIMESTAMP 1700000000123000;
            ALTER TABLE shop.orders DROP note USING TIMESTAMP 1700000000124000;
            ALTER TABLE shop.orders DROP tags USING TIMESTAMP 1700000000125000;
            ALTER TABLE shop.orders ADD tags set<text>;
            ALTER TABLE shop.orders WITH comment = 'ignored';
            ALTER TABLE other.t DROP v USING TIMESTAMP 1;
            """;

    @Test
    void droppedAndReAddedColumnsAreRecordedWithTheirDropTimes() {
        TableMetadata table = BackupSchema.table(DROPPED, "shop", "orders", "backup 'b1'");

        assertThat(table.id.toString()).isEqualTo("5bc52802-de25-35ed-aeab-188eecebb090");
        assertThat(table.columns()).extracting(c -> c.name.toString()).containsExactlyInAnyOrder("id", "line", "total", "tags");
        assertThat(table.droppedColumns.values()).extracting(d -> d.column.name + " " + d.column.kind + " "
                        + d.column.type.asCQL3Type() + " @" + d.droppedTime)
                .containsExactlyInAnyOrder("old REGULAR frozen<tuple<text, int>> @1700000000123000",
                        "note STATIC text @1700000000124000", "tags REGULAR set<text> @1700000000125000");
        assertThat(table.params.comment).as("other ALTER TABLE statements are not applied").isEmpty();
    }

    @Test
    void aDropWithoutItsTimeIsRefused() {
        String script = DROPPED.replace("DROP old USING TIMESTAMP 1700000000123000", "DROP old");

        assertThatThrownBy(() -> BackupSchema.table(script, "shop", "orders", "backup 'b1'"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("Cannot apply the schema.cql of backup 'b1' for keyspace 'shop': Dropping columns [old] of shop.orders "
                        + "needs USING TIMESTAMP: the time of the drop decides which cells of older SSTables are gone, and offline "
                        + "no clock can stand in for it in statement: ALTER TABLE shop.orders DROP old");
    }

    @Test
    void aDropOfAColumnTheTableDoesNotHaveNamesIt() {
        String script = DROPPED.replace("DROP old USING", "DROP gone USING");

        assertThatThrownBy(() -> BackupSchema.table(script, "shop", "orders", "backup 'b1'"))
                .isInstanceOf(SchemaException.class)
                .hasMessage("Cannot apply the schema.cql of backup 'b1' for keyspace 'shop': Column gone was not found in table "
                        + "shop.orders in statement: ALTER TABLE shop.orders DROP gone USING TIMESTAMP 1700000000123000");
    }
}
