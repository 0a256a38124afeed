package ${package};

import java.util.Map;

import io.movedata.testkit.contract.ConnectorContractTest;
import io.movedata.testkit.contract.Contract;
import io.movedata.testkit.contract.ExpectedRows;

/**
 * The connector's contract, checked clause by clause by the movedata contract test kit, each clause a
 * test: found by its name, options declared, output matching its target's schema, deterministic,
 * edge data handled, streaming (no shuffle), and the expected rows from the fixture backup.
 */
class ${connectorClass}ContractTest extends ConnectorContractTest {
    @Override
    protected Contract contract() {
        return Contract.connector(${connectorClass}ConnectorFactory.NAME)
                .schema(OrdersFixture.SCHEMA)
                .data(OrdersFixture::write)
                .tables(OrdersFixture.TABLE)
                .options(Map.of(${connectorClass}ConnectorFactory.MIN_QUANTITY.name(), "2"))
                .streaming()
                .expectedRows(${connectorClass}Connector.TARGET, ExpectedRows.jsonLines("/expected/orders.jsonl"));
    }
}
