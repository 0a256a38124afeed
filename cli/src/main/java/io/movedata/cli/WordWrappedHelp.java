package io.movedata.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's usage help with lines broken only at spaces. picocli breaks where the JDK's line
 * {@code BreakIterator} may, which is also after '.', '/' and ':' and so inside file names, URLs and
 * defaults ({@code docs/validation.\nmd}). Each section that wraps is laid out as picocli lays it
 * out, in a {@link Table} that wraps between words.
 */
final class WordWrappedHelp extends CommandLine.Help {

    WordWrappedHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    /** The synopsis, its wrapped lines indented to follow the command name. */
    @Override
    protected String insertSynopsisCommandName(int synopsisHeadingLength, Text optionsAndPositionalsAndCommands) {
        String name = commandSpec().qualifiedName();
        Table table = new Table(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = synopsisHeadingLength + name.length() + 1;
        // The heading is printed before the synopsis: its room is kept, then cut off.
        Text heading = colorScheme().text(" ".repeat(synopsisHeadingLength));
        table.addRowValues(heading.concat(colorScheme().commandText(name)).concat(optionsAndPositionalsAndCommands));
        return table.toString().substring(synopsisHeadingLength);
    }

    /** The options and positional parameters, in picocli's five columns. */
    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        int longOptionsWidth = calcLongOptionColumnWidth(options, positionals, scheme);
        Table table = new Table(scheme,
                new Column(2, 0, Overflow.TRUNCATE), // the required-option marker
                new Column(2, 0, Overflow.SPAN), // -c
                new Column(1, 0, Overflow.TRUNCATE), // ,
                new Column(longOptionsWidth, 1, Overflow.SPAN), // --create
                new Column(width() - 5 - longOptionsWidth, 1, Overflow.WRAP));
        return new Layout(scheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    /** Two columns, key and text: the exit codes. */
    @Override
    public CommandLine.Help.TextTable createTextTable(Map<?, ?> map) {
        int keyWidth = map.keySet().stream().mapToInt(key -> String.valueOf(key).length()).max().orElse(0) + 3;
        Table table = twoColumns(keyWidth);
        map.forEach((key, value) -> table.addRowValues(String.format(String.valueOf(key)), String.format(String.valueOf(value))));
        return table;
    }

    /** Each subcommand with the first line of its description. */
    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        int nameWidth = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width() / 2) + 2;
        Table table = twoColumns(nameWidth);
        subcommands.values().forEach(help -> {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
            Text[] lines = colorScheme().text(summary.length > 0 ? String.format(summary[0]) : "").splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        });
        return table.toString();
    }

    private Table twoColumns(int firstWidth) {
        return new Table(colorScheme(), new Column(firstWidth, 2, Overflow.SPAN), new Column(width() - firstWidth, 2, Overflow.WRAP));
    }

    private String paragraphs(String[] lines, Object... params) {
        Table table = new Table(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String line : lines) {
            table.addRowValues(String.format(line, params));
        }
        return table.toString();
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    /** picocli's text table, but a column that wraps breaks its lines at spaces only. */
    static final class Table extends CommandLine.Help.TextTable {
        private final ColorScheme colorScheme;

        Table(ColorScheme colorScheme, Column... columns) {
            super(colorScheme, columns);
            this.colorScheme = colorScheme;
        }

        /**
         * Writes each line of {@code value} in a row of its own, indented as picocli indents wrapped
         * lines; picocli's own wrapping then has nothing left to break, but a single word wider than
         * the column.
         */
        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            int width = column.width - column.indent;
            List<Text> lines = lines(value, width, width - indentWrappedLines);
            Cell cell = super.putValue(row, col, lines.get(0));
            Text indent = colorScheme.text(" ".repeat(indentWrappedLines));
            for (Text line : lines.subList(1, lines.size())) {
                addEmptyRow();
                cell = super.putValue(rowCount() - 1, col, indent.concat(line));
            }
            return cell;
        }

        /** {@code value} in lines of at most {@code firstWidth}, then {@code nextWidth}, characters, broken at spaces. */
        private static List<Text> lines(Text value, int firstWidth, int nextWidth) {
            String plain = value.plainString();
            List<Text> lines = new ArrayList<>();
            int start = 0;
            int width = firstWidth;
            while (plain.length() - start > width) {
                int end = plain.lastIndexOf(' ', start + width);
                if (end <= start) {
                    // A word wider than the line: on a line of its own.
                    end = plain.indexOf(' ', start + width);
                    if (end < 0) {
                        break;
                    }
                }
                lines.add(value.substring(start, end));
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
                width = nextWidth;
            }
            lines.add(value.substring(start, plain.length()));
            return lines;
        }
    }
}
