package io.movedata.runtime.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import scala.jdk.javaapi.CollectionConverters;

/** The value encodings of export files, one cell at a time, and CSV lines. */
class ExportValuesTest {

    @Test
    void timestampsAreIsoWithAnyCassandraOffsetFormOrEpochMilliseconds() {
        Instant expected = Instant.parse("2024-05-01T10:00:00.123Z");
        for (String text : List.of("2024-05-01T10:00:00.123Z", "2024-05-01 10:00:00.123Z", "2024-05-01 12:00:00.123+0200",
                "2024-05-01T12:00:00.123+02:00", "2024-05-01T12:00:00.123+02", "2024-05-01T10:00:00.123")) {
            assertThat(ExportValues.fromText(text, DataTypes.TimestampType, "at")).as(text).isEqualTo(expected);
        }
        assertThat(json("1714557600123", DataTypes.TimestampType)).isEqualTo(expected);
        assertThatThrownBy(() -> ExportValues.fromText("2024-05-01T10:00:00.123456789Z", DataTypes.TimestampType, "at"))
                .hasMessage("cannot read \"2024-05-01T10:00:00.123456789Z\" as timestamp: Spark timestamps stop at microseconds");
    }

    @Test
    void blobsAreHexAfter0x() {
        assertThat((byte[]) ExportValues.fromText("0x00ff10", DataTypes.BinaryType, "b")).containsExactly(0, -1, 16);
        assertThat((byte[]) ExportValues.fromText("0x", DataTypes.BinaryType, "b")).isEmpty();
        assertThatThrownBy(() -> ExportValues.fromText("AP8Q", DataTypes.BinaryType, "b"))
                .hasMessage("cannot read \"AP8Q\" as binary: expected 0x and an even number of hex digits");
    }

    @Test
    void numbersAreExactAndOutOfRangeOrRoundedValuesAreRefused() {
        assertThat(json("9223372036854775807", DataTypes.LongType)).isEqualTo(Long.MAX_VALUE);
        assertThat(json("\"12\"", DataTypes.ShortType)).isEqualTo((short) 12);
        assertThat(json("0.1", DataTypes.DoubleType)).isEqualTo(0.1);
        assertThat(json("NaN", DataTypes.DoubleType)).isEqualTo(Double.NaN);
        assertThat(json("\"-Infinity\"", DataTypes.FloatType)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(json("12.5", DataTypes.createDecimalType(10, 2))).isEqualTo(new BigDecimal("12.50"));
        assertThatThrownBy(() -> json("2147483648", DataTypes.IntegerType))
                .hasMessage("cannot read \"2147483648\" as int: out of range");
        assertThatThrownBy(() -> json("1.5", DataTypes.IntegerType)).hasMessage("cannot read \"1.5\" as int: expected an integer");
        assertThatThrownBy(() -> json("12.345", DataTypes.createDecimalType(10, 2)))
                .hasMessage("cannot read \"12.345\" as decimal(10,2): more than 2 digits after the point");
        assertThatThrownBy(() -> json("123456789", DataTypes.createDecimalType(10, 2)))
                .hasMessage("cannot read \"123456789\" as decimal(10,2): more than 8 digits before the point");
        assertThatThrownBy(() -> json("1e50", DataTypes.FloatType)).hasMessage("cannot read \"1E+50\" as float: out of range");
    }

    @Test
    void mapKeysAreTextTuplesArraysAndUserTypesObjectsByFieldName() {
        Object scores = json("{\"2\": \"two\", \"1\": \"one\"}", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType));
        StructType tuple = new StructType().add("_1", DataTypes.IntegerType).add("_2", DataTypes.StringType);
        StructType address = new StructType().add("street", DataTypes.StringType).add("zip", DataTypes.IntegerType);

        assertThat(CollectionConverters.asJava((scala.collection.Map<?, ?>) scores)).isEqualTo(Map.of(1, "one", 2, "two"));
        assertThat(json("[1, \"p\"]", tuple)).isEqualTo(RowFactory.create(1, "p"));
        assertThat(json("{\"_2\": \"p\"}", tuple)).isEqualTo(RowFactory.create(null, "p"));
        assertThat(json("{\"zip\": 1234}", address)).isEqualTo(RowFactory.create(null, 1234));
        assertThatThrownBy(() -> json("{\"city\": \"x\"}", address)).isInstanceOf(ExportValues.ValueException.class)
                .hasMessage("unknown field 'city'; the fields are street, zip");
        assertThatThrownBy(() -> json("[1]", tuple)).hasMessage("expected a tuple of 2 values, found 1");
    }

    @Test
    void aFailureInsideAColumnNamesItsPlace() {
        DataType nested = DataTypes.createArrayType(DataTypes.createMapType(DataTypes.StringType,
                new StructType().add("n", DataTypes.IntegerType)));

        assertThatThrownBy(() -> json("[{}, {\"k\": {\"n\": true}}]", nested))
                .isInstanceOfSatisfying(ExportValues.ValueException.class, e -> assertThat(e.path()).isEqualTo("c[1]{\"k\"}.n"))
                .hasMessage("expected a value of type int, found a boolean true");
        assertThatThrownBy(() -> json("5", DataTypes.StringType)).hasMessage("expected a value of type string, found a number 5");
    }

    @Test
    void csvCellsMayBeQuotedWithCommasAndDoubledQuotesAndEmptyUnquotedIsNull() {
        List<CsvLine.Cell> cells = CsvLine.parse("1,\"a, \"\"b\"\"\",,\"\",x");

        assertThat(cells).extracting(CsvLine.Cell::text).containsExactly("1", "a, \"b\"", "", "", "x");
        assertThat(cells).extracting(CsvLine.Cell::isNull).containsExactly(false, false, true, false, false);
        assertThatThrownBy(() -> CsvLine.parse("1,\"open")).hasMessage("the quote opened at character 3 is not closed "
                + "(a value cannot span lines)");
        assertThatThrownBy(() -> CsvLine.parse("\"a\"b,c")).hasMessage("unexpected text after the quoted value at character 4");
    }

    private static Object json(String json, DataType type) {
        try {
            return ExportValues.fromJson(ExportValues.JSON.readTree(json), type, "c");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
