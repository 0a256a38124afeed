package io.movedata.connector.graph.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The text each property type accepts, and what it refuses rather than guess. */
class PropertyTypeTest {

    @Test
    void stringIsAnyText() {
        assertThat(PropertyType.STRING.parse("")).isEqualTo("");
        assertThat(PropertyType.STRING.parse("Zoë \uD83D\uDE00")).isEqualTo("Zoë \uD83D\uDE00");
    }

    @Test
    void longIsADecimalIntegerOf64Bits() {
        assertThat(PropertyType.LONG.parse("42")).isEqualTo(42L);
        assertThat(PropertyType.LONG.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(PropertyType.LONG.parse("0")).isEqualTo(0L);
        for (String refused : new String[] {"9223372036854775808", "+1", "007", "1.0", "1e3", " 1", "", "0x10", "１"}) {
            assertThat(PropertyType.LONG.parse(refused)).as(refused).isNull();
        }
    }

    @Test
    void doubleIsAJsonNumberOrNanOrInfinity() {
        assertThat(PropertyType.DOUBLE.parse("-0.5")).isEqualTo(-0.5);
        assertThat(PropertyType.DOUBLE.parse("1.0E10")).isEqualTo(1.0E10);
        assertThat(PropertyType.DOUBLE.parse("3")).isEqualTo(3.0);
        assertThat(PropertyType.DOUBLE.parse("2e-3")).isEqualTo(0.002);
        assertThat((Double) PropertyType.DOUBLE.parse("NaN")).isNaN();
        assertThat(PropertyType.DOUBLE.parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(PropertyType.DOUBLE.parse("-0.0E400")).isEqualTo(-0.0);
        assertThat(PropertyType.DOUBLE.parse("1.7976931348623157E308")).isEqualTo(Double.MAX_VALUE);
        assertThat(PropertyType.DOUBLE.parse("4.9E-324")).isEqualTo(Double.MIN_VALUE);
        for (String refused : new String[] {".5", "5.", "1d", "0x1p3", "infinity", "1,5", " 1", "", "+1", "1e400", "-1e400",
                "1e-400", "-2.5E-330"}) {
            assertThat(PropertyType.DOUBLE.parse(refused)).as(refused).isNull();
        }
    }

    @Test
    void booleanIsTrueOrFalse() {
        assertThat(PropertyType.BOOLEAN.parse("true")).isEqualTo(true);
        assertThat(PropertyType.BOOLEAN.parse("false")).isEqualTo(false);
        for (String refused : new String[] {"TRUE", "yes", "1", ""}) {
            assertThat(PropertyType.BOOLEAN.parse(refused)).as(refused).isNull();
        }
    }

    @Test
    void timestampIsAnIsoInstantToTheMicrosecond() {
        assertThat(PropertyType.TIMESTAMP.parse("2026-01-01T10:15:30Z"))
                .isEqualTo(Instant.parse("2026-01-01T10:15:30Z"));
        assertThat(PropertyType.TIMESTAMP.parse("2026-01-01T10:15:30.123456+02:00"))
                .isEqualTo(Instant.parse("2026-01-01T08:15:30.123456Z"));
        assertThat(PropertyType.TIMESTAMP.parse("0001-01-01T00:00:00Z")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(PropertyType.TIMESTAMP.parse("1500-01-01T00:00:00Z")).isEqualTo(Instant.parse("1500-01-01T00:00:00Z"));
        assertThat(PropertyType.TIMESTAMP.parse("1815-12-10T00:00:00Z"))
                .isEqualTo(Instant.parse("1815-12-10T00:00:00Z"));
        assertThat(PropertyType.TIMESTAMP.parse("1969-12-31T23:59:59.5-00:30"))
                .isEqualTo(Instant.parse("1970-01-01T00:29:59.500Z"));
        assertThat(PropertyType.TIMESTAMP.parse("2024-02-29T00:00:00.000001Z"))
                .isEqualTo(Instant.parse("2024-02-29T00:00:00.000001Z"));
        for (String refused : new String[] {"2026-01-01T10:15:30.1234567Z", "2026-01-01T10:15Z", "2026-01-01 10:15:30Z",
                "2026-01-01T10:15:30", "2026-02-30T10:15:30Z", "2026-01-01t10:15:30z", "1767225600", "", "2026-01-01T24:00:00Z",
                "2016-12-31T23:59:60Z", "2026-01-01T10:15:30+18:01", "2026-01-01T10:15:30+0200", "+12026-01-01T10:15:30Z",
                "2026-01-01T10:15:30.Z", "2026-01-01T10:15:30Z "}) {
            assertThat(PropertyType.TIMESTAMP.parse(refused)).as(refused).isNull();
        }
    }
}
