package io.movedata.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Whose fault a failure is, and so what the user should do about it. The kind alone decides the
 * {@code movedata} command's exit code, the movement report's {@code error.kind} and the summary
 * line (docs/errors.md lists them).
 */
public enum ErrorKind {
    /** The user's spec, options or names are wrong: fix them and run again. */
    INVALID_INPUT(2),
    /**
     * The source data cannot serve the request: a backup object, an SSTable or a schema is missing,
     * incomplete or corrupt, or the backups cannot satisfy the consistency level asked for.
     */
    UNREADABLE_SOURCE(1),
    /** Something outside movedata failed: the object store, the catalog, the network. Retrying may help. */
    EXTERNAL(1),
    /** A bug, movedata's or a connector's: anything thrown that is not a {@link MovedataException}. */
    INTERNAL(1);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code of a {@code movedata} command that fails this way: 2 for invalid input, else 1. */
    public int exitCode() {
        return exitCode;
    }

    /** How reports name the kind: {@code invalid-input}, {@code unreadable-source}, {@code external}, {@code internal}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The kind a report names by its {@link #label}.
     *
     * @throws IllegalArgumentException when {@code label} names no kind
     */
    public static ErrorKind ofLabel(String label) {
        return Arrays.stream(values()).filter(kind -> kind.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No error kind is labelled '" + label + "'"));
    }

    /**
     * The kind of {@code thrown}: that of the outermost {@link MovedataException} in its cause chain (a
     * movedata exception may arrive wrapped, by Spark's job failure or a future), else {@link #INTERNAL}.
     */
    public static ErrorKind of(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof MovedataException movedata) {
                return movedata.kind();
            }
        }
        return INTERNAL;
    }
}
