package io.movedata.it.kv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.nio.charset.StandardCharsets;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.it.ChildJvm;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;

/**
 * The child JVM of {@link KvLargeRecordTest}: runs a {@code key-value} movement of namespace
 * {@code lr.big} (items only) under the small heap the test gives it, then prints one
 * {@code RESULT} line with the movement's outcome and aggregates over the items table it wrote.
 *
 * <p>Arguments: backup location ({@code file:///...}), warehouse directory, report directory.
 */
public final class KvLargeRecordMain {
    private KvLargeRecordMain() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: KvLargeRecordMain <backup-uri> <warehouse> <report-directory>");
            System.exit(2);
        }
        SparkSession spark = ChildJvm.session("local[1]", "movedata-kv-large-record");
        try {
            MovementSpec spec = MovementSpec.parse("""
                    name: large-record
                    source: {location: "%s", backup: b1, consistency: ONE}
                    connector: {name: key-value, options: {namespace: lr.big}}
                    destination:
                      catalog: {name: movedata, type: hadoop, warehouse: "%s"}
                      namespace: lr
                      table: items
                    reportDirectory: "%s"
                    """.formatted(args[0], args[1], args[2]), "large-record.yaml", variable -> null);
            MovementReport report = new MovementRunner(spark).run(spec);
            if (report.outcome() != MovementReport.Outcome.SUCCEEDED) {
                System.out.println("movement " + report.outcome() + ": " + report.error());
                System.exit(1);
            }
            Row r = spark.table("movedata.lr.items")
                    .agg(count(lit(1)), countDistinct(col("id")), min(col("key")), max(col("key")), sum(crc32(col("value"))),
                            sum(col("value_size")))
                    .first();
            System.out.println("RESULT rowsWritten=" + report.tables().get(0).rowsWritten()
                    + " largestPartitionRows=" + report.read().largestPartitionRows()
                    + " count=" + r.getLong(0) + " ids=" + r.getLong(1)
                    + " firstKey=" + new String((byte[]) r.get(2), StandardCharsets.UTF_8)
                    + " lastKey=" + new String((byte[]) r.get(3), StandardCharsets.UTF_8)
                    + " sumCrc32=" + r.getLong(4) + " sumValueSize=" + r.getLong(5) + " " + ChildJvm.heapFigures());
        } finally {
            spark.stop();
        }
    }
}
