package io.movedata.runtime.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.api.MovedataException;
import io.movedata.api.ErrorKind;
import io.movedata.api.ColumnMetadataKeys;
import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.iceberg.NoHandlersMetricsServlet;
import io.movedata.runtime.validate.ValidationReport.ChangedRow;
import io.movedata.runtime.validate.ValidationReport.ColumnChange;
import io.movedata.runtime.validate.ValidationReport.Counts;
import io.movedata.runtime.validate.ValidationReport.RowSample;

/** {@link Validator} on Datasets and Iceberg tables: multiset semantics, every kind of difference, keys, time travel. */
class ValidatorTest {
    private static final StructType ADDRESS = new StructType()
            .add("street", DataTypes.StringType)
            .add("phones", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    /** A Cassandra-like table: key columns with their roles, collections, a UDT holding a map, a list of maps. */
    private static final StructType ORDERS = new StructType()
            .add("customer", DataTypes.IntegerType, false, role("partition_key"))
            .add("order_id", DataTypes.StringType, false, role("clustering"))
            .add("total", DataTypes.createDecimalType(38, 18), true, role("regular"))
            .add("items", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true, role("regular"))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType), true, role("regular"))
            .add("address", ADDRESS, true, role("regular"))
            .add("history", DataTypes.createArrayType(DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType)),
                    true, role("regular"));

    @TempDir
    static Path warehouse;
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("ValidatorTest")
                .config("spark.ui.enabled", "false")
                .config("spark.metrics.conf.*.sink.servlet.class", NoHandlersMetricsServlet.class.getName())
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .getOrCreate();
        CatalogSettings.hadoop("lake", warehouse).register(spark);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void theSameRowsInAnotherOrderAreEqualWithMapsListsNestedStructsNullsAndDuplicates() {
        Row first = order(1, "a", "10.5", map("pen", 2, "ink", 1), List.of("new", "gift"), address("Main St", map("home", "1", "work", "2")),
                List.of(map(1, "placed", 2, "paid")));
        Row withNulls = order(2, "b", null, null, null, null, null);
        Row emptyCollections = order(3, "c", "0", map(), List.of(), address(null, map()), List.of(map()));
        // The same maps built in another order: equal as maps, different as Spark's internal entry arrays.
        Row firstReordered = order(1, "a", "10.500", map("ink", 1, "pen", 2), List.of("new", "gift"),
                address("Main St", map("work", "2", "home", "1")), List.of(map(2, "paid", 1, "placed")));

        ValidationReport report = Validator.compare(frame(first, withNulls, emptyCollections, emptyCollections),
                frame(emptyCollections, withNulls, emptyCollections, firstReordered), ValidationOptions.defaults());

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.EQUAL);
        assertThat(report.counts()).isEqualTo(new Counts(4, 4, 0, 0, 0, 0, 0, 0));
        assertThat(report.columns()).containsExactly("customer", "order_id", "total", "items", "tags", "address", "history");
        assertThat(report.keyColumns()).containsExactly("customer", "order_id");
        assertThat(report.changed()).isEmpty();
        assertThat(report.missingFromM()).isEmpty();
        assertThat(report.extraInM()).isEmpty();
        assertThat(report.duplicated()).isEmpty();
    }

    @Test
    void aChangedAMissingAnExtraAndADuplicatedRowAreEachNamedWithExactCounts() {
        Row same = order(1, "a", "1", map("pen", 1), List.of("x"), null, null);
        Row before = order(2, "b", "2", map("pen", 1, "ink", 2), List.of("y"), address("Old St", map()), null);
        Row after = order(2, "b", "2", map("pen", 1, "ink", 3), List.of("y"), address("New St", map()), null);
        Row missing = order(3, "c", "3", null, null, null, null);
        Row twice = order(4, "d", "4", null, List.of("z"), null, null);
        Row extra = order(5, "e", "5", map(), null, null, null);

        ValidationReport report = Validator.compare(frame(same, before, missing, twice, twice),
                frame(same, after, twice, extra), ValidationOptions.defaults());

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.DIFFERENT);
        // C - M: the old version of 2, row 3, one copy of 4; M - C: the new version of 2, row 5.
        assertThat(report.counts()).isEqualTo(new Counts(5, 4, 3, 2, 1, 1, 1, 1));
        assertThat(report.changed()).containsExactly(new ChangedRow(key(2, "b"), List.of(
                new ColumnChange("items", map("ink", 2, "pen", 1), map("ink", 3, "pen", 1)),
                new ColumnChange("address", Map.of("street", "Old St", "phones", Map.of()),
                        Map.of("street", "New St", "phones", Map.of()))), 1, 1));
        assertThat(report.missingFromM()).extracting(s -> s.row().get("customer"), RowSample::inC, RowSample::inM)
                .containsExactly(tuple(3, 1L, 0L));
        assertThat(report.missingFromM().get(0).row()).containsEntry("total", new BigDecimal("3")).containsEntry("items", null);
        assertThat(report.extraInM()).extracting(s -> s.row().get("customer"), RowSample::inC, RowSample::inM)
                .containsExactly(tuple(5, 0L, 1L));
        assertThat(report.duplicated()).extracting(s -> s.row().get("customer"), s -> s.row().get("tags"), RowSample::inC,
                RowSample::inM).containsExactly(tuple(4, List.of("z"), 2L, 1L));
    }

    @Test
    void withoutKeysAChangedRowIsOneMissingAndOneExtra() {
        Row before = order(2, "b", "2", null, null, null, null);
        Row after = order(2, "b", "2.5", null, null, null, null);

        ValidationReport report = Validator.compare(frame(before), frame(after),
                ValidationOptions.defaults().withKeyColumns(List.of()));

        assertThat(report.keyColumns()).isEmpty();
        assertThat(report.counts()).isEqualTo(new Counts(1, 1, 1, 1, 0, 1, 1, 0));
        assertThat(report.changed()).isEmpty();
        assertThat(report.missingFromM()).extracting(s -> s.row().get("total")).containsExactly(new BigDecimal("2"));
        assertThat(report.extraInM()).extracting(s -> s.row().get("total")).containsExactly(new BigDecimal("2.5"));
    }

    @Test
    void keysGivenByNameOverrideTheSchemasAndPairRowsByThem() {
        Row before = order(2, "b", "2", null, null, null, null);
        Row after = order(2, "c", "2", null, null, null, null);

        ValidationReport report = Validator.compare(frame(before), frame(after),
                ValidationOptions.defaults().withKeyColumns(List.of("customer")));

        assertThat(report.changed()).containsExactly(new ChangedRow(Map.of("customer", 2),
                List.of(new ColumnChange("order_id", "b", "c")), 1, 1));
    }

    @Test
    void ignoredColumnsAreLeftOutEvenWhenOnlyOneSideHasThem() {
        StructType withWriteTime = ORDERS.add("_row_writetime", DataTypes.LongType);
        Dataset<Row> c = spark.createDataFrame(List.of(
                RowFactory.create(1, "a", null, null, null, null, null, 100L)), withWriteTime);
        Dataset<Row> m = spark.createDataFrame(List.of(
                RowFactory.create(1, "a", null, null, null, null, null, 200L)), withWriteTime).drop("_row_writetime");

        ValidationReport report = Validator.compare(c, m,
                ValidationOptions.defaults().withIgnoredColumns(List.of("_row_writetime")));

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.EQUAL);
        assertThat(report.ignoredColumns()).containsExactly("_row_writetime");
        assertThat(report.columns()).doesNotContain("_row_writetime");
    }

    @Test
    void theSampleSizeLimitsSamplesToTheFirstKeysButNotTheCounts() {
        List<Row> rows = new ArrayList<>();
        for (int i = 25; i > 0; i--) {
            rows.add(order(i, "o", null, null, null, null, null));
        }

        ValidationReport report = Validator.compare(frame(rows.toArray(Row[]::new)), frame(),
                ValidationOptions.defaults().withSampleSize(3));

        assertThat(report.counts().missingFromM()).isEqualTo(25);
        assertThat(report.counts().cMinusM()).isEqualTo(25);
        assertThat(report.missingFromM()).extracting(s -> s.row().get("customer")).containsExactly(1, 2, 3);
    }

    @Test
    void numbersOneSideHoldsWiderCompareAsTheWiderType() {
        Dataset<Row> ints = spark.createDataFrame(List.of(RowFactory.create(1, 1.5f)),
                new StructType().add("id", DataTypes.IntegerType).add("ratio", DataTypes.FloatType));
        Dataset<Row> longs = spark.createDataFrame(List.of(RowFactory.create(1L, 1.5d)),
                new StructType().add("id", DataTypes.LongType).add("ratio", DataTypes.DoubleType));

        assertThat(Validator.compare(ints, longs, ValidationOptions.defaults()).outcome())
                .isEqualTo(ValidationReport.Outcome.EQUAL);
    }

    @Test
    void typesThatDifferOnlyInNullabilityAreCompared() {
        Dataset<Row> required = spark.createDataFrame(List.of(RowFactory.create(List.of(1), Map.of("a", 1))), new StructType()
                .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false))
                .add("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false)));
        Dataset<Row> optional = spark.createDataFrame(List.of(RowFactory.create(Arrays.asList(1, null), Map.of("a", 1))),
                new StructType()
                        .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, true))
                        .add("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, true)));

        ValidationReport report = Validator.compare(required, optional, ValidationOptions.defaults());

        assertThat(report.counts()).isEqualTo(new Counts(1, 1, 1, 1, 0, 1, 1, 0));
        assertThat(report.extraInM()).extracting(s -> s.row().get("ids")).containsExactly(Arrays.asList(1, null));
    }

    @Test
    void sidesThatCannotBeComparedAreRefusedNamingEveryColumnAtFault() {
        Dataset<Row> c = spark.createDataFrame(List.of(), new StructType()
                .add("id", DataTypes.IntegerType).add("only_c", DataTypes.StringType).add("v", DataTypes.StringType));
        Dataset<Row> m = spark.createDataFrame(List.of(), new StructType()
                .add("id", DataTypes.IntegerType).add("v", DataTypes.IntegerType).add("only_m", DataTypes.StringType));

        assertThatThrownBy(() -> Validator.compare(c, m, ValidationOptions.defaults()
                .withKeyColumns(List.of("key")).withIgnoredColumns(List.of("nowhere"))))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessage("C and M cannot be compared: column 'nowhere' to ignore is in neither C nor M; "
                        + "column 'only_c' is in C but not in M; column 'v' is string in C but int in M; "
                        + "column 'only_m' is in M but not in C; key column 'key' is in neither C nor M");
    }

    @Test
    void twoSnapshotsOfOneIcebergTableAreComparedByTimeTravel() throws Exception {
        // Iceberg keeps a column's comment as its doc, where movedata writes the key role.
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType, false, comment("cql: int; partition_key"))
                .add("name", DataTypes.StringType, true, comment("cql: text; regular"))
                .add("scores", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true, Metadata.empty());
        spark.createDataFrame(List.of(RowFactory.create(1, "ada", map("x", 1)), RowFactory.create(2, "bob", null)), schema)
                .writeTo("lake.shop.people").create();
        Row first = spark.sql("SELECT snapshot_id, committed_at FROM lake.shop.people.snapshots").first();
        spark.createDataFrame(List.of(RowFactory.create(1, "ada", map("x", 2)), RowFactory.create(3, "cy", null)), schema)
                .writeTo("lake.shop.people").overwrite(functions.lit(true));
        ValidationSource snapshot = ValidationSource.parse("lake.shop.people@" + first.getLong(0));
        ValidationSource instant = ValidationSource.parse("lake.shop.people@" + first.<Instant>getAs(1));

        ValidationReport bySnapshot = Validator.compare(spark, snapshot, ValidationSource.parse("lake.shop.people"),
                ValidationOptions.defaults());
        ValidationReport byInstant = Validator.compare(spark, instant, ValidationSource.parse("lake.shop.people"),
                ValidationOptions.defaults());

        assertThat(bySnapshot.c()).isEqualTo("lake.shop.people@" + first.getLong(0));
        assertThat(bySnapshot.m()).isEqualTo("lake.shop.people");
        assertThat(bySnapshot.keyColumns()).containsExactly("id");
        assertThat(bySnapshot.counts()).isEqualTo(new Counts(2, 2, 2, 2, 1, 1, 1, 0));
        assertThat(bySnapshot.changed()).containsExactly(new ChangedRow(Map.of("id", 1),
                List.of(new ColumnChange("scores", Map.of("x", 1), Map.of("x", 2))), 1, 1));
        assertThat(bySnapshot.missingFromM()).extracting(RowSample::row).containsExactly(row("id", 2, "name", "bob", "scores", null));
        assertThat(bySnapshot.extraInM()).extracting(RowSample::row).containsExactly(row("id", 3, "name", "cy", "scores", null));
        assertThat(byInstant.counts()).isEqualTo(bySnapshot.counts());
        assertThat(Validator.compare(spark, snapshot, snapshot, ValidationOptions.defaults()).outcome())
                .isEqualTo(ValidationReport.Outcome.EQUAL);
    }

    @Test
    void anUnknownCatalogTableOrSnapshotIsNamed() throws Exception {
        spark.createDataFrame(List.of(RowFactory.create(1)), new StructType().add("id", DataTypes.IntegerType))
                .writeTo("lake.shop.known").create();
        ValidationSource known = ValidationSource.parse("lake.shop.known");

        assertThatThrownBy(() -> Validator.compare(spark, ValidationSource.parse("nolake.shop.known"), known,
                ValidationOptions.defaults()))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessage("Table nolake.shop.known: no catalog 'nolake' in this Spark session; catalogs: lake, spark_catalog");
        assertThatThrownBy(() -> Validator.compare(spark, ValidationSource.parse("lake.shop.unknown"), known,
                ValidationOptions.defaults()))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessage("Table lake.shop.unknown cannot be read: no such table in catalog lake");
        assertThatThrownBy(() -> Validator.compare(spark, ValidationSource.parse("lake.shop.known@123"), known,
                ValidationOptions.defaults()))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessageMatching("Table lake.shop.known has no snapshot 123; its newest snapshots: \\d+ \\(20.*Z\\)");
        assertThatThrownBy(() -> Validator.compare(spark, ValidationSource.parse("lake.shop.known@2000-01-01T00:00:00Z"), known,
                ValidationOptions.defaults()))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessageStartingWith("Table lake.shop.known has no snapshot at or before 2000-01-01T00:00:00Z; "
                        + "its first was committed at 20");
    }

    @Test
    void sourcesParseTablesWithVersionsAndFilesByExtension() {
        assertThat(ValidationSource.parse("lake.ns.t")).isEqualTo(new ValidationSource.Table("lake.ns.t", null, null));
        assertThat(ValidationSource.parse("lake.ns.t@42")).isEqualTo(new ValidationSource.Table("lake.ns.t", 42L, null));
        assertThat(ValidationSource.parse("lake.ns.t@2026-11-20T00:00:00Z"))
                .isEqualTo(new ValidationSource.Table("lake.ns.t", null, Instant.parse("2026-11-20T00:00:00Z")));
        assertThat(ValidationSource.parse("/tmp/export.JSONL")).isEqualTo(new ValidationSource.ExportFile("/tmp/export.JSONL",
                ValidationSource.ExportFile.Format.JSON_LINES));
        assertThat(ValidationSource.parse("s3a://b/export.csv/")).isEqualTo(new ValidationSource.ExportFile("s3a://b/export.csv/",
                ValidationSource.ExportFile.Format.CSV));
        assertThatThrownBy(() -> ValidationSource.parse("export.txt"))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessage("'export.txt' is neither a table catalog.namespace.table nor a file ending in .jsonl, .json or .csv");
        assertThatThrownBy(() -> ValidationSource.parse("lake.ns.t@yesterday"))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessageContaining("after '@' a snapshot id or an ISO-8601 instant");
    }

    @Test
    void theReportIsWrittenAsJsonAndReadBackAndSummarized(@TempDir Path reports) {
        Row before = order(2, "b", "2", map("pen", 1), null, null, null);
        Row after = order(2, "b", "2", map("pen", 2), null, null, null);
        ValidationReport report = Validator.compare(frame(before), frame(after), ValidationOptions.defaults());

        ValidationReport written = report.write(reports);
        ValidationReport read = ValidationReport.read(Path.of(written.reportPath()));

        assertThat(written.reportPath()).startsWith(reports.toString()).contains("validation-").endsWith(".json");
        assertThat(read.counts()).isEqualTo(report.counts());
        assertThat(read.changed()).containsExactly(new ChangedRow(key(2, "b"),
                List.of(new ColumnChange("items", Map.of("pen", 1), Map.of("pen", 2))), 1, 1));
        assertThat(report.write(reports.resolve("named.json")).reportPath()).isEqualTo(reports.resolve("named.json").toString());
        assertThat(written.summary()).contains(
                "validation " + report.validationId() + ": DIFFERENT in ",
                "  C           dataset: 1 rows",
                "  columns     customer, order_id, total, items, tags, address, history; key customer, order_id",
                "  C - M       1 rows",
                "  changed     1 key",
                "  missing     0 rows in C, not in M",
                "  report      " + written.reportPath());
    }

    private static Metadata role(String role) {
        return new MetadataBuilder().putString(ColumnMetadataKeys.KEY_ROLE, role).build();
    }

    private static Metadata comment(String comment) {
        return new MetadataBuilder().putString("comment", comment).build();
    }

    private static Row order(int customer, String orderId, String total, Map<String, Integer> items, List<String> tags,
                             Row address, List<Map<Integer, String>> history) {
        return RowFactory.create(customer, orderId, total == null ? null : new BigDecimal(total), items, tags, address, history);
    }

    private static Row address(String street, Map<String, String> phones) {
        return RowFactory.create(street, phones);
    }

    private static Dataset<Row> frame(Row... rows) {
        return spark.createDataFrame(Arrays.asList(rows), ORDERS);
    }

    private static Map<String, Object> key(int customer, String orderId) {
        return row("customer", customer, "order_id", orderId);
    }

    /** An insertion-ordered map of alternating keys and values. */
    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> map(Object... keysAndValues) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        return map(namesAndValues);
    }
}
