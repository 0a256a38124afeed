package io.movedata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceTableTest {
    @Test
    void aNameThatIsNotKeyspaceDotTableIsTheUsersInputToFixNotAConnectorBug() {
        assertThatThrownBy(() -> SourceTable.of("orders"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("Source table: expected keyspace.table, found 'orders'");
        assertThat(SourceTable.nameProblem("shop.orders extra")).isEqualTo("expected keyspace.table, found 'shop.orders extra'");
    }

    @Test
    void keyspaceAndTableNameAreTheTwoSidesOfTheDot() {
        SourceTable table = SourceTable.of("shop.orders");

        assertThat(table.keyspace()).isEqualTo("shop");
        assertThat(table.tableName()).isEqualTo("orders");
    }
}
