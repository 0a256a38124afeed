package io.movedata.api;

import java.util.Objects;

/**
 * A failure movedata, or a connector, can explain to the user. Its {@link ErrorKind} says whose
 * fault it is and decides the exit code and the report's outcome; anything else thrown counts as
 * {@link ErrorKind#INTERNAL}.
 *
 * <p>The message is what the user reads, on one line after {@code movedata: }, without a stack
 * trace, so it stands on its own: what was expected, what was found, and where (the spec field,
 * option, backup location, backup, node, object key, table or token range at fault). For example
 * {@code Backup 'b1' at s3://bucket/prefix: node n2 has no complete node backup (found STARTED, no
 * manifest)}. Several problems with the same input are reported at once, joined by {@code "; "}.
 */
public class MovedataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public MovedataException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public MovedataException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Whose fault the failure is. */
    public ErrorKind kind() {
        return kind;
    }
}
