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
 */
public record TableWrite(String table, TargetTable target, Dataset<Row> frame) {
    public TableWrite {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(frame, "frame");
    }
}
