package io.movedata.runtime.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether files can be written into a local directory, asked before a command does any work, so
 * that a report or a table that cannot be written fails the command at once rather than after
 * the whole backup was read.
 */
public final class WritableDirectory {
    private WritableDirectory() {}

    /**
     * Why files cannot be created in {@code directory}, or empty when they can. Nothing is created:
     * the directory, or its nearest existing ancestor when it is still to be created, must be a
     * writable directory.
     */
    public static Optional<String> problem(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("no part of " + absolute + " exists");
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is a file, not a directory");
        }
        if (!Files.isWritable(existing)) {
            return Optional.of(existing + " is not writable");
        }
        return Optional.empty();
    }
}
