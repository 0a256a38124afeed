package io.movedata.runtime.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.store.ReportFiles;
import io.movedata.runtime.store.WritableDirectory;

/**
 * What a comparison of C (the truth) with M (what movedata produced) found, written as JSON and
 * summarized for people. Rows are compared as multisets: a row twice in C and once in M is one
 * row of C − M.
 *
 * <p>Each differing row falls in one kind: a <em>changed</em> row has a key (see
 * {@link ValidationOptions#keyColumns}) found in both C − M and M − C, and is reported once with its
 * differing columns; a row <em>missing from M</em> is in C only, a row <em>extra in M</em> in M
 * only; a <em>duplicated</em> row is in both, a different number of times.
 *
 * @param validationId unique per comparison
 * @param outcome {@code EQUAL} when both differences are empty
 * @param c what C is (a table with its version, a file), or null for a Dataset
 * @param m what M is, or null for a Dataset
 * @param columns the compared columns, in C's order
 * @param keyColumns the key columns (empty: none, so no row is reported as changed)
 * @param ignoredColumns the columns left out
 * @param counts how many rows of each kind
 * @param changed up to the sample size of changed keys, in key order
 * @param missingFromM up to the sample size of rows in C only, in key order
 * @param extraInM up to the sample size of rows in M only, in key order
 * @param duplicated up to the sample size of rows in both, a different number of times
 * @param startedAt ISO-8601 instant
 * @param finishedAt ISO-8601 instant
 * @param phaseMillis {@code compare} (reading both sides and counting every row: one Spark job),
 *        {@code samples} (classifying the differences and collecting samples), {@code total}
 * @param reportPath where this report was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationReport(String validationId, Outcome outcome, String c, String m, List<String> columns,
                               List<String> keyColumns, List<String> ignoredColumns, Counts counts,
                               List<ChangedRow> changed, List<RowSample> missingFromM, List<RowSample> extraInM,
                               List<RowSample> duplicated, String startedAt, String finishedAt,
                               Map<String, Long> phaseMillis, String reportPath) {

    /** Whether C and M hold the same rows. */
    public enum Outcome {
        /** The same rows, each as many times. */
        EQUAL,
        /** At least one row differs. */
        DIFFERENT
    }

    /**
     * @param rowsInC rows of C
     * @param rowsInM rows of M
     * @param cMinusM rows of C not matched by a row of M (multiset difference C − M)
     * @param mMinusC rows of M not matched by a row of C
     * @param changedKeys keys with rows in both differences
     * @param missingFromM rows in C only, under keys M lacks (or all of them without a key), counted with multiplicity
     * @param extraInM rows in M only, under keys C lacks, counted with multiplicity
     * @param duplicatedRows distinct rows in both C and M, a different number of times
     */
    public record Counts(long rowsInC, long rowsInM, long cMinusM, long mMinusC, long changedKeys, long missingFromM,
                         long extraInM, long duplicatedRows) {}

    /**
     * A key whose rows differ.
     *
     * @param key the key columns and their values
     * @param columns each column whose value differs, between the first row of C − M and the first
     *        row of M − C with this key
     * @param rowsInC rows of C − M with this key (1 for a unique key)
     * @param rowsInM rows of M − C with this key
     */
    public record ChangedRow(Map<String, Object> key, List<ColumnChange> columns, long rowsInC, long rowsInM) {}

    /**
     * @param column the column
     * @param c its value in C
     * @param m its value in M
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ColumnChange(String column, Object c, Object m) {}

    /**
     * @param row every compared column and its value
     * @param inC how many times the row is in C
     * @param inM how many times the row is in M
     */
    public record RowSample(Map<String, Object> row, long inC, long inM) {}

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Reads a report written by {@link #write}. */
    public static ValidationReport read(Path file) {
        return ReportFiles.read(JSON, file, ValidationReport.class, "validation report");
    }

    /**
     * Writes this report as JSON, returning it with its path: to {@code target} when it ends in
     * {@code .json}, else into the directory {@code target} as
     * {@code validation-<start>-<id>.json}. Missing directories are created.
     */
    public ValidationReport write(Path target) {
        Path file = target;
        if (!isFile(target)) {
            file = ReportFiles.named(target, "validation", startedAt, validationId);
        }
        ValidationReport located = new ValidationReport(validationId, outcome, c, m, columns, keyColumns, ignoredColumns,
                counts, changed, missingFromM, extraInM, duplicated, startedAt, finishedAt, phaseMillis, file.toString());
        try {
            ReportFiles.write(JSON, file, located);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the validation report " + file, e);
        }
        return located;
    }

    /**
     * Checks, before a comparison starts, that {@link #write} will be able to write to {@code target},
     * so a comparison is not run only to fail at its end.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) naming the target and why it cannot be written
     */
    public static void checkWritable(Path target) {
        Path directory = isFile(target) ? target.toAbsolutePath().getParent() : target;
        if (isFile(target) && Files.isDirectory(target)) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Cannot write the validation report to " + target
                    + ": it is a directory; give a file ending in .json or a directory without that ending");
        }
        WritableDirectory.problem(directory).ifPresent(problem -> {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Cannot write the validation report to " + target + ": " + problem);
        });
    }

    private static boolean isFile(Path target) {
        return target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** A report value as one line of text: strings as they are, anything else as compact JSON. */
    public static String text(Object value) {
        return ReportValues.text(value);
    }

    /** A few lines for people: outcome, both sides, the counts of each kind of difference, where the report is. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("validation ").append(validationId).append(": ").append(outcome);
        Long total = phaseMillis == null ? null : phaseMillis.get("total");
        if (total != null) {
            sb.append(String.format(Locale.ROOT, " in %.1f s", total / 1000.0));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "  C           %s: %,d rows%n", c == null ? "dataset" : c, counts.rowsInC()));
        sb.append(String.format(Locale.ROOT, "  M           %s: %,d rows%n", m == null ? "dataset" : m, counts.rowsInM()));
        sb.append("  columns     ").append(String.join(", ", columns));
        sb.append(keyColumns.isEmpty() ? "; no key" : "; key " + String.join(", ", keyColumns));
        if (!ignoredColumns.isEmpty()) {
            sb.append("; ignored ").append(String.join(", ", ignoredColumns));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "  C - M       %,d rows%n", counts.cMinusM()));
        sb.append(String.format(Locale.ROOT, "  M - C       %,d rows%n", counts.mMinusC()));
        if (outcome == Outcome.DIFFERENT) {
            sb.append(String.format(Locale.ROOT, "  changed     %,d %s%n", counts.changedKeys(),
                    counts.changedKeys() == 1 ? "key" : "keys"));
            sb.append(String.format(Locale.ROOT, "  missing     %,d %s in C, not in M%n", counts.missingFromM(),
                    counts.missingFromM() == 1 ? "row" : "rows"));
            sb.append(String.format(Locale.ROOT, "  extra       %,d %s in M, not in C%n", counts.extraInM(),
                    counts.extraInM() == 1 ? "row" : "rows"));
            sb.append(String.format(Locale.ROOT, "  duplicated  %,d %s in both, a different number of times%n",
                    counts.duplicatedRows(), counts.duplicatedRows() == 1 ? "row" : "rows"));
        }
        if (reportPath != null) {
            sb.append("  report      ").append(reportPath).append('\n');
        }
        return sb.toString();
    }
}
