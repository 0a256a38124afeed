package io.movedata.testkit.contract;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The contract test of a connector: extend it in the connector's test sources, return the
 * {@link Contract} from {@link #contract()}, and each clause of the contract runs as a test of its own:
 *
 * <pre>{@code
 * class OrdersContractTest extends ConnectorContractTest {
 *     @Override
 *     protected Contract contract() {
 *         return Contract.connector("orders").schema(...).data(...).tables("shop.orders")
 *                 .streaming().expectedRows("orders", ExpectedRows.jsonLines("/expected/orders.jsonl"));
 *     }
 * }
 * }</pre>
 *
 * <p>The kit runs real things: the fixture backups are written by {@code FixtureCluster}
 * (cassandra-all) into an in-process S3 endpoint, and each movement runs through the runtime's
 * {@code MovementRunner} on a local Spark session into an Iceberg hadoop catalog in a temporary
 * directory. The movements are run once per test class, when a clause first needs them, and shared
 * by the clauses. A clause that fails throws an {@link AssertionError} whose message starts with the
 * clause's name ({@code contract clause 'schemas' failed: ...}) and, for rows, shows the rows missing,
 * extra and changed as {@code movedata validate} does. What each clause checks exactly:
 * docs/contract-tests.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ConnectorContractTest {
    private ContractRun run;

    /** The connector's contract; called once per test class. */
    protected abstract Contract contract();

    /**
     * The Spark session the movements run in: by default the JVM's active session, else its default
     * session (either used as it is), or else a {@code local[2]} session started once per JVM (UI off,
     * bound to 127.0.0.1, UTC, two shuffle partitions) and stopped when the JVM exits. Override to use
     * a session of your own.
     */
    protected SparkSession spark() {
        return ContractSpark.session();
    }

    private ContractRun run() {
        if (run == null) {
            run = new ContractRun(contract(), spark());
        }
        return run;
    }

    @Test
    @Order(1)
    @DisplayName("discovery: the factory is found through ServiceLoader under its name, with a version and a description")
    void discovery() {
        run().check(Clause.DISCOVERY);
    }

    @Test
    @Order(2)
    @DisplayName("options: every option is declared with a type, a default or required, and documentation; "
            + "unknown, missing and malformed values are refused naming the option; no undeclared option is read")
    void options() {
        run().check(Clause.OPTIONS);
    }

    @Test
    @Order(3)
    @DisplayName("schemas: every output frame matches its declared target schema, and every target is written")
    void schemas() {
        run().check(Clause.SCHEMAS);
    }

    @Test
    @Order(4)
    @DisplayName("determinism: two runs on the same backup give identical rows, and a rerun is UP_TO_DATE")
    void determinism() {
        run().check(Clause.DETERMINISM);
    }

    @Test
    @Order(5)
    @DisplayName("edge data: empty tables, every row deleted, null and empty values")
    void edgeData() {
        run().check(Clause.EDGE_DATA);
    }

    @Test
    @Order(6)
    @DisplayName("streaming: the plans writing the targets shuffle no more than the contract declares (none: streaming())")
    void streaming() {
        run().check(Clause.STREAMING);
    }

    @Test
    @Order(7)
    @DisplayName("expected rows: the output equals the expected rows, as multisets")
    void expectedRows() {
        run().check(Clause.EXPECTED_ROWS);
    }

    @AfterAll
    void close() {
        if (run != null) {
            run.close();
        }
    }
}
