package io.movedata.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plain-text table with aligned columns, psql style:
 *
 * <pre>
 *  k | v
 * ---+-------
 *  1 | one
 * 10 | ten
 * </pre>
 *
 * Cells longer than the maximum width are cut with "..." (except in columns marked
 * {@linkplain #uncut uncut}); line breaks and tabs in a cell are shown escaped so that every row
 * stays on one line.
 */
final class TextTable {
    /** The widest a cell is printed; longer values end in "...". */
    static final int MAX_CELL_WIDTH = 48;
    private static final String ELLIPSIS = "...";

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final boolean[] uncut;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers, all left-aligned. */
    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.rightAligned = new boolean[headers.size()];
        this.uncut = new boolean[headers.size()];
    }

    /** Aligns a column's cells to the right, as numbers are. */
    TextTable alignRight(int column) {
        rightAligned[column] = true;
        return this;
    }

    /**
     * Prints a column's cells whole, however long, under a rule of at most the maximum cell width:
     * for the last column, of messages (a reason naming an object key) that would lose what matters
     * if cut, and that push no column after them out of line.
     */
    TextTable uncut(int column) {
        uncut[column] = true;
        return this;
    }

    /** Adds a row of as many cells as there are headers; null cells print as {@code null}. */
    TextTable add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("A row of " + headers + " needs " + headers.size() + " cells, found " + cells.size());
        }
        List<String> row = new ArrayList<>(cells.size());
        for (int c = 0; c < cells.size(); c++) {
            String cell = Objects.toString(cells.get(c), "null");
            row.add(uncut[c] ? oneLine(cell) : fit(cell));
        }
        rows.add(row);
        return this;
    }

    /** The table's lines, header and rule first, each ending in a line break. */
    String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = fit(headers.get(c)).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers.stream().map(TextTable::fit).toList(), widths, new boolean[widths.length]);
        for (int c = 0; c < widths.length; c++) {
            // An uncut column's longest message would draw a rule across the whole terminal.
            int rule = uncut[c] ? Math.min(widths[c], Math.max(MAX_CELL_WIDTH, fit(headers.get(c)).length())) : widths[c];
            text.append(c == 0 ? "" : "+").append("-".repeat(rule + 2));
        }
        text.append('\n');
        for (List<String> row : rows) {
            line(text, row, widths, rightAligned);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? " " : " | ").append(right[c] ? pad + cell : cell + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /** One line of at most {@link #MAX_CELL_WIDTH} characters. */
    static String fit(String value) {
        String oneLine = oneLine(value);
        return oneLine.length() <= MAX_CELL_WIDTH ? oneLine
                : oneLine.substring(0, MAX_CELL_WIDTH - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static String oneLine(String value) {
        return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
