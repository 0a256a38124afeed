package io.movedata.runtime.iceberg;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * Writing to Iceberg failed or was refused. The message names the table, what was expected and
 * what was found, and, when tables had already been changed, what was restored. By default the
 * catalog failed ({@link ErrorKind#EXTERNAL}); a table the movement cannot write as asked is
 * {@link ErrorKind#INVALID_INPUT}, and a failed write takes the kind of what made it fail.
 */
public class SinkException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(ErrorKind.EXTERNAL, message);
    }

    public SinkException(String message, Throwable cause) {
        super(ErrorKind.EXTERNAL, message, cause);
    }

    public SinkException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public SinkException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
