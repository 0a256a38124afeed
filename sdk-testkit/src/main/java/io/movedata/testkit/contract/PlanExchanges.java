package io.movedata.testkit.contract;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.exchange.Exchange;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeLike;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The shuffles of an executed plan, looking inside adaptive plans, their query stages, cached plans
 * and subqueries. A broadcast exchange is not a shuffle: it sends a small side whole to every task,
 * and the other side streams on.
 */
final class PlanExchanges {
    private PlanExchanges() {}

    /** The plan's shuffle exchanges ({@link ShuffleExchangeLike}). */
    static List<Exchange> shuffles(SparkPlan plan) {
        List<Exchange> found = new ArrayList<>();
        collect(plan, found);
        return found;
    }

    private static void collect(SparkPlan plan, List<Exchange> found) {
        if (plan instanceof ShuffleExchangeLike && plan instanceof Exchange exchange) {
            found.add(exchange);
        }
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collect(adaptive.executedPlan(), found);
        }
        if (plan instanceof QueryStageExec stage) {
            collect(stage.plan(), found);
        }
        if (plan instanceof InMemoryTableScanExec cached) {
            collect(cached.relation().cachedPlan(), found);
        }
        for (SparkPlan subquery : CollectionConverters.asJava(plan.subqueries())) {
            collect(subquery, found);
        }
        for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
            collect(child, found);
        }
    }
}
