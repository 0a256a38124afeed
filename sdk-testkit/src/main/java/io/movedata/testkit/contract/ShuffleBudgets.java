package io.movedata.testkit.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;

/**
 * The shuffles a contract allows the queries of its movement, as the streaming clause checks them:
 * the plan writing a target is held to that target's budget ({@link Contract#shuffles(String, int)}),
 * else to the movement-wide one ({@link Contract#shuffles(int)}, {@link Contract#streaming()}). A
 * query that writes no table (a connector's own {@code count()} or {@code collect()}, a lookup) may
 * feed any target, and the kit cannot tell which: it is held to the movement-wide budget, else to
 * the largest target budget.
 *
 * <p>Immutable.
 */
final class ShuffleBudgets {
    /** A contract that declares no budget. */
    static final ShuffleBudgets NONE = new ShuffleBudgets(null, Map.of());

    /**
     * @param atMost the shuffles allowed
     * @param declared how the contract declared it, for messages: {@code streaming()},
     *        {@code shuffles(2)}, {@code shuffles("edges", 1)}
     */
    record Budget(int atMost, String declared) {}

    private final Integer movement;
    private final Map<String, Integer> targets;

    private ShuffleBudgets(Integer movement, Map<String, Integer> targets) {
        this.movement = movement;
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /** These budgets with the movement-wide one set to {@code atMost}. */
    ShuffleBudgets movement(int atMost) {
        return new ShuffleBudgets(atMost, targets);
    }

    /** These budgets with {@code target}'s own set to {@code atMost}. */
    ShuffleBudgets target(String target, int atMost) {
        Map<String, Integer> all = new LinkedHashMap<>(targets);
        all.put(target, atMost);
        return new ShuffleBudgets(movement, all);
    }

    /** Whether the contract declares any budget. */
    boolean declared() {
        return movement != null || !targets.isEmpty();
    }

    /** The targets given a budget of their own, in the order declared. */
    Map<String, Integer> targets() {
        return targets;
    }

    /** The budget of the plan writing {@code target}; null when the contract declares none for it. */
    Budget of(String target) {
        Integer own = targets.get(target);
        if (own != null) {
            return new Budget(own, "shuffles(\"" + target + "\", " + own + ")");
        }
        return movementWide();
    }

    /** The budget of a query that writes no table; null when the contract declares no budget. */
    Budget ofQueriesWritingNoTable() {
        Budget movementWide = movementWide();
        if (movementWide != null) {
            return movementWide;
        }
        return targets.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(largest -> new Budget(largest.getValue(), "the largest target budget, shuffles(\"" + largest.getKey()
                        + "\", " + largest.getValue() + "),"))
                .orElse(null);
    }

    private Budget movementWide() {
        return movement == null ? null : new Budget(movement, movement == 0 ? "streaming()" : "shuffles(" + movement + ")");
    }

    /**
     * The table a query writes, as its catalog names it ({@code catalog.namespace.table}): the
     * table of its logical write command (the sink's append or overwrite); null for a query that
     * writes none.
     */
    static String writtenTable(LogicalPlan plan) {
        return plan instanceof V2WriteCommand write ? write.table().name() : null;
    }
}
