package io.movedata.runtime.sstable;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * A backup's schema cannot serve the read asked for. By default the read asks for what the schema
 * cannot give ({@link ErrorKind#INVALID_INPUT}: an unknown keyspace, table or column, an unsupported
 * type or kind of table); a schema that cannot be read is {@link ErrorKind#UNREADABLE_SOURCE}.
 */
public class SchemaException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(ErrorKind.INVALID_INPUT, message);
    }

    public SchemaException(String message, Throwable cause) {
        super(ErrorKind.INVALID_INPUT, message, cause);
    }

    public SchemaException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public SchemaException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
