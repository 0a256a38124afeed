package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import scala.jdk.javaapi.CollectionConverters;

/** Aligned text tables and the text of Spark values in them. */
class TextTableTest {

    @Test
    void columnsAreAlignedNumbersToTheRight() {
        String text = new TextTable(List.of("k", "name")).alignRight(0)
                .add(List.of("1", "one"))
                .add(List.of("10", "ten"))
                .render();

        assertThat(text).isEqualTo("""
                 k  | name
                ----+------
                  1 | one
                 10 | ten
                """);
    }

    @Test
    void anUncutColumnKeepsWholeMessagesUnderARuleOfTheMaximumWidth() {
        String reason = "object a/b/" + "x".repeat(60) + " is listed but does not exist";
        String text = new TextTable(List.of("node", "reason")).uncut(1)
                .add(List.of("n1", reason))
                .add(List.of("n2", "line\nbreak"))
                .render();

        assertThat(text.lines().toList()).containsExactly(
                " node | reason",
                "------+" + "-".repeat(TextTable.MAX_CELL_WIDTH + 2),
                " n1   | " + reason,
                " n2   | line\\nbreak");
    }

    @Test
    void longCellsAreCutAndLineBreaksShownEscaped() {
        String text = new TextTable(List.of("v"))
                .add(List.of("x".repeat(60)))
                .add(List.of("a\nb\tc"))
                .add(Arrays.asList((String) null))
                .render();

        assertThat(text.lines().toList()).containsExactly(
                " v",
                "-".repeat(TextTable.MAX_CELL_WIDTH + 2),
                " " + "x".repeat(TextTable.MAX_CELL_WIDTH - 3) + "...",
                " a\\nb\\tc",
                " null");
    }

    @Test
    void sparkValuesReadAsDatasetShowWritesThem() {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", null);

        assertThat(Cells.text(null)).isEqualTo("null");
        assertThat(Cells.text(new byte[] {0x0a, (byte) 0xff})).isEqualTo("0x0aff");
        assertThat(Cells.text(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Cells.text(Instant.parse("2026-11-20T00:00:00Z"))).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(Cells.text(CollectionConverters.asScala(List.of(1, 2)).toSeq())).isEqualTo("[1, 2]");
        assertThat(Cells.text(CollectionConverters.asScala(map))).isEqualTo("{a -> 1, b -> null}");
        assertThat(Cells.text(RowFactory.create("x", 7, RowFactory.create(true)))).isEqualTo("{x, 7, {true}}");
    }

    @Test
    void countsReadAsPeopleWriteThem() {
        assertThat(Units.count(1234567)).isEqualTo("1,234,567");
    }
}
