package io.movedata.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The canonical order of a pair's ids and the id its properties are stored under. */
class EdgePairTest {

    @Test
    void ordersIdsByCodePointsAsUtf8BytesAndSparkDo() {
        assertThat(EdgePair.of("b", "a")).isEqualTo(new EdgePair("a", "b"));
        assertThat(EdgePair.of("ab", "a")).isEqualTo(new EdgePair("a", "ab"));
        // U+FB00 is after a surrogate pair in UTF-16 units, but before U+1F600 in code points and in UTF-8.
        assertThat(EdgePair.of("\uD83D\uDE00", "\uFB00")).isEqualTo(new EdgePair("\uFB00", "\uD83D\uDE00"));
        assertThat(EdgePair.of("x", "x").isLow("x")).isTrue();
        assertThatThrownBy(() -> new EdgePair("b", "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An edge pair's ids must be in order, found 'b' before 'a'");
    }

    @Test
    void comparesAsTheirUtf8BytesCompare() {
        Random random = new Random(14);
        int[] codePoints = {'a', 'b', '|', 0xE9, 0xD7FF, 0xE000, 0xFB00, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        for (int i = 0; i < 20_000; i++) {
            String a = randomText(random, codePoints);
            String b = random.nextInt(4) == 0 ? a + randomText(random, codePoints) : randomText(random, codePoints);
            int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                    b.getBytes(StandardCharsets.UTF_8));
            assertThat(Integer.signum(EdgePair.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(bytes));
        }
    }

    private static String randomText(Random random, int[] codePoints) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(4); n > 0; n--) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    @Test
    void joinsTheIdsWithTheSeparatorAndTheEscapeCharacterEscaped() {
        assertThat(EdgePair.of("b", "a").propertiesId()).isEqualTo("a|b");
        assertThat(EdgePair.of("x|y", "z").propertiesId()).isEqualTo("x\\|y|z");
        assertThat(EdgePair.of("back\\slash", "c").propertiesId()).isEqualTo("back\\\\slash|c");
        for (String[] ids : new String[][] {{"a", "b"}, {"x|y", "z"}, {"\\|", "|\\"}, {"", "e"}, {"same", "same"}}) {
            EdgePair pair = EdgePair.of(ids[0], ids[1]);
            assertThat(EdgePair.ofPropertiesId(pair.propertiesId())).as(pair.propertiesId()).isEqualTo(pair);
        }
    }

    @Test
    void refusesAPropertiesIdThatIsNotAnOrderedPair() {
        for (String id : new String[] {"single", "a|b|c", "b|a", "a\\b|c", "a|b\\", ""}) {
            assertThat(EdgePair.ofPropertiesId(id)).as(id).isNull();
        }
    }
}
