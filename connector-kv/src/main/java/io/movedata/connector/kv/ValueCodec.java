package io.movedata.connector.kv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.xerial.snappy.Snappy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * The compression of a stored value, as {@code value_metadata} names it by id. Every codec uses a
 * library already on Spark's class path: lz4-java's block format (fast compressor; the safe
 * decompressor, given the decoded size), zstd-jni's frame format, snappy-java's raw format.
 */
public enum ValueCodec {
    NONE(0) {
        @Override
        public byte[] compress(byte[] value) {
            return value.clone();
        }

        @Override
        byte[] decompress(byte[] stored, int valueSize) {
            return stored;
        }
    },
    LZ4(1) {
        @Override
        public byte[] compress(byte[] value) {
            return LZ4_JAVA.fastCompressor().compress(value);
        }

        @Override
        byte[] decompress(byte[] stored, int valueSize) {
            // An lz4 block expands at most about 255 times: a larger value size is not allocated.
            if (valueSize > 255L * stored.length + 16) {
                throw new CorruptValueException("lz4 data of " + stored.length + " bytes cannot decode to the " + valueSize
                        + " bytes value_metadata says");
            }
            try {
                return LZ4_JAVA.safeDecompressor().decompress(stored, valueSize);
            } catch (LZ4Exception e) {
                throw failure(e);
            }
        }
    },
    ZSTD(2) {
        @Override
        public byte[] compress(byte[] value) {
            return Zstd.compress(value);
        }

        @Override
        byte[] decompress(byte[] stored, int valueSize) {
            // The size the frame's header gives, checked before that much is allocated. zstd-jni fails
            // on an empty array rather than returning its error.
            long frameSize = stored.length == 0 ? ZSTD_NO_FRAME : Zstd.getFrameContentSize(stored);
            if (frameSize == ZSTD_SIZE_UNDECLARED) {
                return decompressUndeclaredSize(stored, valueSize);
            }
            if (frameSize < 0) {
                throw new CorruptValueException(label() + " cannot decompress the stored bytes: they do not start with a "
                        + "zstd frame header");
            }
            if (frameSize != valueSize) {
                throw new CorruptValueException("the zstd frame holds " + frameSize + " bytes, value_metadata says " + valueSize);
            }
            try {
                return ZstdContexts.current().decompress(stored, valueSize);
            } catch (RuntimeException e) { // ZstdException, and zstd-jni's checks of the sizes
                ZstdContexts.discard(); // the next value starts from a fresh context
                throw failure(e);
            }
        }

        /**
         * A frame whose header does not say its size (as streaming compressors write it), decoded as
         * a stream into a buffer that grows with what it decodes, up to {@code valueSize}: bytes
         * that only claim a large size do not get it allocated.
         */
        private byte[] decompressUndeclaredSize(byte[] stored, int valueSize) {
            try (InputStream frame = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(stored))) {
                byte[] value = frame.readNBytes(valueSize);
                if (frame.read() != -1) {
                    throw new CorruptValueException("zstd data decodes to more than the " + valueSize
                            + " bytes value_metadata says");
                }
                return value;
            } catch (IOException e) {
                throw failure(e);
            }
        }
    },
    SNAPPY(3) {
        @Override
        public byte[] compress(byte[] value) {
            try {
                return Snappy.compress(value);
            } catch (IOException e) {
                throw new IllegalStateException("snappy cannot compress: " + e.getMessage(), e);
            }
        }

        @Override
        byte[] decompress(byte[] stored, int valueSize) {
            try {
                // The length snappy's header claims, checked before it allocates that much.
                int length = Snappy.uncompressedLength(stored);
                if (length != valueSize) {
                    throw new CorruptValueException("snappy data decodes to " + length + " bytes, value_metadata says "
                            + valueSize);
                }
                return Snappy.uncompress(stored);
            } catch (IOException e) {
                throw failure(e);
            }
        }
    };

    /** What {@code Zstd.getFrameContentSize} returns for a frame header without the size (ZSTD_CONTENTSIZE_UNKNOWN). */
    private static final long ZSTD_SIZE_UNDECLARED = -1;
    /** What {@code Zstd.getFrameContentSize} returns for bytes without a frame header (ZSTD_CONTENTSIZE_ERROR). */
    private static final long ZSTD_NO_FRAME = -2;
    /** The codecs, for {@link #ofId} (once: {@code values()} copies its array on every call, and every item asks). */
    private static final ValueCodec[] CODECS = values();
    /** lz4-java's fastest implementation, looked up once. */
    private static final LZ4Factory LZ4_JAVA = LZ4Factory.fastestInstance();

    private final int id;

    ValueCodec(int id) {
        this.id = id;
    }

    /** The codec's id in {@code value_metadata}. */
    public int id() {
        return id;
    }

    /**
     * The codec of an id.
     *
     * @throws CorruptValueException for an id no codec has
     */
    public static ValueCodec ofId(int id) {
        for (ValueCodec codec : CODECS) {
            if (codec.id == id) {
                return codec;
            }
        }
        throw new CorruptValueException("unknown codec " + id + " (known: " + Arrays.stream(values())
                .map(codec -> codec.id + " " + codec.label()).collect(Collectors.joining(", ")) + ")");
    }

    /** The bytes to store for {@code value} (a copy for {@link #NONE}). */
    public abstract byte[] compress(byte[] value);

    /**
     * The value stored as {@code stored}, which must decode to exactly {@code valueSize} bytes.
     *
     * @throws CorruptValueException when it does not decode, or decodes to another size
     */
    public byte[] decode(byte[] stored, int valueSize) {
        byte[] value = decompress(stored, valueSize);
        if (value.length != valueSize) {
            throw new CorruptValueException(label() + " data decodes to " + value.length + " bytes, value_metadata says "
                    + valueSize);
        }
        return value;
    }

    abstract byte[] decompress(byte[] stored, int valueSize);

    /** How messages and documents name the codec: {@code none}, {@code lz4}, {@code zstd}, {@code snappy}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    CorruptValueException failure(Exception e) {
        return new CorruptValueException(label() + " cannot decompress the stored bytes: " + e.getMessage(), e);
    }
}
