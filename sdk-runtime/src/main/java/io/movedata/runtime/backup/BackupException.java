package io.movedata.runtime.backup;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * A backup cannot be used as asked. The message says what was expected, what was found and where
 * (location, backup name, node, object key). By default the backup itself is at fault
 * ({@link ErrorKind#UNREADABLE_SOURCE}: a manifest that cannot be read, no complete node backup, too
 * few replicas for the consistency level); a location or backup name the user got wrong is
 * {@link ErrorKind#INVALID_INPUT}.
 */
public class BackupException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(ErrorKind.UNREADABLE_SOURCE, message);
    }

    public BackupException(String message, Throwable cause) {
        super(ErrorKind.UNREADABLE_SOURCE, message, cause);
    }

    public BackupException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public BackupException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
