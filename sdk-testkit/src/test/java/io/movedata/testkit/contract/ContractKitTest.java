package io.movedata.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The contract kit run programmatically (JUnit's EngineTestKit) on the connectors of
 * {@link TestConnectors}: a well-behaved connector passes every clause, and each connector broken on
 * purpose fails the clause it breaks, with a message naming the clause; the clauses that need the
 * movement it broke are not checked (aborted), saying which clause reports it.
 */
class ContractKitTest {

    /** The items every contract here moves. */
    private static Contract items(String connector) {
        return Contract.connector(connector)
                .schema(TestConnectors.SCHEMA)
                .data(cluster -> cluster
                        .execute("INSERT INTO shop.items (id, name, price) VALUES (1, 'apple', 3)")
                        .execute("INSERT INTO shop.items (id, price) VALUES (2, 5)")
                        .execute("INSERT INTO shop.items (id, name) VALUES (3, 'pear')")
                        .execute("INSERT INTO shop.items (id, name, price) VALUES (4, 'gone', 1) USING TIMESTAMP 10")
                        .execute("DELETE FROM shop.items USING TIMESTAMP 20 WHERE id = 4"))
                .tables("shop.items");
    }

    static class GoodContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-good").options(Map.of("factor", "10")).streaming()
                    .expectedRows("items", ExpectedRows.inline(
                            "{\"id\": 1, \"name\": \"APPLE\", \"price\": 30}",
                            "{\"id\": 2, \"name\": null, \"price\": 50}",
                            "{\"id\": 3, \"name\": \"PEAR\", \"price\": null}"));
        }
    }

    static class WrongSchemaContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-wrong-schema").streaming();
        }
    }

    static class NonDeterministicContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            // Declares neither its plans' shuffles nor expected rows: both clauses fail asking for them.
            return items("contract-non-deterministic");
        }
    }

    static class UndeclaredOptionContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-undeclared-option").streaming();
        }
    }

    static class CarelessContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return Contract.connector("contract-careless")
                    .schema(TestConnectors.SCHEMA)
                    .data(cluster -> cluster.execute("INSERT INTO shop.items (id, name, price) VALUES (1, 'apple', 3)"))
                    .tables("shop.items")
                    .streaming()
                    .expectedRows("items", ExpectedRows.inline("{\"id\": 1, \"name\": \"APPLE\", \"price\": 4}"));
        }
    }

    /** The careless connector's one shuffle (a repartition), allowed. */
    static class OneShuffleContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return new CarelessContract().contract().shuffles(1);
        }
    }

    /** A streaming target and one needing a shuffle, each with its budget. */
    static class PerTargetBudgetsContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-shuffled").streaming().shuffles("spread", 1);
        }
    }

    /**
     * The shuffled target held to none, whatever the movement-wide budget would allow, a budget for a
     * target the connector does not declare, and a target left without one.
     */
    static class TargetBudgetsBrokenContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-shuffled").shuffles("spread", 0).shuffles("nonesuch", 2);
        }
    }

    static class MalformedOptionContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-good").options(Map.of("factor", "abc")).streaming();
        }
    }

    static class UnknownConnectorContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-nonesuch").streaming();
        }
    }

    static class InvalidDefaultContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-invalid-default").streaming();
        }
    }

    static class FixtureTypoContract extends ConnectorContractTest {
        @Override
        protected Contract contract() {
            return items("contract-good").data(cluster -> cluster.execute("INSERT INTO shop.items (id, nmae) VALUES (9, 'fig')"))
                    .streaming();
        }
    }

    /** Each clause's outcome (SUCCESSFUL or FAILED) and message, by the start of its display name. */
    private record Outcome(TestExecutionResult.Status status, String message) {}

    private static Map<String, Outcome> run(Class<? extends ConnectorContractTest> contract) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (Event event : EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute()
                .testEvents().finished().list()) {
            TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
            String clause = event.getTestDescriptor().getDisplayName().split(":")[0];
            outcomes.put(clause, new Outcome(result.getStatus(), result.getThrowable().map(Throwable::getMessage).orElse(null)));
        }
        assertThat(outcomes).as("one test per clause").containsOnlyKeys("discovery", "options", "schemas", "determinism",
                "edge data", "streaming", "expected rows");
        return outcomes;
    }

    /** Runs one clause of the contract: the movement of the team's backup, and no other. */
    private static Outcome runClause(Class<? extends ConnectorContractTest> contract, String method) {
        List<Event> finished = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(contract, method)).execute()
                .testEvents().finished().list();
        assertThat(finished).hasSize(1);
        TestExecutionResult result = finished.get(0).getRequiredPayload(TestExecutionResult.class);
        return new Outcome(result.getStatus(), result.getThrowable().map(Throwable::getMessage).orElse(null));
    }

    /** Asserts that each of {@code clauses} failed as not checked because of {@code reason}, which {@code blamed} reports. */
    private static void assertNotChecked(Map<String, Outcome> outcomes, String reason, String blamed, String... clauses) {
        for (String clause : clauses) {
            assertThat(outcomes.get(clause)).as(clause).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                    "contract clause '" + clause + "' not checked: " + reason + ", which clause '" + blamed + "' reports"));
        }
    }

    @Test
    void aWellBehavedConnectorPassesEveryClause() {
        Map<String, Outcome> outcomes = run(GoodContract.class);

        assertThat(outcomes).allSatisfy((clause, outcome) ->
                assertThat(outcome.status()).as(clause + ": " + outcome.message()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
    }

    @Test
    void aWrongOutputSchemaFailsTheSchemasClause() {
        Map<String, Outcome> outcomes = run(WrongSchemaContract.class);

        assertThat(outcomes.get("schemas").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("schemas").message())
                .startsWith("contract clause 'schemas' failed: the movement of the team's backup failed (invalid-input) ")
                .contains("the rows do not fit target 'items': column 'price': expected string, found bigint");
        assertThat(outcomes.get("discovery").status()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertNotChecked(outcomes, "the movement of the team's backup failed", "schemas", "options", "determinism", "edge data",
                "streaming");
    }

    @Test
    void nonDeterministicOutputFailsTheDeterminismClauseWithADiffOfRows() {
        Map<String, Outcome> outcomes = run(NonDeterministicContract.class);

        assertThat(outcomes.get("determinism").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("determinism").message())
                .startsWith("contract clause 'determinism' failed: target 'items': two runs on the same backup gave "
                        + "different rows (C the first run's, M the second's)\n")
                .contains("  columns     id, name, price, draw; no key\n", "  C - M       3 rows\n", "  M - C       3 rows\n",
                        "  missing     3 rows in C, not in M\n", "  extra       3 rows in M, not in C\n",
                        "  in C, not in M: 3 rows\n", "  in M, not in C: 3 rows\n")
                .containsPattern("\\{id=2, name=null, price=5, draw=[0-9.E-]+}  in C: 1\n")
                .containsPattern("\\{id=3, name=PEAR, price=null, draw=[0-9.E-]+}  in M: 1\n");
        assertThat(outcomes.get("streaming")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'streaming' failed: the contract declares neither streaming() nor shuffles(n) nor "
                        + "shuffles(target, n): declare what the plans writing its targets may do"));
        assertThat(outcomes.get("expected rows")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'expected rows' failed: the contract declares no expected rows: declare "
                        + "expectedRows(target, rows) for its targets"));
        for (String clause : new String[] {"discovery", "options", "schemas", "edge data"}) {
            assertThat(outcomes.get(clause).status()).as(clause + ": " + outcomes.get(clause).message())
                    .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        }
    }

    @Test
    void aShuffleTheContractAllowsPassesTheStreamingClause() {
        Map<String, Outcome> outcomes = run(OneShuffleContract.class);

        assertThat(outcomes.get("streaming").status()).as(outcomes.get("streaming").message())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(outcomes.get("schemas").status()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void aTargetWithABudgetOfItsOwnMayShuffleWhileTheOthersStream() {
        Outcome streaming = runClause(PerTargetBudgetsContract.class, "streaming");

        assertThat(streaming.status()).as(streaming.message()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void aTargetShufflingBeyondItsOwnBudgetFailsTheStreamingClauseNamingTargetBudgetAndShuffle() {
        Outcome streaming = runClause(TargetBudgetsBrokenContract.class, "streaming");

        assertThat(streaming.status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(streaming.message())
                .startsWith("contract clause 'streaming' failed: 3 problems:\n"
                        + "- a shuffle budget is given for target 'nonesuch', which the connector does not declare; it "
                        + "declares items, spread\n"
                        + "- target 'items' has no shuffle budget: declare shuffles(\"items\", n), or streaming() or "
                        + "shuffles(n) for every target\n"
                        + "- the plan writing target 'spread' shuffles once, more than the 0 that shuffles(\"spread\", 0) "
                        + "allows (Exchange RoundRobinPartitioning(2), REPARTITION_BY_NUM")
                .contains("\nAppendData", "+- Exchange RoundRobinPartitioning(2)");
    }

    @Test
    void readingAnUndeclaredOptionFailsTheOptionsClause() {
        Map<String, Outcome> outcomes = run(UndeclaredOptionContract.class);

        assertThat(outcomes.get("options")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'options' failed: the movement of the team's backup failed (invalid-input) Connector "
                        + "'contract-undeclared-option' read option 'currency', which it does not declare; declared: factor"));
        assertThat(outcomes.get("discovery").status()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertNotChecked(outcomes, "the movement of the team's backup failed", "options", "schemas", "determinism", "edge data",
                "streaming");
    }

    @Test
    void aMalformedOptionInTheContractFailsTheOptionsClauseAlone() {
        Map<String, Outcome> outcomes = run(MalformedOptionContract.class);

        assertThat(outcomes.get("options")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'options' failed: the contract's options are refused (invalid-input) Invalid options for "
                        + "connector 'contract-good': option 'factor': expected an integer, found 'abc' "
                        + "(what each price is multiplied by)"));
        assertThat(outcomes.get("discovery").status()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertNotChecked(outcomes, "the contract's options are refused", "options", "schemas", "determinism", "edge data",
                "streaming");
    }

    @Test
    void anUnknownConnectorFailsTheDiscoveryClauseAlone() {
        Map<String, Outcome> outcomes = run(UnknownConnectorContract.class);

        assertThat(outcomes.get("discovery").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("discovery").message())
                .startsWith("contract clause 'discovery' failed: ServiceLoader finds no ConnectorFactory named 'contract-nonesuch' "
                        + "(found: cassandra-table, contract-careless, ");
        assertNotChecked(outcomes, "its connector is not found", "discovery", "options", "schemas", "determinism", "edge data",
                "streaming");
    }

    @Test
    void aBlankVersionAndADefaultThatBreaksItsValidatorFailDiscoveryAndOptions() {
        Map<String, Outcome> outcomes = run(InvalidDefaultContract.class);

        assertThat(outcomes.get("discovery")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'discovery' failed: factory io.movedata.testkit.contract.TestConnectors$InvalidDefault "
                        + "has no version"));
        assertThat(outcomes.get("options").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("options").message())
                .startsWith("contract clause 'options' failed: 2 problems:\n"
                        + "- option 'mode': its default 'fast' makes its validator throw java.lang.ClassCastException: ")
                .contains("\n- the contract's options are refused (internal) java.lang.ClassCastException: ");
        assertNotChecked(outcomes, "the contract's options are refused", "options", "schemas", "determinism", "edge data",
                "streaming");
    }

    @Test
    void aFixtureThatCannotBeWrittenFailsTheSchemasClauseAlone() {
        Map<String, Outcome> outcomes = run(FixtureTypoContract.class);

        assertThat(outcomes.get("schemas")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'schemas' failed: the team's backup cannot be written: Undefined column name nmae in "
                        + "table shop.items (tables must be qualified with their keyspace): INSERT INTO shop.items (id, nmae) "
                        + "VALUES (9, 'fig')"));
        assertThat(outcomes.get("discovery").status()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertNotChecked(outcomes, "the team's backup cannot be written", "schemas", "options", "determinism", "edge data",
                "streaming");
    }

    @Test
    void aCarelessConnectorFailsEveryClauseItBreaks() {
        Map<String, Outcome> outcomes = run(CarelessContract.class);

        assertThat(outcomes.get("streaming").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("streaming").message())
                .startsWith("contract clause 'streaming' failed: the plan writing target 'items' shuffles once, more than the 0 "
                        + "that streaming() allows (Exchange RoundRobinPartitioning(2)");
        assertThat(outcomes.get("edge data").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("edge data").message())
                .startsWith("contract clause 'edge data' failed: 3 problems:\n"
                        + "- target 'banner' has rows from the backup with every table empty, expected none: [contract-careless]\n"
                        + "- target 'banner' has rows from the backup with every row written, then deleted, expected none: "
                        + "[contract-careless]\n"
                        + "- the backup with rows of null and empty values failed with an internal error (a bug): ")
                .contains("NullPointerException")
                .endsWith("; expected the rows moved, or refused with an error of another kind");
        assertThat(outcomes.get("options")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'options' failed: option 'verbose' has no documentation"));
        assertThat(outcomes.get("determinism")).isEqualTo(new Outcome(TestExecutionResult.Status.FAILED,
                "contract clause 'determinism' failed: a rerun of the same backup into the same tables is SUCCEEDED, "
                        + "expected UP_TO_DATE"));
        assertThat(outcomes.get("expected rows").status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get("expected rows").message())
                .startsWith("contract clause 'expected rows' failed: target 'items' differs from the expected rows "
                        + "(C the expected rows, given inline; M the target's table)\n")
                .contains("  columns     id, name, price; no key\n", "  missing     1 row in C, not in M\n",
                        "  extra       1 row in M, not in C\n")
                .endsWith("""
                          in C, not in M: 1 row
                            {id=1, name=APPLE, price=4}  in C: 1
                          in M, not in C: 1 row
                            {id=1, name=APPLE, price=3}  in M: 1
                        """);
        for (String clause : new String[] {"discovery", "schemas"}) {
            assertThat(outcomes.get(clause).status()).as(clause + ": " + outcomes.get(clause).message())
                    .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        }
    }
}
