package io.movedata.api;

import java.util.Objects;

import org.apache.spark.sql.Row;

/**
 * A row a {@link GroupTransform} emits, and the output it belongs to.
 *
 * @param output one of the names of {@link GroupTransform#outputs()}
 * @param row a row of that output's schema
 */
public record OutputRow(String output, Row row) {

    public OutputRow {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(row, "row");
    }
}
