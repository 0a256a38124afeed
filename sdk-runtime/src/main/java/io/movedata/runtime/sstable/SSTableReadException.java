package io.movedata.runtime.sstable;

/**
 * An SSTable of a backup cannot be read: missing or truncated component, checksum failure,
 * corrupt data. The message names the backup, node, object and, when known, the token range.
 */
public class SSTableReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SSTableReadException(String message) {
        super(message);
    }

    public SSTableReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
