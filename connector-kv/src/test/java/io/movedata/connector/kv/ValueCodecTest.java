package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.luben.zstd.ZstdCompressCtx;

class ValueCodecTest {

    /** Several MB, half text that compresses, half random bytes that do not. */
    private static byte[] largeValue() {
        Random random = new Random(12);
        byte[] value = new byte[6 * 1024 * 1024 + 13];
        byte[] text = "the quick brown fox jumps over the lazy dog 0123456789 ".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < value.length / 2; i++) {
            value[i] = text[(i * 7 + i / 1000) % text.length];
        }
        byte[] noise = new byte[value.length - value.length / 2];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, value, value.length / 2, noise.length);
        return value;
    }

    @ParameterizedTest
    @EnumSource(ValueCodec.class)
    void aValueOfSeveralMegabytesRoundTripsBitForBit(ValueCodec codec) {
        byte[] value = largeValue();

        byte[] stored = codec.compress(value);
        ValueMetadata metadata = ValueMetadata.decode(ValueMetadata.of(value, codec, stored, 0, null, null).encode());

        assertThat(metadata.decodeValue(stored)).isEqualTo(value);
        assertThat(ValueCodec.ofId(codec.id())).isEqualTo(codec);
        if (codec != ValueCodec.NONE) {
            assertThat(stored.length).isLessThan(value.length);
        }
    }

    @ParameterizedTest
    @EnumSource(ValueCodec.class)
    void anEmptyValueRoundTrips(ValueCodec codec) {
        byte[] stored = codec.compress(new byte[0]);

        assertThat(ValueMetadata.of(new byte[0], codec, stored, 0, null, null).decodeValue(stored)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ValueCodec.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void storedBytesTheCodecCannotDecompressAreCorrupt(ValueCodec codec) {
        byte[] value = "a value that is not what was stored".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] garbage = new byte[40];
        new Random(3).nextBytes(garbage);
        ValueMetadata metadata = ValueMetadata.of(value, codec, garbage, 0, null, null);

        assertThatThrownBy(() -> metadata.decodeValue(garbage))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(codec.label());
    }

    @Test
    void aZstdFrameThatFailsHalfwayLeavesTheNextValuesDecodable() {
        byte[] value = "a value zstd compresses, then loses its end ".repeat(40).getBytes(StandardCharsets.UTF_8);
        byte[] stored = ValueCodec.ZSTD.compress(value);
        byte[] truncated = java.util.Arrays.copyOf(stored, stored.length - 4);

        for (int round = 0; round < 3; round++) {
            assertThatThrownBy(() -> ValueCodec.ZSTD.decode(truncated, value.length)).isInstanceOf(CorruptValueException.class)
                    .hasMessageStartingWith("zstd cannot decompress the stored bytes: ");
            assertThat(ValueCodec.ZSTD.decode(stored, value.length)).isEqualTo(value);
        }
    }

    @Test
    void eachThreadsZstdContextIsClosedOnceTheThreadHasEnded() throws Exception {
        byte[] value = "a value each short-lived thread decodes ".repeat(10).getBytes(StandardCharsets.UTF_8);
        byte[] stored = ValueCodec.ZSTD.compress(value);
        int before = ZstdContexts.open();

        for (int i = 0; i < 20; i++) { // as Spark's task threads come and go
            Thread thread = new Thread(() -> assertThat(ValueCodec.ZSTD.decode(stored, value.length)).isEqualTo(value));
            thread.start();
            thread.join();
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (ZstdContexts.open() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(ZstdContexts.open()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = ValueCodec.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void dataThatDecodesToAnotherSizeIsCorrupt(ValueCodec codec) {
        byte[] value = "twelve bytes".repeat(30).getBytes(StandardCharsets.UTF_8);
        byte[] stored = codec.compress(value);
        ValueMetadata claimsMore = new ValueMetadata(codec, 0, stored.length, value.length + 5,
                ValueMetadata.crc32c(value), null, null);

        assertThatThrownBy(() -> claimsMore.decodeValue(stored))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(codec.label());
    }

    /** Bytes the current thread has allocated on the heap so far. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Far less than the largest value size, far more than decoding a few bytes needs. */
    private static final long SMALL_ALLOCATION = 64L * 1024 * 1024;

    @Test
    void bytesThatAreNotAZstdFrameAreCorruptWithoutAllocatingTheClaimedSize() {
        byte[] garbage = "not a zstd frame at all, just bytes".getBytes(StandardCharsets.UTF_8);
        long before = allocated();

        assertThatThrownBy(() -> ValueCodec.ZSTD.decode(garbage, ValueMetadata.MAX_VALUE_SIZE))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("zstd cannot decompress the stored bytes: they do not start with a zstd frame header");
        assertThat(allocated() - before).isLessThan(SMALL_ALLOCATION);
        assertThatThrownBy(() -> ValueCodec.ZSTD.decode(new byte[0], 5))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("zstd cannot decompress the stored bytes: they do not start with a zstd frame header");
    }

    /** A zstd frame whose header does not declare its content size, as streaming compressors write. */
    private static byte[] undeclaredSizeFrame(byte[] value) {
        try (ZstdCompressCtx context = new ZstdCompressCtx()) {
            return context.setContentSize(false).compress(value);
        }
    }

    @Test
    void aZstdFrameWithoutItsSizeDecodesWithinTheClaimedSize() {
        byte[] value = "a frame that does not say how long it is ".repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] stored = undeclaredSizeFrame(value);

        assertThat(ValueCodec.ZSTD.decode(stored, value.length)).isEqualTo(value);
        assertThatThrownBy(() -> ValueCodec.ZSTD.decode(stored, value.length - 1))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("zstd data decodes to more than the " + (value.length - 1) + " bytes value_metadata says");
    }

    @Test
    void aZstdFrameWithoutItsSizeClaimingAHugeValueIsCorruptWithoutAllocatingIt() {
        byte[] value = "small".getBytes(StandardCharsets.UTF_8);
        byte[] stored = undeclaredSizeFrame(value);
        long before = allocated();

        assertThatThrownBy(() -> ValueCodec.ZSTD.decode(stored, ValueMetadata.MAX_VALUE_SIZE))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("zstd data decodes to 5 bytes, value_metadata says " + ValueMetadata.MAX_VALUE_SIZE);
        assertThat(allocated() - before).isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void unknownCodecIdsAreCorrupt() {
        assertThatThrownBy(() -> ValueCodec.ofId(4))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("unknown codec 4 (known: 0 none, 1 lz4, 2 zstd, 3 snappy)");
    }
}
