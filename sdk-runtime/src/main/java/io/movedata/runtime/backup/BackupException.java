package io.movedata.runtime.backup;

/**
 * A backup cannot be used as asked. The message says what was expected, what was found and where
 * (location, backup name, node, object key).
 */
public class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
