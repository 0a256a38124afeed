package io.movedata.testkit.contract;

import java.util.List;
import java.util.Objects;

/**
 * The rows a connector must write to one target, for the expected-rows clause of a
 * {@link Contract}: a JSON-lines or CSV file, or JSON objects given inline. Each is read with the
 * target's columns and types and in the encodings of {@code movedata validate}'s export files
 * (docs/validation.md): one JSON object per row, keyed by column, in the encoding of Cassandra's
 * {@code SELECT JSON}; or CSV with a header line of column names. Every row must give every column
 * of the target (null as {@code null}, or an empty unquoted CSV value).
 */
public final class ExpectedRows {
    /** How the rows are written. */
    enum Format {
        JSON_LINES, CSV
    }

    private final Format format;
    private final String resource;
    private final List<String> lines;

    private ExpectedRows(Format format, String resource, List<String> lines) {
        this.format = format;
        this.resource = resource;
        this.lines = lines;
    }

    /**
     * Rows in a JSON-lines file: {@code resource} names a class-path resource (as
     * {@link Class#getResource} does, e.g. {@code /expected/orders.jsonl} under
     * {@code src/test/resources}), or else a file path.
     */
    public static ExpectedRows jsonLines(String resource) {
        return new ExpectedRows(Format.JSON_LINES, Objects.requireNonNull(resource, "resource"), null);
    }

    /** Rows in a CSV file with a header line, named as in {@link #jsonLines(String)}. */
    public static ExpectedRows csv(String resource) {
        return new ExpectedRows(Format.CSV, Objects.requireNonNull(resource, "resource"), null);
    }

    /**
     * Rows given inline, one JSON object each, e.g. {@code inline("{\"id\": 1, \"total\": 9.5}")};
     * none for a target that must be empty.
     */
    public static ExpectedRows inline(String... jsonObjects) {
        return new ExpectedRows(Format.JSON_LINES, null, List.of(jsonObjects));
    }

    Format format() {
        return format;
    }

    /** The resource or file the rows are in; null for inline rows. */
    String resource() {
        return resource;
    }

    /** The inline rows; null for rows in a resource or file. */
    List<String> lines() {
        return lines;
    }

    /** Where the rows come from, for messages. */
    String describe() {
        return resource == null ? lines.size() + " inline rows" : resource;
    }
}
