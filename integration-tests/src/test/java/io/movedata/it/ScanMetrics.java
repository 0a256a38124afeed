package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;

import scala.jdk.javaapi.CollectionConverters;

/** The cassandra-backup scan's Spark custom metrics, as an executed plan's scan nodes show them after an action. */
final class ScanMetrics {
    private ScanMetrics() {}

    /** The scan metrics of every cassandra-backup scan node of the executed plans, summed by name. */
    static Map<String, Long> of(List<QueryExecution> executions) {
        List<BatchScanExec> scans = new ArrayList<>();
        executions.forEach(qe -> collectScans(qe.executedPlan(), scans));
        assertThat(scans).as("cassandra-backup scans").isNotEmpty();
        Map<String, Long> sums = new TreeMap<>();
        for (BatchScanExec scan : scans) {
            CollectionConverters.asJava(scan.metrics()).forEach((name, metric) -> {
                if (!name.equals("numOutputRows")) {
                    sums.merge(name, metric.value(), Long::sum);
                }
            });
        }
        return sums;
    }

    private static void collectScans(SparkPlan plan, List<BatchScanExec> scans) {
        if (plan instanceof BatchScanExec scan && scan.scan().description().startsWith("cassandra-backup")) {
            scans.add(scan);
        } else if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collectScans(adaptive.executedPlan(), scans);
        } else if (plan instanceof QueryStageExec stage) {
            collectScans(stage.plan(), scans);
        }
        CollectionConverters.asJava(plan.children()).forEach(child -> collectScans(child, scans));
    }
}
