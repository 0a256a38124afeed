package io.movedata.runtime.iceberg;

/**
 * Writing to Iceberg failed or was refused. The message names the table, what was expected and
 * what was found, and, when tables had already been changed, what was restored.
 */
public class SinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
