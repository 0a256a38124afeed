package io.movedata.it.truth;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.movedata.connector.kv.ValueMetadata;

/**
 * A time-series namespace's events as its own readers see them, computed from what a live node
 * returns: the slices table's rows of the namespace, then {@code SELECT *} (with write times) of each
 * slice table, item values decoded with the key-value encoding and left out when their metadata
 * expiry has passed, items grouped into events by {@code (time_series_id, event_time, event_id)}.
 * Written from the model (docs/connectors/timeseries.md), not from the connector's code.
 */
final class TsReadPath {
    private TsReadPath() {}

    /** The events as sorted lines {@code series|event millis|id|{key=hex, ...}|write micros}, as the tests print a moved table. */
    static List<String> events(CqlSession session, String keyspace, String namespace, Instant referenceTime) {
        Map<String, TreeMap<String, String>> items = new TreeMap<>();
        Map<String, Long> writeTimes = new TreeMap<>();
        for (Row slice : select(session, "SELECT table_name FROM " + keyspace + "." + namespace + "_slices WHERE namespace = '"
                + namespace + "'")) {
            for (Row row : select(session, "SELECT time_series_id, event_time, event_id, event_item_key, event_item_value, "
                    + "value_metadata, writetime(event_item_value), writetime(value_metadata) FROM " + keyspace + "."
                    + slice.getString(0))) {
                byte[] stored = bytes(row.getByteBuffer(4));
                byte[] metadata = bytes(row.getByteBuffer(5));
                if (metadata != null) {
                    Instant expiry = ValueMetadata.decode(metadata).expiresAt();
                    if (expiry != null && !expiry.isAfter(referenceTime)) {
                        continue;
                    }
                }
                byte[] value = ValueMetadata.decodeStored(stored == null ? new byte[0] : stored, metadata);
                String event = String.join("|", row.getString(0), Long.toString(row.getInstant(1).toEpochMilli()), row.getString(2));
                items.computeIfAbsent(event, e -> new TreeMap<>()).put(row.getString(3), HexFormat.of().formatHex(value));
                long writeTime = Math.max(row.isNull(6) ? Long.MIN_VALUE : row.getLong(6), row.isNull(7) ? Long.MIN_VALUE : row.getLong(7));
                writeTimes.merge(event, writeTime, Math::max);
            }
        }
        List<String> lines = new ArrayList<>();
        items.forEach((event, values) -> lines.add(event + "|" + values + "|" + writeTimes.get(event)));
        lines.sort(null);
        return lines;
    }

    private static List<Row> select(CqlSession session, String cql) {
        return session.execute(SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.ONE)).all();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
