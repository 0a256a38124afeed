package io.movedata.runtime.sstable;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * An SSTable of a backup cannot be read ({@link ErrorKind#UNREADABLE_SOURCE}): missing or truncated
 * component, checksum failure, corrupt data. The message names the backup, node, object and, when
 * known, the token range. One caused by a movedata error takes that error's kind: a store that
 * could not be reached ({@link ErrorKind#EXTERNAL}) is not a damaged backup.
 */
public class SSTableReadException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public SSTableReadException(String message) {
        super(ErrorKind.UNREADABLE_SOURCE, message);
    }

    public SSTableReadException(String message, Throwable cause) {
        super(kindOf(cause), message, cause);
    }

    private static ErrorKind kindOf(Throwable cause) {
        ErrorKind kind = ErrorKind.of(cause);
        return kind == ErrorKind.INTERNAL ? ErrorKind.UNREADABLE_SOURCE : kind;
    }
}
