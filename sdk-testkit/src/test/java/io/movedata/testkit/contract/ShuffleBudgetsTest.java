package io.movedata.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.movedata.testkit.contract.ShuffleBudgets.Budget;

/** Which budget holds each query of a movement, as a contract declares them. */
class ShuffleBudgetsTest {

    private static ShuffleBudgets budgets(Contract contract) {
        return contract.shuffleBudgets();
    }

    @Test
    void aTargetsOwnBudgetHoldsItsPlanAndTheMovementWideOneTheOthers() {
        ShuffleBudgets budgets = budgets(Contract.connector("graph").streaming().shuffles("edges", 1));

        assertThat(budgets.of("edges")).isEqualTo(new Budget(1, "shuffles(\"edges\", 1)"));
        assertThat(budgets.of("person")).isEqualTo(new Budget(0, "streaming()"));
        assertThat(budgets.ofQueriesWritingNoTable()).isEqualTo(new Budget(0, "streaming()"));
    }

    @Test
    void withoutAMovementWideBudgetAQueryWritingNoTableIsHeldToTheLargestAndATargetWithoutOneHasNone() {
        ShuffleBudgets budgets = budgets(Contract.connector("graph").shuffles("person", 0).shuffles("edges", 1));

        assertThat(budgets.ofQueriesWritingNoTable()).isEqualTo(new Budget(1, "the largest target budget, shuffles(\"edges\", 1),"));
        assertThat(budgets.of("company")).isNull();
        assertThat(budgets.declared()).isTrue();
    }

    @Test
    void theLastDeclarationOfABudgetCountsAndAContractWithoutAnyDeclaresNone() {
        assertThat(budgets(Contract.connector("kv").shuffles(2).streaming()).of("records")).isEqualTo(new Budget(0, "streaming()"));
        assertThat(budgets(Contract.connector("kv").shuffles("records", 0).shuffles("records", 3)).of("records"))
                .isEqualTo(new Budget(3, "shuffles(\"records\", 3)"));
        assertThat(budgets(Contract.connector("kv")).declared()).isFalse();
        assertThat(budgets(Contract.connector("kv")).ofQueriesWritingNoTable()).isNull();
    }

    @Test
    void aNegativeBudgetIsRefusedNamingIt() {
        assertThatThrownBy(() -> Contract.connector("graph").shuffles("edges", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shuffles(\"edges\", -1): expected a count of at least 0");
        assertThatThrownBy(() -> Contract.connector("graph").shuffles(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shuffles(-2): expected a count of at least 0");
    }
}
