package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import io.movedata.testkit.TestSpark;

class ValueMetadataTest {
    private static final byte[] VALUE = "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theEncodingIsTheDocumentedLayoutByteForByte() {
        ValueMetadata metadata = new ValueMetadata(ValueCodec.ZSTD, 3, 0x0102L, 0x0304L, 0xCAFEBABE, "a/b",
                Instant.ofEpochMilli(0x05060708L));

        assertThat(HexFormat.of().formatHex(metadata.encode())).isEqualTo(
                "01" + "02" + "01"                 // version 1, codec zstd, flags: has expiry
                + "00000003"                       // chunk count
                + "0000000000000102"               // stored size
                + "0000000000000304"               // value size
                + "cafebabe"                       // crc32c
                + "0003" + "612f62"                // content type "a/b"
                + "0000000005060708");             // expires at, epoch millis
    }

    @Test
    void withoutExpiryOrContentTypeTheEncodingEndsAfterAnEmptyContentType() {
        ValueMetadata metadata = new ValueMetadata(ValueCodec.NONE, 0, 2, 2, 7, null, null);

        assertThat(HexFormat.of().formatHex(metadata.encode()))
                .isEqualTo("010000" + "00000000" + "0000000000000002" + "0000000000000002" + "00000007" + "0000");
        assertThat(ValueMetadata.decode(metadata.encode())).isEqualTo(metadata);
    }

    @Test
    void decodesWhatItEncodes() {
        ValueMetadata metadata = ValueMetadata.of(VALUE, ValueCodec.LZ4, ValueCodec.LZ4.compress(VALUE), 0,
                "application/json; charset=utf-8 \u00e9", Instant.parse("2026-03-01T10:15:30.123Z"));

        assertThat(ValueMetadata.decode(metadata.encode())).isEqualTo(metadata);
        assertThat(metadata.crc32c()).isEqualTo(ValueMetadata.crc32c(VALUE));
    }

    @Test
    void anInlineStoredValueDecodesWithItsMetadataAndAChunkedOneIsNull() {
        byte[] stored = ValueCodec.SNAPPY.compress(VALUE);
        byte[] inline = ValueMetadata.of(VALUE, ValueCodec.SNAPPY, stored, 0, null, null).encode();
        byte[] chunked = ValueMetadata.of(VALUE, ValueCodec.SNAPPY, stored, 2, null, null).encode();

        assertThat(ValueMetadata.decodeStored(stored, inline)).isEqualTo(VALUE);
        assertThat(ValueMetadata.decodeStored(null, chunked)).isNull();
        assertThat(ValueMetadata.decodeStored(VALUE, null)).isEqualTo(VALUE);
    }

    private static byte[] valid() {
        return ValueMetadata.of(VALUE, ValueCodec.NONE, VALUE, 0, "text/plain", Instant.ofEpochMilli(1)).encode();
    }

    @Test
    void anUnknownVersionIsCorrupt() {
        byte[] bytes = valid();
        bytes[0] = 2;

        assertThatThrownBy(() -> ValueMetadata.decode(bytes)).isInstanceOf(CorruptValueException.class)
                .hasMessage("value_metadata version 2 is unknown (known: 1)");
    }

    @Test
    void anUnknownCodecIsCorrupt() {
        byte[] bytes = valid();
        bytes[1] = 9;

        assertThatThrownBy(() -> ValueMetadata.decode(bytes)).isInstanceOf(CorruptValueException.class)
                .hasMessageStartingWith("unknown codec 9");
    }

    @Test
    void unknownFlagsAreCorrupt() {
        byte[] bytes = valid();
        bytes[2] = 3;

        assertThatThrownBy(() -> ValueMetadata.decode(bytes)).isInstanceOf(CorruptValueException.class)
                .hasMessage("value_metadata flags 3 has unknown bits (known: 1 = has expiry)");
    }

    @Test
    void truncatedMetadataIsCorruptWhereverItEnds() {
        byte[] bytes = valid();
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ValueMetadata.decode(truncated)).as("cut at %d", length)
                    .isInstanceOf(CorruptValueException.class)
                    .hasMessage("value_metadata is truncated: " + length + " bytes end inside its fields");
        }
    }

    @Test
    void bytesAfterTheEndAreCorrupt() {
        byte[] longer = Arrays.copyOf(valid(), valid().length + 2);

        assertThatThrownBy(() -> ValueMetadata.decode(longer)).isInstanceOf(CorruptValueException.class)
                .hasMessage("value_metadata has 2 bytes after its end (" + valid().length + " bytes)");
    }

    @Test
    void aContentTypeThatIsNotUtf8IsCorrupt() {
        byte[] bytes = valid();
        bytes[29] = (byte) 0xff; // the first byte of "text/plain"

        assertThatThrownBy(() -> ValueMetadata.decode(bytes)).isInstanceOf(CorruptValueException.class)
                .hasMessage("value_metadata's content type is not UTF-8");
    }

    private static byte[] expiringAt(long epochMillis) {
        return new ValueMetadata(ValueCodec.NONE, 0, 0, 0, ValueMetadata.crc32c(new byte[0]), null,
                Instant.ofEpochMilli(epochMillis)).encode();
    }

    @Test
    void anExpiryBeyondWhatASparkTimestampHoldsIsCorrupt() {
        long latest = Long.MAX_VALUE / 1000;
        for (long millis : List.of(Long.MAX_VALUE, latest + 1, Long.MIN_VALUE, -latest - 1)) {
            assertThatThrownBy(() -> ValueMetadata.decode(expiringAt(millis))).as("expiry %d", millis)
                    .isInstanceOf(CorruptValueException.class)
                    .hasMessage("value_metadata's expiry " + millis + " (epoch milliseconds) is outside what a timestamp "
                            + "holds (-9223372036854775 to 9223372036854775)");
        }
    }

    @Test
    void theLatestExpiryATimestampHoldsDecodesAndGoesThroughSpark() {
        long latest = Long.MAX_VALUE / 1000;
        ValueMetadata metadata = ValueMetadata.decode(expiringAt(latest));
        Row item = KvOutputs.itemsRow("r", KvOutputs.item(new byte[] {'k'}, new byte[0], metadata, 1));

        List<Row> written = TestSpark.session().createDataFrame(List.of(item), KvOutputs.ITEMS_SCHEMA)
                .selectExpr("unix_millis(expires_at)").collectAsList();

        assertThat(metadata.expiresAt()).isEqualTo(Instant.ofEpochMilli(latest));
        assertThat(written.get(0).getLong(0)).isEqualTo(latest);
        assertThat(ValueMetadata.decode(expiringAt(-latest)).expiresAt()).isEqualTo(Instant.ofEpochMilli(-latest));
    }

    @Test
    void aStoredSizeMismatchIsCorrupt() {
        ValueMetadata metadata = new ValueMetadata(ValueCodec.NONE, 0, VALUE.length + 1, VALUE.length,
                ValueMetadata.crc32c(VALUE), null, null);

        assertThatThrownBy(() -> metadata.decodeValue(VALUE)).isInstanceOf(CorruptValueException.class)
                .hasMessage("the stored value has 14 bytes, value_metadata says 15");
    }

    @Test
    void aValueSizeMismatchIsCorrupt() {
        ValueMetadata metadata = new ValueMetadata(ValueCodec.NONE, 0, VALUE.length, VALUE.length + 1,
                ValueMetadata.crc32c(VALUE), null, null);

        assertThatThrownBy(() -> metadata.decodeValue(VALUE)).isInstanceOf(CorruptValueException.class)
                .hasMessage("none data decodes to 14 bytes, value_metadata says 15");
    }

    @Test
    void aCrcMismatchIsCorrupt() {
        ValueMetadata metadata = new ValueMetadata(ValueCodec.NONE, 0, VALUE.length, VALUE.length,
                ValueMetadata.crc32c(VALUE) ^ 1, null, null);

        assertThatThrownBy(() -> metadata.decodeValue(VALUE)).isInstanceOf(CorruptValueException.class)
                .hasMessageStartingWith("the decoded value's CRC-32C is " + Integer.toHexString(ValueMetadata.crc32c(VALUE)));
    }

    @Test
    void aValueSizeTheCompressedBytesCannotHoldIsCorruptBeforeItIsAllocated() {
        byte[] lz4 = ValueCodec.LZ4.compress(VALUE);
        ValueMetadata lz4Metadata = new ValueMetadata(ValueCodec.LZ4, 0, lz4.length, 1_500_000_000L, 0, null, null);
        byte[] zstd = ValueCodec.ZSTD.compress(VALUE);
        ValueMetadata zstdMetadata = new ValueMetadata(ValueCodec.ZSTD, 0, zstd.length, 1_500_000_000L, 0, null, null);

        assertThatThrownBy(() -> lz4Metadata.decodeValue(lz4)).isInstanceOf(CorruptValueException.class)
                .hasMessage("lz4 data of " + lz4.length + " bytes cannot decode to the 1500000000 bytes value_metadata says");
        assertThatThrownBy(() -> zstdMetadata.decodeValue(zstd)).isInstanceOf(CorruptValueException.class)
                .hasMessage("the zstd frame holds 14 bytes, value_metadata says 1500000000");
    }

    @Test
    void anImpossibleValueSizeIsCorruptBeforeAnythingIsAllocated() {
        ValueMetadata metadata = new ValueMetadata(ValueCodec.ZSTD, 0, VALUE.length, 1L << 40, 0, null, null);

        assertThatThrownBy(() -> metadata.decodeValue(VALUE)).isInstanceOf(CorruptValueException.class)
                .hasMessageStartingWith("value_metadata's value size 1099511627776 is more than one value can hold");
    }
}
