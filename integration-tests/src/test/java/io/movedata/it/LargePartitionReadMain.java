package io.movedata.it;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The child JVM of {@link LargePartitionTest}: reads a table with Spark in local mode under the
 * small heap the test gives it and prints one {@code RESULT} line with the count and the
 * aggregates over the clustering column, for the test to compare with what it wrote.
 *
 * <p>Arguments: backup location URI, {@code keyspace.table}, Spark master (e.g. {@code local[1]}).
 */
public final class LargePartitionReadMain {
    private LargePartitionReadMain() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: LargePartitionReadMain <backup-uri> <keyspace.table> <spark-master>");
            System.exit(2);
        }
        SparkSession spark = ChildJvm.session(args[2], "movedata-large-partition");
        try {
            Dataset<Row> df = spark.read().format("cassandra-backup")
                    .option("backup", args[0])
                    .option("table", args[1])
                    .option("consistency", "ONE")
                    .load();
            long counted = df.count();
            Row r = df.agg(count(lit(1)), countDistinct(col("pk")), min(col("ck")), max(col("ck")), sum(col("ck")), sum(col("v")))
                    .first();
            System.out.println("RESULT count=" + counted + " aggCount=" + r.getLong(0) + " partitions=" + r.getLong(1)
                    + " minCk=" + r.getInt(2) + " maxCk=" + r.getInt(3) + " sumCk=" + r.getLong(4) + " sumV=" + r.getLong(5)
                    + " " + ChildJvm.heapFigures());
        } finally {
            spark.stop();
        }
    }
}
