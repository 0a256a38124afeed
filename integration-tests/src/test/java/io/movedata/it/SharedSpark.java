package io.movedata.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import scala.collection.JavaConverters;

/** One local[2] Spark session for the whole suite (2 cores), and row formatting for exact comparisons. */
final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("movedata-integration-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }

    /**
     * The rows as sorted strings {@code v1|v2|...}: collections as [..], maps as {k=v} sorted by key,
     * structs as (..), nulls as null. Comparing these compares content exactly.
     */
    static List<String> rows(Dataset<Row> frame) {
        List<String> result = new ArrayList<>();
        for (Row row : frame.collectAsList()) {
            result.add(format(row, "|"));
        }
        Collections.sort(result);
        return result;
    }

    private static String format(Row row, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(format(row.get(i)));
        }
        return sb.toString();
    }

    private static String format(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Row struct) {
            return "(" + format(struct, ",") + ")";
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : JavaConverters.mapAsJavaMap(map).entrySet()) {
                sorted.put(format(e.getKey()), format(e.getValue()));
            }
            return sorted.toString();
        }
        if (value instanceof scala.collection.Iterable<?> seq) {
            List<String> items = new ArrayList<>();
            for (Object item : JavaConverters.asJavaIterable(seq)) {
                items.add(format(item));
            }
            return items.toString();
        }
        if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("0x");
            for (byte b : bytes) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
        return value.toString();
    }
}
