package io.movedata.runtime.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SplitSizingTest {
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void autoGivesFourSplitsPerCoreOfTheBytesRead() {
        // 8 GiB read on 8 cores: 32 splits of 256 MiB; on 16 cores, 64 of 128 MiB.
        assertThat(SplitSizing.auto(8).targetBytes(8 * GIB, 1, 1)).isEqualTo(256 * MIB);
        assertThat(SplitSizing.auto(16).targetBytes(8 * GIB, 1, 1)).isEqualTo(128 * MIB);
    }

    @Test
    void autoKeepsSplitsBetween32And256MiB() {
        // 475 MB on 2 cores (the read benchmark's backup): 59 MiB, 8 splits, where 256 MiB made 2.
        assertThat(SplitSizing.auto(2).targetBytes(475_000_000L, 1, 1)).isEqualTo(475_000_000L / 8);
        assertThat(SplitSizing.auto(2).targetBytes(10 * MIB, 1, 1)).isEqualTo(32 * MIB);
        assertThat(SplitSizing.auto(2).targetBytes(100 * GIB, 1, 1)).isEqualTo(256 * MIB);
    }

    @Test
    void autoCountsTheReplicasTheReadMergesAndAnswersInThePlannersUnit() {
        // RF 3, 3 GiB in the backup: at ONE a read reads 1 GiB, 128 MiB per split on 2 cores; the
        // planner's estimate counts all three copies, so its target is three times that.
        assertThat(SplitSizing.auto(2).targetBytes(3 * GIB, 1, 3)).isEqualTo(3 * 128 * MIB);
        // At QUORUM two copies are read: 2 GiB, 256 MiB per split.
        assertThat(SplitSizing.auto(2).targetBytes(3 * GIB, 2, 3)).isEqualTo(3 * 128 * MIB);
        assertThat(SplitSizing.auto(4).targetBytes(3 * GIB, 3, 3)).isEqualTo(192 * MIB);
    }

    @Test
    void aFixedSizeIsTheUsersChoiceWhateverTheData() {
        assertThat(SplitSizing.fixed(64 * MIB).targetBytes(100 * GIB, 1, 3)).isEqualTo(64 * MIB);
        assertThat(SplitSizing.fixed(64 * MIB).isAuto()).isFalse();
        assertThat(SplitSizing.fixed(64 * MIB).describe()).isEqualTo("fixed");
        assertThat(SplitSizing.auto(6).describe()).isEqualTo("auto for 6 cores");
    }

    @Test
    void impossibleSizingsAreRefused() {
        assertThatThrownBy(() -> SplitSizing.fixed(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SplitSizing.auto(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SplitSizing.auto(2).targetBytes(GIB, 4, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
