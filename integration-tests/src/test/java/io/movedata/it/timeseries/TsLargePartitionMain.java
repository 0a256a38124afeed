package io.movedata.it.timeseries;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.it.ChildJvm;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;

/**
 * The child JVM of {@link TsLargePartitionTest}: runs a {@code timeseries} movement of namespace
 * {@code lp.big} (form wide) under the small heap the test gives it, then prints one {@code RESULT}
 * line with the movement's outcome and aggregates over the events table it wrote (a checksum of each
 * item with its event id, key and event time, so an item under the wrong event or key changes it).
 *
 * <p>Arguments: backup location ({@code file:///...}), warehouse directory, report directory.
 */
public final class TsLargePartitionMain {
    private TsLargePartitionMain() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: TsLargePartitionMain <backup-uri> <warehouse> <report-directory>");
            System.exit(2);
        }
        SparkSession spark = ChildJvm.session("local[1]", "movedata-ts-large-partition");
        try {
            MovementSpec spec = MovementSpec.parse("""
                    name: large-partition
                    source: {location: "%s", backup: b1, consistency: ONE}
                    connector: {name: timeseries, options: {keyspace: lp, namespace: big}}
                    destination:
                      catalog: {name: movedata, type: hadoop, warehouse: "%s"}
                      namespace: lp
                      table: events
                    reportDirectory: "%s"
                    """.formatted(args[0], args[1], args[2]), "large-partition.yaml", variable -> null);
            MovementReport report = new MovementRunner(spark).run(spec);
            if (report.outcome() != MovementReport.Outcome.SUCCEEDED) {
                System.out.println("movement " + report.outcome() + ": " + report.error());
                System.exit(1);
            }
            Row r = spark.sql("SELECT count(*), sum(size(items)), count(DISTINCT time_series_id), unix_millis(min(event_time)), "
                    + "unix_millis(max(event_time)), sum(aggregate(map_entries(items), 0L, (total, item) -> total + crc32(concat("
                    + "CAST(concat(event_id, '|', item.key, '|', unix_millis(event_time), '|') AS BINARY), item.value)))) "
                    + "FROM movedata.lp.events").first();
            System.out.println("RESULT rowsWritten=" + report.tables().get(0).rowsWritten()
                    + " largestPartitionRows=" + report.read().largestPartitionRows()
                    + " events=" + r.getLong(0) + " items=" + r.getLong(1) + " series=" + r.getLong(2)
                    + " first=" + r.getLong(3) + " last=" + r.getLong(4) + " sumCrc32=" + r.getLong(5)
                    + " " + ChildJvm.heapFigures());
        } finally {
            spark.stop();
        }
    }
}
