package io.movedata.runtime.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/** Short descriptions of failures for messages: Spark's job failures carry whole executor stack traces. */
final class Failures {
    /** Iceberg's own failures: commit conflicts, unknown commit state, catalog and I/O errors. */
    private static final String ICEBERG_EXCEPTIONS = "org.apache.iceberg.exceptions.";

    private Failures() {}

    /** The first line of the failure's message, and of its root cause's when the first does not already say it. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String described = firstLine(failure);
        if (root == failure || root.getMessage() != null && described.contains(root.getMessage())) {
            return described;
        }
        return described + " (caused by " + firstLine(root) + ")";
    }

    /**
     * Whose fault a failed write is: the kind of the movedata error in its cause chain (a read that
     * failed), else {@link ErrorKind#EXTERNAL} when Iceberg, a file system or the network failed (a
     * commit conflict, a catalog outage, data files that could not be written), else
     * {@link ErrorKind#INTERNAL}.
     */
    static ErrorKind kind(Throwable failure) {
        boolean external = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof MovedataException movedata) {
                return movedata.kind();
            }
            external |= t instanceof IOException || t instanceof UncheckedIOException
                    || t.getClass().getName().startsWith(ICEBERG_EXCEPTIONS);
        }
        return external ? ErrorKind.EXTERNAL : ErrorKind.INTERNAL;
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        String name = failure.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        int end = message.indexOf('\n');
        String line = (end < 0 ? message : message.substring(0, end)).strip();
        // Our own messages already say what failed; other exceptions are known by their class.
        return failure instanceof SinkException ? line : name + ": " + line;
    }
}
