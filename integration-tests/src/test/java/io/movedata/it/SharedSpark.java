package io.movedata.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.spark.NioLocalFileSystem;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;

import scala.jdk.javaapi.CollectionConverters;

/** One local[2] Spark session for the whole suite (2 cores), and row formatting for exact comparisons. */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("movedata-integration-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config(NioLocalFileSystem.SPARK_SETTING, NioLocalFileSystem.class.getName())
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }

    /**
     * Options reading {@code table} from a backup in the test S3 endpoint, plus {@code extra}
     * option/value pairs; the map is mutable so a test can add to it.
     */
    static Map<String, String> backupOptions(S3EndpointExtension s3, StoreLocation location, String table, String... extra) {
        Map<String, String> options = new HashMap<>(s3.options());
        options.put("backup", location.toString());
        options.put("table", table);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    /**
     * The rows as sorted strings {@code v1|v2|...}: collections as [..], maps as {k=v} sorted by key,
     * structs as (..), nulls as null. Comparing these compares content exactly.
     */
    public static List<String> rows(Dataset<Row> frame) {
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
            for (Map.Entry<?, ?> e : CollectionConverters.asJava(map).entrySet()) {
                sorted.put(format(e.getKey()), format(e.getValue()));
            }
            return sorted.toString();
        }
        if (value instanceof scala.collection.Iterable<?> seq) {
            List<String> items = new ArrayList<>();
            for (Object item : CollectionConverters.asJava(seq)) {
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
