package io.movedata.cli;

import java.util.ArrayList;
import java.util.List;

/** What a command printed, taken apart for exact checks: its lines, and the rows of its tables as cells. */
record PrintedText(List<String> lines) {

    static PrintedText of(String out) {
        return new PrintedText(out.lines().toList());
    }

    /**
     * The rows of the table whose header has these column names, each row as its trimmed cells
     * joined by {@code |}; the table ends at the first blank line.
     *
     * @throws AssertionError when no table has that header, or its rule line is missing
     */
    List<String> table(String... headers) {
        for (int i = 0; i < lines.size(); i++) {
            if (cells(lines.get(i)).equals(List.of(headers))) {
                if (i + 1 >= lines.size() || !lines.get(i + 1).matches("-+(\\+-+)*")) {
                    throw new AssertionError("Table " + List.of(headers) + " has no rule line under its header:\n" + text());
                }
                List<String> rows = new ArrayList<>();
                for (int r = i + 2; r < lines.size() && !lines.get(r).isBlank(); r++) {
                    rows.add(String.join("|", cells(lines.get(r))));
                }
                return rows;
            }
        }
        throw new AssertionError("No table with the header " + List.of(headers) + " in:\n" + text());
    }

    /** The lines from the one equal to {@code first} up to the next blank line (or the end). */
    List<String> block(String first) {
        int start = lines.indexOf(first);
        if (start < 0) {
            throw new AssertionError("No line '" + first + "' in:\n" + text());
        }
        int end = start;
        while (end < lines.size() && !lines.get(end).isBlank()) {
            end++;
        }
        return lines.subList(start, end);
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        // An empty last cell leaves the line ending in " |": the table strips trailing blanks.
        String whole = line.endsWith(" |") ? line + " " : line;
        for (String cell : whole.split(" \\| ", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private String text() {
        return String.join("\n", lines);
    }
}
