package io.movedata.runtime.validate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Values of export files as Spark row values of a column's type. JSON values keep their JSON
 * kinds (arrays, objects, numbers, booleans); CSV cells and JSON strings are text, read the same
 * way for scalar types. The encodings are those of Cassandra's {@code SELECT JSON}: blobs as
 * {@code 0x} hex, map keys as strings, tuples as arrays, timestamps as ISO-8601 text (a space may
 * replace the {@code T}; no offset means UTC) or epoch milliseconds.
 *
 * <p>Used on executors; every failure is a {@link ValueException} naming the place inside the column.
 */
final class ExportValues {
    /** Exact numbers (no double rounding of decimals), NaN and Infinity as Cassandra writes them. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();
    private static final int MAX_SHOWN = 60;

    private ExportValues() {}

    /** A value that does not fit its column's type. */
    static final class ValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String path;

        ValueException(String path, String problem) {
            super(problem);
            this.path = path;
        }

        /** The column, and inside it the element, key or field: {@code tags[2]}, {@code scores{"x"}}, {@code address.city}. */
        String path() {
            return path;
        }
    }

    /** Whether values of this type can be read: the types the cassandra-backup source produces. */
    static boolean readable(DataType type) {
        if (type instanceof ArrayType array) {
            return readable(array.elementType());
        }
        if (type instanceof MapType map) {
            return readable(map.keyType()) && readable(map.valueType());
        }
        if (type instanceof StructType struct) {
            for (StructField field : struct.fields()) {
                if (!readable(field.dataType())) {
                    return false;
                }
            }
            return true;
        }
        return type instanceof StringType || type instanceof BinaryType || type instanceof BooleanType
                || type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType || type instanceof FloatType || type instanceof DoubleType
                || type instanceof DecimalType || type instanceof DateType || type instanceof TimestampType;
    }

    /** Whether the type is a collection or a struct, written as JSON even in a CSV cell. */
    static boolean nested(DataType type) {
        return type instanceof ArrayType || type instanceof MapType || type instanceof StructType;
    }

    /** A JSON value as a value of {@code type}; JSON null is null. */
    static Object fromJson(JsonNode node, DataType type, String path) {
        if (node.isNull()) {
            return null;
        }
        if (type instanceof ArrayType array) {
            if (!node.isArray()) {
                throw mismatch(node, "a JSON array", path);
            }
            List<Object> elements = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                elements.add(fromJson(node.get(i), array.elementType(), path + "[" + i + "]"));
            }
            return CollectionConverters.asScala(elements).toSeq();
        }
        if (type instanceof MapType map) {
            if (!node.isObject()) {
                throw mismatch(node, "a JSON object", path);
            }
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String entryPath = path + "{" + quoted(entry.getKey()) + "}";
                // JSON keys are text: a scalar key's text, or a collection's or struct's JSON, as SELECT JSON writes them.
                entries.put(fromText(entry.getKey(), map.keyType(), entryPath), fromJson(entry.getValue(), map.valueType(), entryPath));
            }
            return CollectionConverters.asScala(entries);
        }
        if (type instanceof StructType struct) {
            return struct(node, struct, path);
        }
        if (node.isTextual()) {
            return fromText(node.textValue(), type, path);
        }
        return scalar(node, type, path);
    }

    /** A CSV cell or a JSON string as a value of {@code type}; nested types are parsed as JSON. */
    static Object fromText(String text, DataType type, String path) {
        try {
            if (nested(type)) {
                return fromJson(parse(text, path), type, path);
            }
            if (type instanceof StringType) {
                return text;
            }
            if (type instanceof BooleanType) {
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(text);
                }
                throw cannotRead(text, type, path, "expected true or false");
            }
            if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType) {
                return integral(new BigInteger(text), type, text, path);
            }
            if (type instanceof DecimalType decimal) {
                return decimal(new BigDecimal(text), decimal, text, path);
            }
            if (type instanceof DoubleType) {
                return Double.parseDouble(text);
            }
            if (type instanceof FloatType) {
                float value = Float.parseFloat(text);
                if (Float.isInfinite(value) && !text.contains("Infinity")) {
                    throw cannotRead(text, type, path, "out of range");
                }
                return value;
            }
            if (type instanceof BinaryType) {
                if (!text.startsWith("0x") || text.length() % 2 != 0) {
                    throw cannotRead(text, type, path, "expected 0x and an even number of hex digits");
                }
                return HexFormat.of().parseHex(text, 2, text.length());
            }
            if (type instanceof DateType) {
                return LocalDate.parse(text);
            }
            if (type instanceof TimestampType) {
                return timestamp(text, path);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw cannotRead(text, type, path, null);
        }
        throw new ValueException(path, "type " + type.simpleString() + " cannot be read from a file");
    }

    /** A JSON value that is neither null, text, an array nor an object, as a scalar of {@code type}. */
    private static Object scalar(JsonNode node, DataType type, String path) {
        if (type instanceof BooleanType && node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType) {
                if (!node.isIntegralNumber()) {
                    throw cannotRead(node.asText(), type, path, "expected an integer");
                }
                return integral(node.bigIntegerValue(), type, node.asText(), path);
            }
            if (type instanceof DecimalType decimal) {
                return decimal(node.decimalValue(), decimal, node.asText(), path);
            }
            if (type instanceof DoubleType || type instanceof FloatType) {
                // NaN and Infinity are double nodes; any other number is exact, so its text rounds once.
                return fromText(node.isDouble() ? Double.toString(node.doubleValue()) : node.numberValue().toString(), type, path);
            }
            if (type instanceof TimestampType && node.isIntegralNumber()) {
                return Instant.ofEpochMilli(node.longValue());
            }
        }
        throw mismatch(node, "a value of type " + type.simpleString(), path);
    }

    /** A struct from a JSON object by field name (absent fields are null), or a tuple from a JSON array. */
    private static Row struct(JsonNode node, StructType struct, String path) {
        StructField[] fields = struct.fields();
        Object[] values = new Object[fields.length];
        if (node.isArray() && tuple(struct)) {
            if (node.size() != fields.length) {
                throw new ValueException(path, "expected a tuple of " + fields.length + " values, found " + node.size());
            }
            for (int i = 0; i < fields.length; i++) {
                values[i] = fromJson(node.get(i), fields[i].dataType(), path + "[" + i + "]");
            }
            return RowFactory.create(values);
        }
        if (!node.isObject()) {
            throw mismatch(node, "a JSON object", path);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int index = indexOf(struct, entry.getKey());
            if (index < 0) {
                throw new ValueException(path, "unknown field '" + entry.getKey() + "'; the fields are "
                        + String.join(", ", struct.fieldNames()));
            }
            values[index] = fromJson(entry.getValue(), fields[index].dataType(), path + "." + entry.getKey());
        }
        return RowFactory.create(values);
    }

    /** Whether the struct is a Cassandra tuple as the source maps it: fields {@code _1 .. _n}. */
    private static boolean tuple(StructType struct) {
        String[] names = struct.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals("_" + (i + 1))) {
                return false;
            }
        }
        return names.length > 0;
    }

    private static int indexOf(StructType struct, String name) {
        String[] names = struct.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode parse(String text, String path) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ValueException(path, "cannot read " + shown(text) + " as JSON: " + e.getOriginalMessage());
        }
    }

    private static Object integral(BigInteger value, DataType type, String text, String path) {
        long min;
        long max;
        if (type instanceof ByteType) {
            min = Byte.MIN_VALUE;
            max = Byte.MAX_VALUE;
        } else if (type instanceof ShortType) {
            min = Short.MIN_VALUE;
            max = Short.MAX_VALUE;
        } else if (type instanceof IntegerType) {
            min = Integer.MIN_VALUE;
            max = Integer.MAX_VALUE;
        } else {
            min = Long.MIN_VALUE;
            max = Long.MAX_VALUE;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw cannotRead(text, type, path, "out of range");
        }
        long exact = value.longValue();
        if (type instanceof ByteType) {
            return (byte) exact;
        }
        if (type instanceof ShortType) {
            return (short) exact;
        }
        return type instanceof IntegerType ? (Object) (int) exact : (Object) exact;
    }

    /** The exact value at the column's scale; one that would need rounding or more digits is refused. */
    private static BigDecimal decimal(BigDecimal value, DecimalType type, String text, String path) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(type.scale());
        } catch (ArithmeticException e) {
            throw cannotRead(text, type, path, "more than " + type.scale() + " digits after the point");
        }
        if (scaled.precision() > type.precision()) {
            throw cannotRead(text, type, path, "more than " + (type.precision() - type.scale()) + " digits before the point");
        }
        return scaled;
    }

    private static Instant timestamp(String text, String path) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        TemporalAccessor parsed = TIMESTAMP.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
        Instant instant = parsed instanceof OffsetDateTime offset ? offset.toInstant()
                : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        if (instant.getNano() % 1000 != 0) {
            throw cannotRead(text, DataTypes.TimestampType, path, "Spark timestamps stop at microseconds");
        }
        return instant;
    }

    private static ValueException mismatch(JsonNode node, String expected, String path) {
        return new ValueException(path, "expected " + expected + ", found " + kind(node) + " " + cut(node.toString()));
    }

    private static ValueException cannotRead(String text, DataType type, String path, String why) {
        return new ValueException(path, "cannot read " + shown(text) + " as " + type.simpleString()
                + (why == null ? "" : ": " + why));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> "a value";
        };
    }

    /** A value as it appears in messages: quoted, cut after {@value #MAX_SHOWN} characters. */
    static String shown(String text) {
        return "\"" + cut(text) + "\"";
    }

    /** JSON as it appears in messages: cut after {@value #MAX_SHOWN} characters. */
    static String cut(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    private static String quoted(String key) {
        return "\"" + key + "\"";
    }
}
