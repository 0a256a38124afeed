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
}
