package io.movedata.runtime.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class CountAccumulatorTest {

    @Test
    void countsEveryOccurrenceAndKeepsTheFirstTenSamples() {
        CountAccumulator count = new CountAccumulator();
        IntStream.range(0, 12).forEach(i -> count.add("item " + i));

        assertThat(count.value().count()).isEqualTo(12);
        assertThat(count.value().samples()).containsExactly("item 0", "item 1", "item 2", "item 3", "item 4", "item 5",
                "item 6", "item 7", "item 8", "item 9");
    }

    @Test
    void mergingTasksAddsTheirCountsAndFillsTheSamplesUpToTen() {
        CountAccumulator driver = new CountAccumulator();
        driver.add("a");
        CountAccumulator task = (CountAccumulator) driver.copyAndReset();
        IntStream.range(0, 12).forEach(i -> task.add("t" + i));

        driver.merge(task);

        assertThat(task.value().count()).isEqualTo(12);
        assertThat(driver.value().count()).isEqualTo(13);
        assertThat(driver.value().samples()).containsExactly("a", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
    }

    @Test
    void aCopyIsIndependentAndAResetOneIsZero() {
        CountAccumulator count = new CountAccumulator();
        count.add("x");
        CountAccumulator copy = (CountAccumulator) count.copy();
        copy.add("y");

        assertThat(count.value().count()).isEqualTo(1);
        assertThat(copy.value().samples()).containsExactly("x", "y");
        assertThat(count.copyAndReset().isZero()).isTrue();
        assertThat(count.isZero()).isFalse();
    }
}
