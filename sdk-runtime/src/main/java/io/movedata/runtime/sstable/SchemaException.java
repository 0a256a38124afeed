package io.movedata.runtime.sstable;

/** A backup's schema cannot serve the read asked for: unknown keyspace or table, or an unsupported type. */
public class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
