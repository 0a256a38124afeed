package io.movedata.runtime.util;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which settings hold secrets, by name, and how they are shown: masked. Spark's own redaction
 * ({@code spark.redaction.regex}, {@code (?i)secret|password|token|access[.]?key}) misses Iceberg's
 * {@code s3.access-key-id}, REST catalogs' {@code credential} and session tokens, so movedata
 * extends it with {@link #SPARK_REDACTION_REGEX} and masks by the same rule itself.
 */
public final class Secrets {
    public static final String MASK = "****";
    /**
     * Setting names whose values are secrets. Spark also masks a setting whose value matches, so the
     * words are ones that do not turn up in ordinary values.
     */
    public static final String SPARK_REDACTION_REGEX =
            "(?i)secret|password|passwd|token|credential|access.?key|key.?id|private.?key|authorization";
    private static final Pattern NAME = Pattern.compile(SPARK_REDACTION_REGEX);

    private Secrets() {
    }

    /** Whether a setting of this name holds a secret. */
    public static boolean named(String key) {
        return key != null && NAME.matcher(key).find();
    }

    /** The map with every secret value masked: safe for messages, logs and {@code toString}. */
    public static Map<String, String> masked(Map<String, String> settings) {
        if (settings == null) {
            return null;
        }
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((key, value) -> shown.put(key, named(key) && value != null ? MASK : value));
        return shown;
    }

    /** {@code text} with every occurrence of each secret value replaced by the mask. */
    public static String without(String text, Collection<String> secrets) {
        String shown = text;
        for (String secret : secrets) {
            if (shown != null && secret != null && !secret.isEmpty()) {
                shown = shown.replace(secret, MASK);
            }
        }
        return shown;
    }
}
