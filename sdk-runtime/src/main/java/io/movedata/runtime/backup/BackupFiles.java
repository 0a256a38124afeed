package io.movedata.runtime.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small file, key and JSON chores the layouts and writers share. */
final class BackupFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupFiles() {}

    /** The last segment of a key or folder prefix: {@code a/b/c/} and {@code a/b/c} give {@code c}. */
    static String lastSegment(String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stat " + file + ": " + e.getMessage(), e);
        }
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }
}
