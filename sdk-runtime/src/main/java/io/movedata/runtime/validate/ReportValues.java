package io.movedata.runtime.validate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Compared values as report values, in the encoding export files use (so a sample can be pasted
 * into one): maps as JSON objects with text keys, structs as objects, blobs as {@code 0x} hex,
 * timestamps and dates in ISO-8601, decimals without trailing zeros.
 */
final class ReportValues {
    static final ObjectMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private ReportValues() {}

    /** A value of a compared row, in its {@link Normalization normalized} form, as a report value of a column of {@code type}. */
    static Object value(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof MapType map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Object entry : CollectionConverters.asJava((scala.collection.Iterable<?>) value)) {
                Row pair = (Row) entry;
                Object key = value(pair.get(0), map.keyType());
                entries.put(map.keyType() instanceof StringType ? (String) key : text(key), value(pair.get(1), map.valueType()));
            }
            return entries;
        }
        if (type instanceof ArrayType array) {
            List<Object> elements = new ArrayList<>();
            for (Object element : CollectionConverters.asJava((scala.collection.Iterable<?>) value)) {
                elements.add(value(element, array.elementType()));
            }
            return elements;
        }
        if (type instanceof StructType struct) {
            Row row = (Row) value;
            Map<String, Object> fields = new LinkedHashMap<>();
            StructField[] declared = struct.fields();
            for (int i = 0; i < declared.length; i++) {
                fields.put(declared[i].name(), value(row.get(i), declared[i].dataType()));
            }
            return fields;
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Instant || value instanceof java.time.LocalDate || value instanceof java.sql.Date) {
            return value.toString();
        }
        return value;
    }

    /** A report value as one line of text: strings as they are, anything else as compact JSON. */
    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report value cannot be written as JSON: " + value, e);
        }
    }
}
