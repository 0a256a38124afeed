package io.movedata.connector.timeseries;

import java.io.Serializable;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.spark.sql.Row;

import io.movedata.connector.kv.CorruptValueException;
import io.movedata.connector.kv.ValueMetadata;

/**
 * An item row's value in the key-value connector's encoding ({@link ValueMetadata}): decompressed
 * and checked; gone when its metadata's expiry is at or before the reference time. A slice has no
 * chunks table, so metadata saying the value is in chunks makes the item corrupt.
 */
final class ItemValues implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SliceColumns columns;
    private final Instant referenceTime;
    private final CorruptItems corrupt;

    ItemValues(SliceColumns columns, Instant referenceTime, CorruptItems corrupt) {
        this.columns = columns;
        this.referenceTime = referenceTime;
        this.corrupt = corrupt;
    }

    /**
     * The value of the item row, or null when it has expired or is corrupt and left out.
     *
     * @param item the item, as {@link EventItem#describe} names it, for a corrupt one
     */
    byte[] value(Row row, Supplier<String> item) {
        byte[] stored = row.isNullAt(columns.value()) ? new byte[0] : (byte[]) row.get(columns.value());
        if (row.isNullAt(columns.metadata())) {
            return stored;
        }
        try {
            ValueMetadata metadata = ValueMetadata.decode((byte[]) row.get(columns.metadata()));
            if (metadata.expiresAt() != null && !metadata.expiresAt().isAfter(referenceTime)) {
                return null;
            }
            if (metadata.isChunked()) {
                throw new CorruptValueException("value_metadata says the value is in " + metadata.chunkCount()
                        + " chunks, but a time-series slice has no chunks table");
            }
            return metadata.decodeValue(stored);
        } catch (CorruptValueException e) {
            corrupt.found(item.get(), e.getMessage());
            return null;
        }
    }
}
