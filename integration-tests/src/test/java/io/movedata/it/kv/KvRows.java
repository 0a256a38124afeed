package io.movedata.it.kv;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.movedata.it.SharedSpark;

/**
 * The key-value tests' exact comparison of moved tables: one line per item or record, keys in hex,
 * values by their SHA-256 (a multi-MB value stays one short, exact field), times as epoch numbers
 * (whatever the session's timestamp API).
 */
public final class KvRows {
    private KvRows() {}

    /** The sorted lines of an {@code items} table: {@code id|KEYHEX|sha256|value_size|content_type|write micros|expiry millis}. */
    public static List<String> items(Dataset<Row> items) {
        return SharedSpark.rows(items.selectExpr("id", "hex(key)", "sha2(value, 256)", "value_size", "content_type",
                "unix_micros(write_time)", "unix_millis(expires_at)"));
    }

    /** The line {@link #items} gives an item. */
    public static String item(String id, byte[] key, byte[] value, String contentType, long writeTimeMicros, Long expiresAtMillis) {
        return String.join("|", id, hex(key), sha256(value), Long.toString(value.length), String.valueOf(contentType),
                Long.toString(writeTimeMicros), String.valueOf(expiresAtMillis));
    }

    /** The sorted lines of a {@code records} table: {@code id|item_count|[keys in hex]|[values' sha256]}, in the array's order. */
    public static List<String> records(Dataset<Row> records) {
        return SharedSpark.rows(records.selectExpr("id", "item_count", "transform(items, i -> hex(i.key))",
                "transform(items, i -> sha2(i.value, 256))"));
    }

    /** The line {@link #records} gives a record of these keys and values, in order. */
    public static String record(String id, List<byte[]> keys, List<byte[]> values) {
        return id + "|" + keys.size() + "|" + keys.stream().map(KvRows::hex).toList() + "|"
                + values.stream().map(KvRows::sha256).toList();
    }

    /** Upper-case hex, as Spark's {@code hex} writes it. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** Lower-case hex of the SHA-256, as Spark's {@code sha2(.., 256)} writes it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
