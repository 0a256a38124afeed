package io.movedata.connector.kv;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scala.jdk.javaapi.CollectionConverters;

/** The connector's outputs, {@code items} and {@code records}: their schemas and rows. */
final class KvOutputs {
    static final String ITEMS = "items";
    static final String RECORDS = "records";

    /** An item without its record id: the element of a record's {@code items}. */
    static final StructType ITEM = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("value_size", DataTypes.LongType)
            .add("content_type", DataTypes.StringType)
            .add("write_time", DataTypes.TimestampType)
            .add("expires_at", DataTypes.TimestampType);

    static final StructType ITEMS_SCHEMA = withId(ITEM);

    static final StructType RECORDS_SCHEMA = new StructType()
            .add("id", DataTypes.StringType)
            .add("item_count", DataTypes.LongType)
            .add("items", DataTypes.createArrayType(ITEM));

    private KvOutputs() {}

    private static StructType withId(StructType item) {
        StructType schema = new StructType().add("id", DataTypes.StringType);
        for (var field : item.fields()) {
            schema = schema.add(field);
        }
        return schema;
    }

    /** An item's fields, in {@link #ITEM} order. */
    static Object[] item(byte[] key, byte[] value, ValueMetadata metadata, long writeTimeMicros) {
        return new Object[] {key, value, (long) value.length, metadata == null ? null : metadata.contentType(),
                timestamp(writeTimeMicros), metadata == null || metadata.expiresAt() == null ? null
                : Timestamp.from(metadata.expiresAt())};
    }

    static Row itemsRow(String id, Object[] item) {
        Object[] fields = new Object[item.length + 1];
        fields[0] = id;
        System.arraycopy(item, 0, fields, 1, item.length);
        return RowFactory.create(fields);
    }

    static Row recordsRow(String id, List<Row> items) {
        // Spark's row encoder takes a Scala Seq for an array column, not a java.util.List.
        return RowFactory.create(id, (long) items.size(), CollectionConverters.asScala(items).toSeq());
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
}
