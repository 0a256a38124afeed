package io.movedata.testkit.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.movedata.testkit.FixtureCluster;

/**
 * What a connector team promises about its connector, declared once for {@link ConnectorContractTest}:
 * the connector's name, the fixture backup its movement reads (schema and rows, written by
 * {@link FixtureCluster}), the movement's source tables and options, whether the connector streams
 * (or how many shuffles each target needs), and the rows it must produce.
 *
 * <pre>{@code
 * Contract.connector("orders")
 *         .schema("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"
 *                 + "CREATE TABLE shop.orders (id int PRIMARY KEY, total decimal)")
 *         .data(cluster -> cluster.execute("INSERT INTO shop.orders (id, total) VALUES (1, 9.50)"))
 *         .tables("shop.orders")
 *         .options(Map.of("currency", "EUR"))
 *         .streaming()
 *         .expectedRows("orders", ExpectedRows.jsonLines("/expected/orders.jsonl"));
 * }</pre>
 *
 * <p>Immutable: each method returns a new contract.
 */
public final class Contract {
    private final String connector;
    private final String schema;
    private final List<Consumer<FixtureCluster>> data;
    private final int nodes;
    private final List<String> tables;
    private final Map<String, String> options;
    private final ShuffleBudgets shuffles;
    private final Map<String, ExpectedRows> expected;

    private Contract(String connector, String schema, List<Consumer<FixtureCluster>> data, int nodes,
                     List<String> tables, Map<String, String> options, ShuffleBudgets shuffles,
                     Map<String, ExpectedRows> expected) {
        this.connector = connector;
        this.schema = schema;
        this.data = List.copyOf(data);
        this.nodes = nodes;
        this.tables = List.copyOf(tables);
        this.options = Map.copyOf(options);
        this.shuffles = shuffles;
        this.expected = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    }

    /**
     * A contract for the connector registered under {@code name}; the kit finds its factory through
     * {@link java.util.ServiceLoader}, as the runtime does.
     */
    public static Contract connector(String name) {
        Objects.requireNonNull(name, "name");
        return new Contract(name, "", List.of(), 1, List.of(), Map.of(), ShuffleBudgets.NONE, Map.of());
    }

    /**
     * The fixture backup's schema: CREATE KEYSPACE / TYPE / TABLE statements separated by ';', as
     * {@link FixtureCluster.Builder#schema} takes them. Each call adds statements.
     */
    public Contract schema(String cql) {
        Objects.requireNonNull(cql, "cql");
        return new Contract(connector, schema + cql + ";\n", data, nodes, tables, options, shuffles, expected);
    }

    /**
     * Writes the fixture backup's rows: {@code writer} gets the cluster once, before the backup is
     * taken, and may {@link FixtureCluster#execute execute} INSERT, UPDATE and DELETE statements and
     * {@link FixtureCluster#flush flush}. Each call adds a writer; they run in order.
     */
    public Contract data(Consumer<FixtureCluster> writer) {
        Objects.requireNonNull(writer, "writer");
        List<Consumer<FixtureCluster>> writers = new ArrayList<>(data);
        writers.add(writer);
        return new Contract(connector, schema, writers, nodes, tables, options, shuffles, expected);
    }

    /**
     * How many nodes the fixture cluster has (default 1); the movement reads at consistency ALL, so
     * every replica the keyspaces' replication places is read and merged.
     */
    public Contract nodes(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A fixture cluster needs at least one node, found " + count);
        }
        return new Contract(connector, schema, data, count, tables, options, shuffles, expected);
    }

    /** The movement's source tables ({@code keyspace.table}), as a spec's {@code source.tables} names them. */
    public Contract tables(String... names) {
        return new Contract(connector, schema, data, nodes, List.of(names), options, shuffles, expected);
    }

    /** The movement's connector options, as a spec's {@code connector.options} gives them (text values). */
    public Contract options(Map<String, String> values) {
        return new Contract(connector, schema, data, nodes, tables, values, shuffles, expected);
    }

    /**
     * Declares that the connector streams: the plans that write its targets have no shuffle (a
     * broadcast is allowed), unless {@link #shuffles(String, int)} gives a target a budget of its
     * own. A contract declares this, {@link #shuffles(int)} or budgets for each of its targets; the
     * streaming clause fails when it declares none.
     */
    public Contract streaming() {
        return shuffles(0);
    }

    /**
     * Declares that each plan writing the connector's targets shuffles at most {@code atMost} times,
     * for a connector that needs a shuffle (a join of two tables on another key than the partition
     * key), unless {@link #shuffles(String, int)} gives a target a budget of its own; also the budget
     * of each query that writes no table. {@code shuffles(0)} is {@link #streaming()}.
     */
    public Contract shuffles(int atMost) {
        return new Contract(connector, schema, data, nodes, tables, options, shuffles.movement(atLeastZero(atMost, "")),
                expected);
    }

    /**
     * Declares that the plan writing {@code target} (a name its connector declares in
     * {@code Connector.targets}) shuffles at most {@code atMost} times, whatever the movement-wide
     * budget; e.g. {@code streaming().shuffles("edges", 1)} for a connector whose node tables stream
     * and whose edges table needs one shuffle. Each call adds or replaces one target's budget.
     */
    public Contract shuffles(String target, int atMost) {
        Objects.requireNonNull(target, "target");
        return new Contract(connector, schema, data, nodes, tables, options,
                shuffles.target(target, atLeastZero(atMost, "\"" + target + "\", ")), expected);
    }

    private static int atLeastZero(int atMost, String before) {
        if (atMost < 0) {
            throw new IllegalArgumentException("shuffles(" + before + atMost + "): expected a count of at least 0");
        }
        return atMost;
    }

    /**
     * The rows the connector must write to {@code target} (a name its connector declares in
     * {@code Connector.targets}) from the fixture backup, compared as multisets by the expected-rows
     * clause. Targets without expected rows are not compared. Each call adds or replaces one target.
     */
    public Contract expectedRows(String target, ExpectedRows rows) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rows, "rows");
        Map<String, ExpectedRows> all = new LinkedHashMap<>(expected);
        all.put(target, rows);
        return new Contract(connector, schema, data, nodes, tables, options, shuffles, all);
    }

    String connectorName() {
        return connector;
    }

    String schemaCql() {
        return schema;
    }

    List<Consumer<FixtureCluster>> data() {
        return data;
    }

    int nodeCount() {
        return nodes;
    }

    List<String> sourceTables() {
        return tables;
    }

    Map<String, String> connectorOptions() {
        return options;
    }

    /** The shuffles the movement's queries may have. */
    ShuffleBudgets shuffleBudgets() {
        return shuffles;
    }

    Map<String, ExpectedRows> expected() {
        return expected;
    }
}
