package io.movedata.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
