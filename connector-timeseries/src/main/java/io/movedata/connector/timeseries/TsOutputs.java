package io.movedata.connector.timeseries;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scala.jdk.javaapi.CollectionConverters;

/** The connector's outputs, {@code events} (wide) and {@code event_items} (long): their schemas and rows. */
final class TsOutputs {
    static final String EVENTS = "events";
    static final String EVENT_ITEMS = "event_items";

    static final StructType EVENTS_SCHEMA = new StructType()
            .add("time_series_id", DataTypes.StringType)
            .add("event_time", DataTypes.TimestampType)
            .add("event_id", DataTypes.StringType)
            .add("items", DataTypes.createMapType(DataTypes.StringType, DataTypes.BinaryType))
            .add("write_time", DataTypes.TimestampType);

    static final StructType EVENT_ITEMS_SCHEMA = new StructType()
            .add("time_series_id", DataTypes.StringType)
            .add("event_time", DataTypes.TimestampType)
            .add("event_id", DataTypes.StringType)
            .add("event_item_key", DataTypes.StringType)
            .add("event_item_value", DataTypes.BinaryType)
            .add("write_time", DataTypes.TimestampType);

    private TsOutputs() {}

    /** The schema of output {@link #EVENTS} or {@link #EVENT_ITEMS}. */
    static StructType schema(String output) {
        return output.equals(EVENTS) ? EVENTS_SCHEMA : EVENT_ITEMS_SCHEMA;
    }

    static Row event(String series, long eventTimeMillis, String eventId, Map<String, byte[]> items, long writeTimeMicros) {
        // Spark's row encoder takes a Scala Map for a map column, not a java.util.Map.
        return RowFactory.create(series, new Timestamp(eventTimeMillis), eventId,
                CollectionConverters.asScala(items), timestamp(writeTimeMicros));
    }

    /** {@link #event} with {@link Instant}s for its timestamps, for the row encoder of a session using them ({@link #instants}). */
    static Row eventOfInstants(String series, long eventTimeMillis, String eventId, Map<String, byte[]> items,
                               long writeTimeMicros) {
        return RowFactory.create(series, Instant.ofEpochMilli(eventTimeMillis), eventId,
                CollectionConverters.asScala(items), timestamp(writeTimeMicros).toInstant());
    }

    /**
     * Whether the session encodes timestamp columns as {@link Instant}s rather than {@link Timestamp}s:
     * {@code movedata run} turns that on, and a row encoder refuses the other kind. (The runtime's
     * cogroup takes either; the connector's own encoders do not.)
     */
    static boolean instants(Dataset<Row> frame) {
        return Boolean.parseBoolean(frame.sparkSession().conf().get("spark.sql.datetime.java8API.enabled", "false"));
    }

    static Row item(String series, long eventTimeMillis, String eventId, String key, byte[] value, long writeTimeMicros) {
        return RowFactory.create(series, new Timestamp(eventTimeMillis), eventId, key, value, timestamp(writeTimeMicros));
    }

    /** A Spark timestamp, to the microsecond. */
    static Timestamp timestamp(long micros) {
        return Timestamp.from(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1_000L)));
    }

    /** Microseconds since the epoch of a Spark timestamp, as rows carry it (Timestamp, or Instant with the Java 8 API). */
    static long micros(Object timestamp) {
        Instant instant = timestamp instanceof Timestamp t ? t.toInstant() : (Instant) timestamp;
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** Milliseconds since the epoch of a Spark timestamp read from a Cassandra {@code timestamp} (millisecond precision). */
    static long millis(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.getTime() : ((Instant) timestamp).toEpochMilli();
    }
}
