package io.movedata.connector.kv;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * An item's {@code value_metadata}, encoding version 1 (big-endian):
 * <pre>
 * u8  version = 1
 * u8  codec       0 none, 1 lz4, 2 zstd, 3 snappy
 * u8  flags       bit 0: has expiry; other bits 0
 * i32 chunkCount  0: the value is inline in items.value; else the chunks 0..chunkCount-1 hold it
 * i64 storedSize  bytes stored (all chunks together)
 * i64 valueSize   bytes after decompression
 * i32 crc32c      CRC-32C of the decoded value
 * u16 length, then that many bytes of UTF-8: the content type (length 0: none)
 * i64 expiresAt   epoch milliseconds, within what a Spark timestamp holds ({@code ±Long.MAX_VALUE / 1000});
 *                 present only with flag bit 0
 * </pre>
 * A null {@code value_metadata} means an inline, uncompressed value without content type or
 * expiry, whose sizes and CRC are not checked ({@link #decodeStored(byte[], byte[])}).
 *
 * @param codec how the stored bytes are compressed
 * @param chunkCount the number of chunks holding the value, 0 when inline
 * @param storedSize the bytes stored
 * @param valueSize the bytes of the decoded value
 * @param crc32c the CRC-32C of the decoded value
 * @param contentType the value's content type, or null
 * @param expiresAt when the item expires (millisecond precision), or null
 */
public record ValueMetadata(ValueCodec codec, int chunkCount, long storedSize, long valueSize, int crc32c,
                            String contentType, Instant expiresAt) {
    public static final int VERSION = 1;
    private static final int FLAG_EXPIRY = 1;
    /** The largest value a Java array holds, and so the largest this connector can rebuild. */
    static final int MAX_VALUE_SIZE = Integer.MAX_VALUE - 8;
    /** The latest expiry (epoch milliseconds) a Spark timestamp, microseconds in a long, holds; the earliest is its negation. */
    static final long MAX_EXPIRY_MILLIS = Long.MAX_VALUE / 1000;

    /**
     * @throws IllegalArgumentException for a negative chunk count or size, or a content type longer
     *     than 65535 bytes of UTF-8
     */
    public ValueMetadata {
        Objects.requireNonNull(codec, "codec");
        if (chunkCount < 0 || storedSize < 0 || valueSize < 0) {
            throw new IllegalArgumentException("chunkCount, storedSize and valueSize cannot be negative");
        }
        if (contentType != null && contentType.isEmpty()) {
            contentType = null;
        }
        if (contentType != null && contentType.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("A content type holds at most 65535 bytes of UTF-8");
        }
    }

    /**
     * The metadata of {@code value} stored as {@code stored} with {@code codec} in {@code chunkCount}
     * chunks (0: inline).
     */
    public static ValueMetadata of(byte[] value, ValueCodec codec, byte[] stored, int chunkCount, String contentType,
                                   Instant expiresAt) {
        return new ValueMetadata(codec, chunkCount, stored.length, value.length, crc32c(value), contentType, expiresAt);
    }

    /** The CRC-32C of {@code bytes}. */
    public static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** Whether the value lives in the chunks table rather than in {@code items.value}. */
    public boolean isChunked() {
        return chunkCount > 0;
    }

    /** The encoding described above. */
    public byte[] encode() {
        byte[] type = contentType == null ? new byte[0] : contentType.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(3 + 4 + 8 + 8 + 4 + 2 + type.length + (expiresAt == null ? 0 : 8));
        buffer.put((byte) VERSION).put((byte) codec.id()).put((byte) (expiresAt == null ? 0 : FLAG_EXPIRY))
                .putInt(chunkCount).putLong(storedSize).putLong(valueSize).putInt(crc32c)
                .putShort((short) type.length).put(type);
        if (expiresAt != null) {
            buffer.putLong(expiresAt.toEpochMilli());
        }
        return buffer.array();
    }

    /**
     * Decodes an encoding.
     *
     * @throws CorruptValueException for an unknown version or codec, unknown flags, negative counts or
     *     sizes, a content type that is not UTF-8, an expiry no Spark timestamp holds, bytes missing or
     *     left over
     */
    public static ValueMetadata decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            int version = Byte.toUnsignedInt(buffer.get());
            if (version != VERSION) {
                throw new CorruptValueException("value_metadata version " + version + " is unknown (known: " + VERSION + ")");
            }
            ValueCodec codec = ValueCodec.ofId(Byte.toUnsignedInt(buffer.get()));
            int flags = Byte.toUnsignedInt(buffer.get());
            if ((flags & ~FLAG_EXPIRY) != 0) {
                throw new CorruptValueException("value_metadata flags " + flags + " has unknown bits (known: 1 = has expiry)");
            }
            int chunkCount = buffer.getInt();
            long storedSize = buffer.getLong();
            long valueSize = buffer.getLong();
            int crc = buffer.getInt();
            byte[] type = new byte[Short.toUnsignedInt(buffer.getShort())];
            buffer.get(type);
            Instant expiresAt = (flags & FLAG_EXPIRY) != 0 ? expiry(buffer.getLong()) : null;
            if (buffer.hasRemaining()) {
                throw new CorruptValueException("value_metadata has " + buffer.remaining() + " bytes after its end ("
                        + buffer.position() + " bytes)");
            }
            if (chunkCount < 0 || storedSize < 0 || valueSize < 0) {
                throw new CorruptValueException("value_metadata has a negative chunk count or size (chunkCount "
                        + chunkCount + ", storedSize " + storedSize + ", valueSize " + valueSize + ")");
            }
            return new ValueMetadata(codec, chunkCount, storedSize, valueSize, crc, Utf8.decode(type), expiresAt);
        } catch (BufferUnderflowException e) {
            throw new CorruptValueException("value_metadata is truncated: " + bytes.length + " bytes end inside its fields");
        } catch (CharacterCodingException e) {
            throw new CorruptValueException("value_metadata's content type is not UTF-8");
        }
    }

    private static Instant expiry(long epochMillis) {
        if (epochMillis > MAX_EXPIRY_MILLIS || epochMillis < -MAX_EXPIRY_MILLIS) {
            throw new CorruptValueException("value_metadata's expiry " + epochMillis + " (epoch milliseconds) is outside "
                    + "what a timestamp holds (-" + MAX_EXPIRY_MILLIS + " to " + MAX_EXPIRY_MILLIS + ")");
        }
        return Instant.ofEpochMilli(epochMillis);
    }

    /**
     * The value an item stores as {@code stored} (inline, or its chunks concatenated): checks the
     * stored size, decompresses to the value size, checks the CRC.
     *
     * @throws CorruptValueException when any of those fails
     */
    public byte[] decodeValue(byte[] stored) {
        if (stored.length != storedSize) {
            throw new CorruptValueException("the stored value has " + stored.length + " bytes, value_metadata says "
                    + storedSize);
        }
        if (valueSize > MAX_VALUE_SIZE) {
            throw new CorruptValueException("value_metadata's value size " + valueSize + " is more than one value can hold ("
                    + MAX_VALUE_SIZE + " bytes)");
        }
        byte[] value = codec.decode(stored, (int) valueSize);
        int actual = crc32c(value);
        if (actual != crc32c) {
            throw new CorruptValueException("the decoded value's CRC-32C is " + Integer.toHexString(actual)
                    + ", value_metadata says " + Integer.toHexString(crc32c));
        }
        return value;
    }

    /**
     * The value of an inline item from its stored bytes and its {@code value_metadata} (null:
     * uncompressed, unchecked), or null when the metadata says the value is chunked.
     *
     * @throws CorruptValueException when the metadata or the value does not decode
     */
    public static byte[] decodeStored(byte[] stored, byte[] metadata) {
        if (metadata == null) {
            return stored;
        }
        ValueMetadata decoded = decode(metadata);
        if (decoded.isChunked()) {
            return null;
        }
        return decoded.decodeValue(stored == null ? new byte[0] : stored);
    }
}
