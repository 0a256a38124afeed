package io.movedata.connector.kv;

/**
 * A stored value or its {@code value_metadata} cannot be decoded: the message says why (unknown
 * version or codec, truncated metadata, a size or CRC mismatch, a missing chunk, a decompression
 * failure). The connector turns it into its corrupt-item policy, naming the item.
 */
public final class CorruptValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptValueException(String reason) {
        super(reason);
    }

    public CorruptValueException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
