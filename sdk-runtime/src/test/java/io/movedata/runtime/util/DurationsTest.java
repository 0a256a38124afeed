package io.movedata.runtime.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsIsoAndShortForms() {
        assertThat(Durations.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse(" 90s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("6h")).isEqualTo(Duration.ofHours(6));
        assertThat(Durations.parse("2D")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : new String[] {"30", "30 minutes", "m", "PT", "-5m"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a duration such as PT30M, 90s, 30m, 6h or 1d, found '" + bad + "'");
        }
        assertThatThrownBy(() -> Durations.parse("PT-5M")).hasMessage("expected a duration of zero or more, found 'PT-5M'");
    }
}
