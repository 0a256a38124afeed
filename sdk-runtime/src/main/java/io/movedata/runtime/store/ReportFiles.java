package io.movedata.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

/** How the JSON reports of runs (movements, validations) are named, written and read back: one way for all. */
public final class ReportFiles {
    private ReportFiles() {}

    /**
     * {@code <prefix>-<start as yyyyMMddTHHmmssZ>-<id's first 8 characters>.json} in {@code directory}:
     * listed by name, a run's reports sort by when it started.
     *
     * @param startedAt an ISO-8601 instant
     */
    public static Path named(Path directory, String prefix, String startedAt, String id) {
        String stamp = startedAt.replaceAll("[-:]", "").replaceAll("\\.\\d+", "");
        return directory.resolve(prefix + "-" + stamp + "-" + id.substring(0, 8) + ".json");
    }

    /** Writes {@code report} to {@code file} as JSON, creating missing directories. */
    public static void write(ObjectMapper json, Path file, Object report) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writeValue(file.toFile(), report);
    }

    /**
     * Reads a report {@link #write} wrote.
     *
     * @param what the kind of report, for the message: {@code movement report}
     * @throws UncheckedIOException when the file cannot be read as that report
     */
    public static <T> T read(ObjectMapper json, Path file, Class<T> type, String what) {
        try {
            return json.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + what + " " + file, e);
        }
    }
}
