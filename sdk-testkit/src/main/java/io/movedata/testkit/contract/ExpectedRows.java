package io.movedata.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * The rows copied into {@code directory} as a file {@code movedata validate} reads (its suffix
     * says the format).
     *
     * @throws IllegalArgumentException when the resource is neither on the class path nor a file
     */
    Path file(Path directory, String target) {
        Path copy = directory.resolve("expected-" + target + (format == Format.CSV ? ".csv" : ".jsonl"));
        try {
            if (lines != null) {
                return Files.write(copy, lines);
            }
            try (InputStream in = open(target)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the expected rows of target '" + target + "' to " + copy, e);
        }
    }

    private InputStream open(String target) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader.getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource);
        if (in != null) {
            return in;
        }
        Path file = Path.of(resource);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The expected rows of target '" + target + "', '" + resource
                    + "', are neither a class-path resource nor a file");
        }
        return Files.newInputStream(file);
    }

    /** Where the rows come from, for messages. */
    String describe() {
        return resource == null ? "given inline" : resource;
    }
}
