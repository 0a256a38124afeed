package io.movedata.runtime.sstable;

/** A backup's schema cannot serve the read asked for: unknown keyspace or table, or an unsupported type. */
public class SchemaException extends RuntimeException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
