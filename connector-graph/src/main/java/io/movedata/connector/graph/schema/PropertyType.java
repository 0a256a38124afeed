package io.movedata.connector.graph.schema;

import java.util.regex.Pattern;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The type of a node or edge property, and the text its stored value must be: a value is the
 * UTF-8 of that text (decoded from the key-value encoding first; bytes that are not UTF-8 are of no type). The formats are those Java's
 * {@code Long.toString}, {@code Double.toString} and {@code Instant.toString} write, and JSON's
 * numbers and booleans, and nothing looser: a value that needs guessing is not of its type.
 */
public enum PropertyType {
    /** Any UTF-8 text, the empty text included. */
    STRING(DataTypes.StringType, "UTF-8 text") {
        @Override
        public Object parse(String text) {
            return text;
        }
    },
    /** An optional {@code -} and decimal digits without leading zeros, within 64 bits: {@code 42}, {@code -7}, {@code 0}. */
    LONG(DataTypes.LongType, "a decimal integer of 64 bits (e.g. -42)") {
        @Override
        public Object parse(String text) {
            if (!INTEGER.matcher(text).matches()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null; // out of range
            }
        }
    },
    /**
     * A JSON number ({@code 3}, {@code -0.5}, {@code 1.0E10}), or {@code NaN}, {@code Infinity},
     * {@code -Infinity}; read as the nearest double. A number beyond the range of a double is
     * refused, not read as an infinity or as zero: {@code 1e400}, {@code 1e-400}.
     */
    DOUBLE(DataTypes.DoubleType, "a number such as -0.5 or 1.0E10, or NaN, Infinity, -Infinity") {
        @Override
        public Object parse(String text) {
            if (SPECIAL_DOUBLE.matcher(text).matches()) {
                return Double.parseDouble(text);
            }
            if (!NUMBER.matcher(text).matches()) {
                return null;
            }
            double value = Double.parseDouble(text);
            boolean overflows = Double.isInfinite(value);
            boolean underflows = value == 0.0 && !ZERO.matcher(text).matches();
            return overflows || underflows ? null : value;
        }
    },
    /** {@code true} or {@code false}, in lower case. */
    BOOLEAN(DataTypes.BooleanType, "true or false") {
        @Override
        public Object parse(String text) {
            return switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            };
        }
    },
    /**
     * An ISO-8601 instant to the second or to the microsecond, with {@code Z} or an offset:
     * {@code 2026-01-01T10:15:30Z}, {@code 2026-01-01T10:15:30.123456+02:00}. More than six
     * fractional digits do not fit a timestamp column (microseconds) and are refused, not rounded.
     */
    TIMESTAMP(DataTypes.TimestampType, "an ISO-8601 instant such as 2026-01-01T10:15:30.123456Z") {
        @Override
        public Object parse(String text) {
            return Instants.parse(text);
        }
    };

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** A number whose digits are all zeros: {@code 0}, {@code -0.00E5}. */
    private static final Pattern ZERO = Pattern.compile("-?0(\\.0+)?([eE][+-]?[0-9]+)?");
    private static final Pattern SPECIAL_DOUBLE = Pattern.compile("NaN|-?Infinity");

    private final DataType sparkType;
    private final String format;

    PropertyType(DataType sparkType, String format) {
        this.sparkType = sparkType;
        this.format = format;
    }

    /** The column type of the property in the Iceberg tables. */
    public DataType sparkType() {
        return sparkType;
    }

    /** The text a value must be, for messages: e.g. {@code true or false}. */
    public String format() {
        return format;
    }

    /**
     * The value {@code text} is, as a Spark row holds it (String, Long, Double, Boolean,
     * java.time.Instant), or null when it is not of this type.
     */
    public abstract Object parse(String text);
}
