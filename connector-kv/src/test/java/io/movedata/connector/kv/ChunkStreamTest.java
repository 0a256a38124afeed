package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Chunk rows as a cogroup hands them over, built by hand for the cases a fixture cannot write. */
class ChunkStreamTest {
    /** id, key, chunk, value, _row_writetime. */
    private static final SourceColumns ASCENDING = new SourceColumns(1, 3, 2, 4, false);
    private static final SourceColumns DESCENDING = new SourceColumns(1, 3, 2, 4, true);

    private static Row chunk(String key, int index, String value, Object writeTime) {
        return RowFactory.create("r", key.getBytes(StandardCharsets.UTF_8), index, value.getBytes(StandardCharsets.UTF_8),
                writeTime);
    }

    private static ValueMetadata metadata(String value, int chunks) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return ValueMetadata.of(bytes, ValueCodec.NONE, bytes, chunks, null, null);
    }

    @Test
    void chunksHoldingMoreThanTheStoredSizeAreCorrupt() {
        ChunkStream chunks = new ChunkStream(List.of(chunk("k", 0, "abc", KvOutputs.timestamp(7)),
                chunk("k", 1, "defg", KvOutputs.timestamp(7))).iterator(), ASCENDING);

        assertThatThrownBy(() -> chunks.assemble(bytes("k"), 7, metadata("abcdef", 2)))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("the chunks hold more than the 6 bytes value_metadata says are stored");
    }

    @Test
    void inDescendingOrderTheChunksOfKeysBeforeTheItemArePassedOverAndTheNextItemFindsItsOwn() {
        ChunkStream chunks = new ChunkStream(List.of(
                chunk("z", 0, "orphan", KvOutputs.timestamp(7)),
                chunk("m", 0, "ab", KvOutputs.timestamp(7)), chunk("m", 1, "c", KvOutputs.timestamp(7)),
                chunk("k", 0, "x", KvOutputs.timestamp(8)), chunk("k", 1, "older", KvOutputs.timestamp(5))).iterator(),
                DESCENDING);

        assertThat(new String(chunks.assemble(bytes("m"), 7, metadata("abc", 2)), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(new String(chunks.assemble(bytes("k"), 8, metadata("x", 1)), StandardCharsets.UTF_8)).isEqualTo("x");
    }

    @Test
    void chunkRowsWithANegativeIndexBelongToNoValueAndArePassedOver() {
        ChunkStream chunks = new ChunkStream(List.of(
                chunk("k", -1, "stray", KvOutputs.timestamp(7)),
                chunk("k", 0, "ab", KvOutputs.timestamp(7)), chunk("k", 1, "c", KvOutputs.timestamp(7))).iterator(),
                ASCENDING);

        assertThat(new String(chunks.assemble(bytes("k"), 7, metadata("abc", 2)), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void writeTimesAsJava8InstantsCompareToTheMicrosecond() {
        Instant at = Instant.parse("2026-01-01T00:00:00.000001Z");
        ChunkStream chunks = new ChunkStream(List.of(chunk("k", 0, "v", at)).iterator(), ASCENDING);

        assertThat(chunks.assemble(bytes("k"), 1_767_225_600_000_001L, metadata("v", 1))).isEqualTo(bytes("v"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
