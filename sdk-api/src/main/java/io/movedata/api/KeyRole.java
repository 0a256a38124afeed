package io.movedata.api;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A column's role in its Cassandra table, as the {@link ColumnMetadataKeys#KEY_ROLE} metadata of
 * every column read from a backup says it.
 */
public enum KeyRole {
    PARTITION_KEY("partition_key"),
    CLUSTERING("clustering"),
    STATIC("static"),
    REGULAR("regular"),
    /** A column movedata adds: write time, TTL or expiry ({@link MetadataColumns}). */
    METADATA("metadata");

    private final String value;

    KeyRole(String value) {
        this.value = value;
    }

    /** The value of {@link ColumnMetadataKeys#KEY_ROLE}: {@code partition_key}, {@code clustering}, .... */
    public String value() {
        return value;
    }

    /** The role a metadata value names, if it names one. */
    public static Optional<KeyRole> of(String value) {
        return Arrays.stream(values()).filter(role -> role.value.equals(value)).findFirst();
    }

    /** The field's role; empty for a field without {@link ColumnMetadataKeys#KEY_ROLE} (not read from a backup). */
    public static Optional<KeyRole> of(StructField field) {
        return field.metadata().contains(ColumnMetadataKeys.KEY_ROLE)
                ? of(field.metadata().getString(ColumnMetadataKeys.KEY_ROLE)) : Optional.empty();
    }

    /**
     * The frame's columns of this role, in key order ({@link ColumnMetadataKeys#KEY_POSITION}) for
     * the partition key and clustering columns, else in the frame's order. For
     * {@link #PARTITION_KEY}: the columns that together say which Cassandra partition a row is of.
     */
    public List<StructField> columns(StructType schema) {
        Comparator<StructField> order = this == PARTITION_KEY || this == CLUSTERING
                ? Comparator.comparingLong(field -> field.metadata().getLong(ColumnMetadataKeys.KEY_POSITION))
                : (a, b) -> 0;
        return Arrays.stream(schema.fields()).filter(field -> of(field).orElse(null) == this).sorted(order).toList();
    }
}
