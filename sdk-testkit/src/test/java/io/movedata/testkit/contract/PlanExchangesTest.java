package io.movedata.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The shuffles the streaming clause finds in executed plans: inside subqueries too, and not broadcasts. */
class PlanExchangesTest {
    private final SparkSession spark = ContractSpark.session();

    /** The shuffles of the query's executed plan, once it has run. */
    private List<String> shuffles(String sql) {
        Dataset<Row> rows = spark.sql(sql);
        rows.collectAsList();
        return PlanExchanges.shuffles(rows.queryExecution().executedPlan()).stream().map(e -> e.nodeName()).toList();
    }

    @Test
    void aShuffleInsideAScalarSubqueryIsFound() {
        // The outer query streams; the subquery's global aggregate gathers its rows into one partition.
        assertThat(shuffles("SELECT id FROM range(0, 10, 1, 2) WHERE id > (SELECT max(id) - 3 FROM range(0, 10, 1, 2))"))
                .containsExactly("Exchange");
    }

    @Test
    void aBroadcastIsNotAShuffle() {
        assertThat(shuffles("SELECT /*+ BROADCAST(b) */ a.id FROM range(0, 10, 1, 2) a JOIN range(0, 5, 1, 2) b ON a.id = b.id"))
                .isEmpty();
    }
}
