package io.movedata.api;

import java.util.Objects;

import org.apache.spark.sql.Row;

/**
 * A row a {@link GroupTransform} emits, and the output it belongs to.
 *
 * <p>Not yet stable ({@link Unstable}), as {@link GroupTransform} is.
 *
 * @param output one of the names of {@link GroupTransform#outputs()}
 * @param row a row of that output's schema
 */
@Unstable
public record OutputRow(String output, Row row) {

    public OutputRow {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(row, "row");
    }
}
