package io.movedata.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void sizesAreInBinaryUnitsWithTheUnitWritten() {
        assertThat(ByteSizes.text(512)).isEqualTo("512 B");
        assertThat(ByteSizes.text(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSizes.text(1_042_284_544L)).isEqualTo("994.0 MiB");
    }

    @Test
    void aSlowRateIsStillReadableAndNoTimeIsNoRate() {
        // 60.6 KiB over 5 s: "0.0 MB/s" in decimal megabytes with one decimal.
        assertThat(ByteSizes.rate(62_054, Duration.ofSeconds(5))).isEqualTo("12.1 KiB/s");
        assertThat(ByteSizes.rate(456_000_000, Duration.ofSeconds(83))).isEqualTo("5.2 MiB/s");
        assertThat(ByteSizes.rate(1000, Duration.ZERO)).isEqualTo("0 B/s");
    }
}
