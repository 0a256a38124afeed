package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.validate.ValidationReport;

/** {@code movedata validate C M}: Iceberg tables and exports, the printed samples, the report, exit codes. */
class ValidateCommandTest {
    /** An orders table as movedata writes it: the key roles are in the column docs. */
    private static final StructType ORDERS = new StructType()
            .add("customer", DataTypes.IntegerType, false, doc("cql: int; partition_key"))
            .add("order_id", DataTypes.StringType, false, doc("cql: text; clustering"))
            .add("total", DataTypes.createDecimalType(10, 2), true, doc("cql: decimal; regular"))
            .add("items", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true, doc("cql: map<text, int>; regular"))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType), true, doc("cql: list<text>; regular"));

    @TempDir
    static Path work;
    private static String catalog;

    @BeforeAll
    static void writeTables() throws Exception {
        SparkSession spark = LocalSpark.session();
        CatalogSettings.hadoop("lake", work.resolve("warehouse")).register(spark);
        catalog = "lake:type=hadoop,warehouse=" + work.resolve("warehouse");
        Row one = order(1, "a", "10.50", Map.of("pen", 2, "ink", 1), List.of("gift"));
        Row two = order(2, "b", "3.00", Map.of("pad", 1), List.of());
        Row three = order(3, "c", "7.25", null, null);
        Row four = order(4, "d", "1.00", Map.of(), List.of("x", "y"));
        write(spark, "lake.shop.truth", one, two, three, four, four);
        write(spark, "lake.shop.same", four, three, four, two, one);
        // Planted: 2's items changed, 3 missing, 4 once instead of twice, 5 extra.
        write(spark, "lake.shop.moved", one, order(2, "b", "3.00", Map.of("pad", 2), List.of()), four,
                order(5, "e", "0.99", null, List.of("new")));
        spark.createDataFrame(List.of(RowFactory.create(1, "a")), new StructType()
                .add("customer", DataTypes.IntegerType).add("order_id", DataTypes.StringType)).writeTo("lake.shop.narrow").create();
    }

    @AfterAll
    static void stopSpark() {
        LocalSpark.stopIfStarted();
    }

    @Test
    void theSameRowsExitZeroWithTheSummaryAndAReport() {
        CliRun run = CliRun.of("validate", "lake.shop.truth", "lake.shop.same", "--catalog", catalog,
                "--report", work.resolve("reports").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains(": EQUAL in ", "  C           lake.shop.truth: 5 rows", "  M           lake.shop.same: 5 rows",
                "  columns     customer, order_id, total, items, tags; key customer, order_id",
                "  C - M       0 rows", "  M - C       0 rows", "  report      " + work.resolve("reports"));
        assertThat(run.out()).doesNotContain("changed");
        ValidationReport report = ValidationReport.read(Path.of(reportPath(run)));
        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.EQUAL);
        assertThat(report.counts().rowsInC()).isEqualTo(5);
        // To the millisecond: the clock's microseconds are noise in a report.
        assertThat(List.of(report.startedAt(), report.finishedAt()))
                .allMatch(time -> time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z"), "an instant to the millisecond");
    }

    @Test
    void plantedDifferencesExitOneAndAreEachNamedInTheSamplesAndTheReport() {
        Path reportFile = work.resolve("planted.json");

        CliRun run = CliRun.of("validate", "lake.shop.truth", "lake.shop.moved", "--catalog", catalog,
                "--report", reportFile.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(run.out()).contains(": DIFFERENT in ", "  C - M       3 rows", "  M - C       2 rows", "  changed     1 key",
                "  missing     1 row in C, not in M", "  extra       1 row in M, not in C",
                "  duplicated  1 row in both, a different number of times", "  report      " + reportFile);
        assertThat(run.out()).contains("""

                changed: 1 key
                 customer | order_id | column | C         | M
                ----------+----------+--------+-----------+-----------
                        2 | b        | items  | {"pad":1} | {"pad":2}

                in C, not in M: 1 row
                 customer | order_id | total | items | tags | in C
                ----------+----------+-------+-------+------+------
                        3 | c        |  7.25 | null  | null |    1

                in M, not in C: 1 row
                 customer | order_id | total | items | tags    | in M
                ----------+----------+-------+-------+---------+------
                        5 | e        |  0.99 | null  | ["new"] |    1

                in both, a different number of times: 1 row
                 customer | order_id | total | items | tags      | in C | in M
                ----------+----------+-------+-------+-----------+------+------
                        4 | d        |     1 | {}    | ["x","y"] |    2 |    1
                """);
        ValidationReport report = ValidationReport.read(reportFile);
        assertThat(report.counts()).isEqualTo(new ValidationReport.Counts(5, 4, 3, 2, 1, 1, 1, 1));
        assertThat(report.changed()).singleElement().satisfies(changed -> {
            assertThat(changed.key()).isEqualTo(Map.of("customer", 2, "order_id", "b"));
            assertThat(changed.columns()).containsExactly(new ValidationReport.ColumnChange("items", Map.of("pad", 1), Map.of("pad", 2)));
        });
        assertThat(report.reportPath()).isEqualTo(reportFile.toString());
    }

    @Test
    void withoutAKeyAChangedRowIsOneRowMissingAndOneExtra() {
        CliRun run = CliRun.of("validate", "lake.shop.truth", "lake.shop.moved", "--catalog", catalog, "--key", "",
                "--sample", "0", "--report", work.resolve("reports").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(run.out()).contains("; no key", "  changed     0 keys", "  missing     2 rows in C, not in M",
                "  extra       2 rows in M, not in C").doesNotContain("in C, not in M: ");
    }

    @Test
    void aJsonExportIsComparedWithTheTableAndItsChangedValueNamed() throws Exception {
        Path equal = Files.write(work.resolve("orders.jsonl"), List.of(
                "{\"customer\": 1, \"order_id\": \"a\", \"total\": 10.5, \"items\": {\"ink\": 1, \"pen\": 2}, \"tags\": [\"gift\"]}",
                "{\"customer\": 2, \"order_id\": \"b\", \"total\": 3, \"items\": {\"pad\": 1}, \"tags\": []}",
                "{\"customer\": 3, \"order_id\": \"c\", \"total\": 7.25, \"items\": null, \"tags\": null}",
                "{\"customer\": 4, \"order_id\": \"d\", \"total\": 1.00, \"items\": {}, \"tags\": [\"x\", \"y\"]}",
                "{\"customer\": 4, \"order_id\": \"d\", \"total\": 1.00, \"items\": {}, \"tags\": [\"x\", \"y\"]}"));
        Path changed = Files.writeString(work.resolve("changed.jsonl"), Files.readString(equal).replace("7.25", "7.52"));

        CliRun same = CliRun.of("validate", equal.toString(), "lake.shop.truth", "--catalog", catalog,
                "--report", work.resolve("reports").toString());
        CliRun different = CliRun.of("validate", changed.toString(), "lake.shop.truth", "--catalog", catalog,
                "--report", work.resolve("reports").toString());

        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).contains("  C           " + equal + ": 5 rows");
        assertThat(different.exitCode()).as(different.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(different.out()).contains("        3 | c        | total  | 7.52 | 7.25");
    }

    @Test
    void anUnknownTableOrCatalogExitsTwoNamingIt() {
        CliRun table = CliRun.of("validate", "lake.shop.truth", "lake.shop.nope", "--catalog", catalog);
        CliRun catalogName = CliRun.of("validate", "lake.shop.truth", "pond.shop.truth", "--catalog", catalog);
        CliRun badOption = CliRun.of("validate", "lake.shop.truth", "lake.shop.same", "--catalog", "lake");

        assertThat(table.exitCode()).as(table.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(table.err()).isEqualTo("movedata: Table lake.shop.nope cannot be read: no such table in catalog lake\n");
        assertThat(catalogName.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(catalogName.err()).startsWith("movedata: Table pond.shop.truth: no catalog 'pond' in this Spark session; ");
        assertThat(badOption.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(badOption.err()).startsWith("movedata: --catalog expects NAME:KEY=VALUE,...");
    }

    @Test
    void aMissingFileAColumnOnOneSideOrAnUncastableValueExitsTwoNamingIt() throws Exception {
        Path uncastable = Files.write(work.resolve("uncastable.jsonl"), List.of(
                "{\"customer\": 1, \"order_id\": \"a\", \"total\": 10.5, \"items\": null, \"tags\": null}",
                "{\"customer\": 2, \"order_id\": \"b\", \"total\": \"three\", \"items\": null, \"tags\": null}"));

        CliRun missing = CliRun.of("validate", work.resolve("absent.csv").toString(), "lake.shop.truth", "--catalog", catalog);
        CliRun narrow = CliRun.of("validate", "lake.shop.truth", "lake.shop.narrow", "--catalog", catalog);
        CliRun value = CliRun.of("validate", uncastable.toString(), "lake.shop.truth", "--catalog", catalog);

        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(missing.err()).isEqualTo("movedata: File not found: " + work.resolve("absent.csv") + "\n");
        assertThat(narrow.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(narrow.err()).isEqualTo("movedata: C (lake.shop.truth) and M (lake.shop.narrow) cannot be compared: "
                + "column 'total' is in C (lake.shop.truth) but not in M (lake.shop.narrow); column 'items' is in "
                + "C (lake.shop.truth) but not in M (lake.shop.narrow); column 'tags' is in C (lake.shop.truth) but not "
                + "in M (lake.shop.narrow)\n");
        assertThat(value.exitCode()).as(value.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(value.err()).isEqualTo("movedata: File " + uncastable + ", line 2: column 'total': cannot read \"three\" "
                + "as decimal(10,2)\n");
    }

    private static String reportPath(CliRun run) {
        return run.out().lines().filter(line -> line.startsWith("  report  ")).findFirst().orElseThrow().substring(14);
    }

    private static void write(SparkSession spark, String table, Row... rows) throws Exception {
        spark.createDataFrame(List.of(rows), ORDERS).writeTo(table).create();
    }

    private static Row order(int customer, String orderId, String total, Map<String, Integer> items, List<String> tags) {
        return RowFactory.create(customer, orderId, new BigDecimal(total), items, tags);
    }

    private static Metadata doc(String comment) {
        return new MetadataBuilder().putString("comment", comment).build();
    }
}
