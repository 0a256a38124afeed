package io.movedata.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark row values as text, the way {@code Dataset.show} writes them: arrays {@code [a, b]}, maps
 * {@code {k -> v}}, structs {@code {a, b}}, binary as hex {@code 0x0a1b}, decimals without exponent,
 * timestamps and dates in ISO-8601, null as {@code null}.
 */
final class Cells {
    private Cells() {}

    static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Row struct) {
            List<String> fields = new ArrayList<>(struct.size());
            for (int i = 0; i < struct.size(); i++) {
                fields.add(text(struct.get(i)));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : CollectionConverters.asJava(map).entrySet()) {
                entries.add(text(e.getKey()) + " -> " + text(e.getValue()));
            }
            return "{" + String.join(", ", entries) + "}";
        }
        if (value instanceof scala.collection.Iterable<?> items) {
            List<String> texts = new ArrayList<>();
            for (Object item : CollectionConverters.asJava(items)) {
                texts.add(text(item));
            }
            return "[" + String.join(", ", texts) + "]";
        }
        return value.toString();
    }
}
