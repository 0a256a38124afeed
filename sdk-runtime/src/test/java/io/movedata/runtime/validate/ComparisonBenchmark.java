package io.movedata.runtime.validate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import io.movedata.runtime.iceberg.NoHandlersMetricsServlet;

/**
 * Measures the comparison {@link Validator} makes (a tagged union counted by one grouping) against
 * the textbook one (C.exceptAll(M) and M.exceptAll(C), each counted, plus counts of C and M), on
 * Parquet files of generated rows with a map, a list and a decimal, local[2]. Prints the median
 * wall time of each for M equal to C and for M with a few changed rows. A program, not a test:
 *
 * <pre>
 * java --add-opens... -cp sdk-runtime/target/test-classes:sdk-runtime/target/classes:... \
 *     io.movedata.runtime.validate.ComparisonBenchmark [rows] [runs]
 * </pre>
 */
public final class ComparisonBenchmark {
    private ComparisonBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("comparison-benchmark");
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("ComparisonBenchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.metrics.conf.*.sink.servlet.class", NoHandlersMetricsServlet.class.getName())
                .config("spark.sql.shuffle.partitions", "8")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> generated = spark.range(rows).select(
                col("id"),
                concat(lit("name-"), col("id")).as("name"),
                (col("id").mod(1000)).cast("decimal(38,18)").as("amount"),
                array(concat(lit("t"), col("id").mod(7)), lit("x")).as("tags"),
                map(lit("a"), col("id").mod(5).cast("int"), lit("b"), col("id").mod(3).cast("int")).as("attrs"));
        generated.write().parquet(dir.resolve("c").toString());
        // One row in 100,000 changed.
        generated.withColumn("name", when(col("id").mod(100_000).equalTo(0), concat(col("name"), lit("!"))).otherwise(col("name")))
                .write().parquet(dir.resolve("m").toString());
        Dataset<Row> c = spark.read().parquet(dir.resolve("c").toString());
        Dataset<Row> m = spark.read().parquet(dir.resolve("m").toString());
        ValidationOptions options = ValidationOptions.defaults().withKeyColumns(List.of("id"));

        System.out.printf(Locale.ROOT, "%,d rows, %d runs after one warm-up, local[2]%n", rows, runs);
        for (String scenario : List.of("equal", "different")) {
            Dataset<Row> other = scenario.equals("equal") ? c : m;
            List<Long> union = new ArrayList<>();
            List<Long> exceptAll = new ArrayList<>();
            String check = "";
            for (int run = 0; run <= runs; run++) {
                long start = System.nanoTime();
                ValidationReport report = Validator.compare(c, other, options);
                long unionMillis = (System.nanoTime() - start) / 1_000_000;
                start = System.nanoTime();
                long[] counts = exceptAll(c, other);
                long exceptAllMillis = (System.nanoTime() - start) / 1_000_000;
                if (run > 0) {
                    union.add(unionMillis);
                    exceptAll.add(exceptAllMillis);
                }
                check = "validator " + report.counts().cMinusM() + "/" + report.counts().mMinusC()
                        + ", exceptAll " + counts[0] + "/" + counts[1];
            }
            System.out.printf(Locale.ROOT, "%-9s tagged union + groupBy: %,6d ms   2 x exceptAll + 2 counts: %,6d ms   (C-M/M-C: %s)%n",
                    scenario, median(union), median(exceptAll), check);
        }
        spark.stop();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** C − M and M − C counted with exceptAll, and both sides counted: what the report's counts need. */
    private static long[] exceptAll(Dataset<Row> c, Dataset<Row> m) {
        Dataset<Row> nc = normalized(c);
        Dataset<Row> nm = normalized(m);
        return new long[] {nc.exceptAll(nm).count(), nm.exceptAll(nc).count(), c.count(), m.count()};
    }

    private static Dataset<Row> normalized(Dataset<Row> side) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : side.schema().fields()) {
            columns.add(Normalization.normalized(col(field.name()), field.dataType()).as(field.name()));
        }
        return side.select(columns.toArray(Column[]::new));
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
