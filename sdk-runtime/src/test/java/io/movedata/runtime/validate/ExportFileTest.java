package io.movedata.runtime.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.api.MovedataException;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.iceberg.NoHandlersMetricsServlet;
import io.movedata.runtime.validate.ValidationReport.ChangedRow;
import io.movedata.runtime.validate.ValidationReport.ColumnChange;
import io.movedata.runtime.validate.ValidationReport.Counts;

/**
 * An Iceberg table compared with exports of its rows, as a Cassandra node's {@code SELECT JSON} or
 * a CSV export would write them: every Cassandra-ish type, and files that do not hold the table's rows.
 */
class ExportFileTest {
    private static final String TABLE = "lake.ks.people";
    /** What the cassandra-backup source makes of int, text, bigint, boolean, double, decimal, timestamp, uuid, blob, list, set, map, UDT, tuple, date. */
    private static final StructType PEOPLE = new StructType()
            .add("id", DataTypes.IntegerType, false, new MetadataBuilder().putString("comment", "cql: int; partition_key").build())
            .add("name", DataTypes.StringType)
            .add("big", DataTypes.LongType)
            .add("ok", DataTypes.BooleanType)
            .add("ratio", DataTypes.DoubleType)
            .add("price", DataTypes.createDecimalType(38, 18))
            .add("at", DataTypes.TimestampType)
            .add("uid", DataTypes.StringType)
            .add("data", DataTypes.BinaryType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
            .add("scores", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType))
            .add("address", new StructType().add("street", DataTypes.StringType).add("zip", DataTypes.IntegerType))
            .add("pair", new StructType().add("_1", DataTypes.IntegerType).add("_2", DataTypes.StringType))
            .add("born", DataTypes.DateType);

    /** The table's rows as SELECT JSON writes them (blobs in hex, map keys and tuples as Cassandra does), in another order. */
    private static final List<String> JSON_LINES = List.of(
            "{\"id\": 3, \"name\": null, \"big\": -1, \"ok\": false, \"ratio\": NaN, \"price\": 0, "
                    + "\"at\": \"1970-01-01T00:00:00Z\", \"uid\": \"00000000-0000-0000-0000-000000000000\", \"data\": \"0x\", "
                    + "\"tags\": [], \"ids\": [], \"attrs\": {}, \"scores\": {}, \"address\": {\"street\": null}, "
                    + "\"pair\": [null, null], \"born\": null}",
            "{\"id\": 1, \"name\": \"Ada, \\\"the\\\" first\", \"big\": 9007199254740993, \"ok\": true, \"ratio\": 0.1, "
                    + "\"price\": 12.345, \"at\": \"2024-05-01 12:00:00.123+0200\", \"uid\": \"8a8f5c4e-2f3b-4c1d-9e6a-1b2c3d4e5f60\", "
                    + "\"data\": \"0x00ff10\", \"tags\": [\"a\", \"b\"], \"ids\": [1, 2, 3], \"attrs\": {\"y\": 2, \"x\": 1}, "
                    + "\"scores\": {\"1\": \"one\", \"2\": \"two\"}, \"address\": {\"street\": \"Main St\", \"zip\": 1234}, "
                    + "\"pair\": [1, \"p\"], \"born\": \"1990-01-02\"}",
            "",
            "{\"id\": 2, \"name\": \"\", \"big\": null, \"ok\": null, \"ratio\": null, \"price\": null, \"at\": null, "
                    + "\"uid\": null, \"data\": null, \"tags\": null, \"ids\": null, \"attrs\": null, \"scores\": null, "
                    + "\"address\": null, \"pair\": null, \"born\": null}");

    /** The same rows as CSV, columns in another order: "" is the empty string, nothing is null, collections are JSON. */
    private static final List<String> CSV_LINES = List.of(
            "name,id,big,ok,ratio,price,at,uid,data,tags,ids,attrs,scores,address,pair,born",
            "\"Ada, \"\"the\"\" first\",1,9007199254740993,true,0.1,12.345000,2024-05-01T10:00:00.123Z,"
                    + "8a8f5c4e-2f3b-4c1d-9e6a-1b2c3d4e5f60,0x00ff10,\"[\"\"a\"\",\"\"b\"\"]\",\"[1,2,3]\",\"{\"\"x\"\":1,\"\"y\"\":2}\","
                    + "\"{\"\"1\"\":\"\"one\"\",\"\"2\"\":\"\"two\"\"}\",\"{\"\"street\"\":\"\"Main St\"\",\"\"zip\"\":1234}\","
                    + "\"[1,\"\"p\"\"]\",1990-01-02",
            "\"\",2,,,,,,,,,,,,,,",
            ",3,-1,FALSE,NaN,0,1970-01-01 00:00:00.000Z,00000000-0000-0000-0000-000000000000,0x,[],[],{},{},"
                    + "\"{\"\"street\"\":null}\",\"[null,null]\",");

    @TempDir
    static Path dir;
    private static SparkSession spark;

    @BeforeAll
    static void writeTheTable() throws Exception {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("ExportFileTest")
                .config("spark.ui.enabled", "false")
                .config("spark.metrics.conf.*.sink.servlet.class", NoHandlersMetricsServlet.class.getName())
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .getOrCreate();
        CatalogSettings.hadoop("lake", dir.resolve("warehouse")).register(spark);
        Row ada = RowFactory.create(1, "Ada, \"the\" first", 9007199254740993L, true, 0.1, new BigDecimal("12.345"),
                Instant.parse("2024-05-01T10:00:00.123Z"), "8a8f5c4e-2f3b-4c1d-9e6a-1b2c3d4e5f60", new byte[] {0, -1, 16},
                List.of("a", "b"), List.of(1, 2, 3), map("x", 1, "y", 2), map(1, "one", 2, "two"),
                RowFactory.create("Main St", 1234), RowFactory.create(1, "p"), LocalDate.parse("1990-01-02"));
        Row empty = RowFactory.create(2, "", null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        Row zeros = RowFactory.create(3, null, -1L, false, Double.NaN, BigDecimal.ZERO, Instant.EPOCH,
                "00000000-0000-0000-0000-000000000000", new byte[0], List.of(), List.of(), Map.of(), Map.of(),
                RowFactory.create(null, null), RowFactory.create(null, null), null);
        spark.createDataFrame(Arrays.asList(ada, empty, zeros), PEOPLE).writeTo(TABLE).create();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void aJsonLinesExportOfTheTablesRowsIsEqualToIt() throws Exception {
        ValidationReport report = compare(file("export.jsonl", JSON_LINES), TABLE);

        assertThat(report.outcome()).as(report.summary()).isEqualTo(ValidationReport.Outcome.EQUAL);
        assertThat(report.counts()).isEqualTo(new Counts(3, 3, 0, 0, 0, 0, 0, 0));
        assertThat(report.keyColumns()).containsExactly("id");
    }

    @Test
    void timestampsAndDatesAreReadAsTheSessionWantsThem() throws Exception {
        // Off by default under spark-submit: then Spark's rows hold java.sql.Timestamp and java.sql.Date.
        spark.conf().set("spark.sql.datetime.java8API.enabled", "false");
        try {
            ValidationReport report = compare(file("legacy-time.jsonl", JSON_LINES), TABLE);

            assertThat(report.outcome()).as(report.summary()).isEqualTo(ValidationReport.Outcome.EQUAL);
        } finally {
            spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        }
    }

    @Test
    void aCsvExportOfTheTablesRowsIsEqualToIt() throws Exception {
        ValidationReport report = compare(file("export.csv", CSV_LINES), TABLE);

        assertThat(report.outcome()).as(report.summary()).isEqualTo(ValidationReport.Outcome.EQUAL);
        assertThat(report.counts()).isEqualTo(new Counts(3, 3, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aDirectoryOfExportFilesIsReadAsOneExport() throws Exception {
        Path export = Files.createDirectories(dir.resolve("parts.jsonl"));
        Files.write(export.resolve("part-0.json"), JSON_LINES.subList(0, 2));
        Files.write(export.resolve("part-1.json"), JSON_LINES.subList(2, 4));
        Files.writeString(export.resolve("_SUCCESS"), "");

        assertThat(compare(export.toString(), TABLE).outcome()).isEqualTo(ValidationReport.Outcome.EQUAL);
    }

    @Test
    void anExportWithOneValueChangedNamesTheRowTheColumnAndBothValues() throws Exception {
        String changed = JSON_LINES.get(1).replace("\"price\": 12.345", "\"price\": 12.3456")
                .replace("\"attrs\": {\"y\": 2, \"x\": 1}", "\"attrs\": {\"y\": 2, \"x\": 1, \"z\": 0}");

        ValidationReport report = compare(file("changed.jsonl", List.of(JSON_LINES.get(0), changed, JSON_LINES.get(3))), TABLE);

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.DIFFERENT);
        assertThat(report.counts()).isEqualTo(new Counts(3, 3, 1, 1, 1, 0, 0, 0));
        assertThat(report.changed()).containsExactly(new ChangedRow(Map.of("id", 1), List.of(
                new ColumnChange("price", new BigDecimal("12.3456"), new BigDecimal("12.345")),
                new ColumnChange("attrs", map("x", 1, "y", 2, "z", 0), map("x", 1, "y", 2))), 1, 1));
    }

    @Test
    void theTableMayBeCAndTheExportMAndIgnoredColumnsMayBeMissingFromTheFile() throws Exception {
        List<String> withoutData = JSON_LINES.stream().map(line -> line.replaceAll("\"data\": (null|\"0x[0-9a-f]*\"), ", "")).toList();

        ValidationReport report = Validator.compare(spark, ValidationSource.parse(TABLE),
                ValidationSource.parse(file("nodata.jsonl", withoutData)), ValidationOptions.defaults()
                        .withIgnoredColumns(List.of("data")));

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.EQUAL);
        assertThat(report.columns()).doesNotContain("data");
    }

    @Test
    void aValueThatCannotBeCastIsNamedWithFileLineAndColumn() throws Exception {
        String bad = file("bad.jsonl", List.of(JSON_LINES.get(0), "", JSON_LINES.get(1).replace("9007199254740993", "\"abc\"")));

        assertThatThrownBy(() -> compare(bad, TABLE))
                .isInstanceOfSatisfying(ExportFileException.class, e -> {
                    assertThat(e.file()).isEqualTo(bad);
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.byteOffset()).isEqualTo(JSON_LINES.get(0).length() + 2);
                    assertThat(e.detail()).isEqualTo("column 'big': cannot read \"abc\" as bigint");
                })
                .hasMessage("File " + bad + ", line 3: column 'big': cannot read \"abc\" as bigint");
    }

    @Test
    void aValueInsideACollectionThatCannotBeCastIsNamedWithItsPlace() throws Exception {
        String bad = file("nested.jsonl", List.of(JSON_LINES.get(1).replace("\"x\": 1", "\"x\": \"one\"")));

        assertThatThrownBy(() -> compare(bad, TABLE))
                .isInstanceOf(ExportFileException.class)
                .hasMessage("File " + bad + ", line 1: column 'attrs{\"x\"}': cannot read \"one\" as int");
    }

    @Test
    void aColumnMissingFromALineOrUnknownToTheTableIsNamed() throws Exception {
        String missing = file("missing.jsonl", List.of(JSON_LINES.get(1), JSON_LINES.get(3).replace(", \"born\": null", "")));
        String unknown = file("unknown.jsonl", List.of(JSON_LINES.get(3).replace("\"born\": null", "\"born\": null, \"age\": 3")));

        assertThatThrownBy(() -> compare(missing, TABLE))
                .isInstanceOf(ExportFileException.class)
                .hasMessage("File " + missing + ", line 2: no column 'born' (write a null value as null)");
        assertThatThrownBy(() -> compare(unknown, TABLE))
                .isInstanceOf(ExportFileException.class)
                .hasMessageStartingWith("File " + unknown + ", line 1: unknown column 'age' (expected the columns id, name, big,");
    }

    @Test
    void aCsvHeaderWithoutAColumnOrALineOfTheWrongWidthIsNamed() throws Exception {
        String noBorn = file("noborn.csv", List.of(CSV_LINES.get(0).replace(",born", ""), "\"\",2,,,,,,,,,,,,,"));
        String narrow = file("narrow.csv", List.of(CSV_LINES.get(0), CSV_LINES.get(2), "1,2"));

        assertThatThrownBy(() -> compare(noBorn, TABLE))
                .isInstanceOf(ExportFileException.class)
                .hasMessageStartingWith("File " + noBorn + ", line 1: header: no column 'born' (expected the columns id,");
        assertThatThrownBy(() -> compare(narrow, TABLE))
                .isInstanceOf(ExportFileException.class)
                .hasMessage("File " + narrow + ", line 3: found 2 values, the header has 16 columns");
    }

    @Test
    void aMissingFileOrTwoFilesAreRefused() throws Exception {
        String json = file("one.jsonl", JSON_LINES);

        assertThatThrownBy(() -> compare(dir.resolve("absent.jsonl").toString(), TABLE))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessage("File not found: " + dir.resolve("absent.jsonl"));
        assertThatThrownBy(() -> compare(json, json))
                .isInstanceOf(MovedataException.class).hasFieldOrPropertyWithValue("kind", ErrorKind.INVALID_INPUT)
                .hasMessageContaining("are files; at least one side must be a table");
    }

    private static ValidationReport compare(String c, String m) {
        return Validator.compare(spark, ValidationSource.parse(c), ValidationSource.parse(m), ValidationOptions.defaults());
    }

    private static String file(String name, List<String> lines) throws Exception {
        return Files.write(dir.resolve(name), lines).toString();
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> map(Object... keysAndValues) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
