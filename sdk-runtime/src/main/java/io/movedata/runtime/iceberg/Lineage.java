package io.movedata.runtime.iceberg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a snapshot's rows come from, recorded in its summary under {@code movedata.<key>}: the
 * backup, the source table, the connector, and so on. The fingerprint identifies "the same
 * movement of the same backup": a table whose snapshot already carries it is not written again.
 *
 * @param fingerprint computed by the caller; opaque here
 * @param properties the other lineage entries, without the {@code movedata.} prefix
 */
public record Lineage(String fingerprint, Map<String, String> properties) {
    static final String PREFIX = "movedata.";
    static final String FINGERPRINT_KEY = PREFIX + "fingerprint";
    /** Where a connector's own entries go ({@link RowReplacement#lineage}). */
    static final String CONNECTOR_PREFIX = PREFIX + "connector.";

    /**
     * @throws IllegalArgumentException when the fingerprint is blank, a property has no value, or a
     *         property is named {@code fingerprint}
     */
    public Lineage {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("A lineage needs a fingerprint, found '" + fingerprint + "'");
        }
        Objects.requireNonNull(properties, "properties");
        properties.forEach((key, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("Lineage property '" + key + "' has no value");
            }
        });
        if (properties.containsKey("fingerprint")) {
            throw new IllegalArgumentException("Lineage property 'fingerprint' would hide the lineage's fingerprint '"
                    + fingerprint + "'");
        }
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** The snapshot summary entries: {@code movedata.fingerprint} and every property prefixed {@code movedata.}. */
    public Map<String, String> summary() {
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put(FINGERPRINT_KEY, fingerprint);
        properties.forEach((key, value) -> summary.put(PREFIX + key, value));
        return Collections.unmodifiableMap(summary);
    }

    /**
     * {@link #summary()} and a connector's own entries, each as {@code movedata.connector.<key>}.
     *
     * @throws IllegalArgumentException naming the first entry that would replace one of the run's
     *         own, such as {@code version} ({@code movedata.connector.version})
     */
    public Map<String, String> summary(Map<String, String> connectorEntries) {
        Map<String, String> summary = new LinkedHashMap<>(summary());
        new TreeMap<>(connectorEntries).forEach((key, value) -> {
            if (summary.putIfAbsent(CONNECTOR_PREFIX + key, value) != null) {
                throw new IllegalArgumentException("lineage entry '" + key + "', which would replace the movement's own "
                        + CONNECTOR_PREFIX + key);
            }
        });
        return Collections.unmodifiableMap(summary);
    }
}
