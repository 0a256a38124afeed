package io.movedata.runtime.sstable;

/**
 * A byte of a backup is not what the backup says it is: an object's MD5 or CRC32, a chunk's
 * checksum, or the components of one SSTable disagree. The message names the node, the object, what
 * was found and what was expected.
 */
public class IntegrityException extends SSTableReadException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(message);
    }
}
