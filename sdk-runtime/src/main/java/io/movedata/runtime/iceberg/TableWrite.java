package io.movedata.runtime.iceberg;

import java.util.Objects;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.movedata.api.TargetTable;

/**
 * One table to write.
 *
 * @param table the table's identifier in the catalog, {@code namespace.table}; the namespace may
 *        have several levels ({@code a.b.table})
 * @param target what the connector declared for it: schema, partitioning, order, properties
 * @param frame its rows; they must have exactly the target's columns
 * @param replacing the rows the frame replaces, when its connector decides; null when the write
 *        mode does
 */
public record TableWrite(String table, TargetTable target, Dataset<Row> frame, RowReplacement replacing) {
    public TableWrite {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(frame, "frame");
    }

    /** A write whose mode decides which rows the frame replaces. */
    public TableWrite(String table, TargetTable target, Dataset<Row> frame) {
        this(table, target, frame, null);
    }
}
