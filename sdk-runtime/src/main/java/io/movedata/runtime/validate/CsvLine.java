package io.movedata.runtime.validate;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a CSV file (RFC 4180): comma-separated cells, a cell in double quotes may hold commas
 * and doubled quotes. A quoted cell cannot span lines: files are read line by line, so that they
 * split across Spark tasks and errors name their line.
 */
final class CsvLine {
    private CsvLine() {}

    /**
     * A cell: its text, and whether it was quoted, so that an empty unquoted cell can read as null
     * and {@code ""} as the empty string.
     */
    record Cell(String text, boolean quoted) {
        /** Whether the cell stands for null: empty and unquoted. */
        boolean isNull() {
            return !quoted && text.isEmpty();
        }
    }

    /**
     * The cells of a line.
     *
     * @throws IllegalArgumentException for a quote left open or text after a closing quote
     */
    static List<Cell> parse(String line) {
        List<Cell> cells = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= line.length()) {
                        throw new IllegalArgumentException("the quote opened at character " + (i + 1)
                                + " is not closed (a value cannot span lines)");
                    }
                    char ch = line.charAt(j);
                    if (ch == '"') {
                        if (j + 1 < line.length() && line.charAt(j + 1) == '"') {
                            text.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(ch);
                    j++;
                }
                cells.add(new Cell(text.toString(), true));
                i = j + 1;
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("unexpected text after the quoted value at character " + (i + 1));
                }
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                cells.add(new Cell(line.substring(i, end), false));
                i = end;
            }
            if (i >= line.length()) {
                return cells;
            }
            i++;
        }
    }
}
