package io.movedata.runtime.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2ScanRelation;

import scala.jdk.javaapi.CollectionConverters;

/** Plans reads without running them, for a dry run. */
public final class ScanPlanning {
    private ScanPlanning() {}

    /**
     * Plans every {@code cassandra-backup} scan of {@code frame} as its execution would, pushdown
     * included, without reading a row: Spark's optimizer builds the scans, and each is asked for
     * its splits. The plans land in the read metrics of the scans' {@link BackupRead}.
     */
    public static void planScans(Dataset<?> frame) {
        for (LogicalPlan leaf : CollectionConverters.asJava(frame.queryExecution().optimizedPlan().collectLeaves())) {
            if (leaf instanceof DataSourceV2ScanRelation relation && relation.scan() instanceof BackupScan scan) {
                scan.planInputPartitions();
            }
        }
    }
}
