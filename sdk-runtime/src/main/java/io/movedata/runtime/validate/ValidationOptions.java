package io.movedata.runtime.validate;

import java.util.List;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * How {@link Validator} compares two sides.
 *
 * @param keyColumns the columns that identify a row, so that a row of C and a row of M with the same
 *        key but other values are reported as one changed row; null for the default: the columns
 *        whose field metadata {@code key_role} (or Iceberg column doc, as movedata writes it) says
 *        {@code partition_key} or {@code clustering}, else none. An empty list means no key.
 * @param ignoredColumns columns left out of the comparison, for example {@code _row_writetime};
 *        each must exist on at least one side
 * @param sampleSize the most rows reported of each kind of difference
 */
public record ValidationOptions(List<String> keyColumns, List<String> ignoredColumns, int sampleSize) {
    /** Samples of each kind of difference unless said otherwise. */
    public static final int DEFAULT_SAMPLE_SIZE = 10;

    /**
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the sample size is negative
     */
    public ValidationOptions {
        keyColumns = keyColumns == null ? null : List.copyOf(keyColumns);
        ignoredColumns = ignoredColumns == null ? List.of() : List.copyOf(ignoredColumns);
        if (sampleSize < 0) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "The sample size must be 0 or more, found " + sampleSize);
        }
    }

    /** Keys from the schema, nothing ignored, {@value #DEFAULT_SAMPLE_SIZE} samples. */
    public static ValidationOptions defaults() {
        return new ValidationOptions(null, List.of(), DEFAULT_SAMPLE_SIZE);
    }

    /** These options with other key columns (null: from the schema). */
    public ValidationOptions withKeyColumns(List<String> keys) {
        return new ValidationOptions(keys, ignoredColumns, sampleSize);
    }

    /** These options with other ignored columns. */
    public ValidationOptions withIgnoredColumns(List<String> ignored) {
        return new ValidationOptions(keyColumns, ignored, sampleSize);
    }

    /** These options with another sample size. */
    public ValidationOptions withSampleSize(int size) {
        return new ValidationOptions(keyColumns, ignoredColumns, size);
    }
}
