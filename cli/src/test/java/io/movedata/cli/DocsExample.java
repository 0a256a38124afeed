package io.movedata.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A command README.md or a page of docs/ shows in a code block, as a user would copy it: a line
 * {@code bin/movedata ...} (its {@code # comment} left out, {@code \} continuations joined), or a
 * line {@code $ movedata ...} followed by its documented output, up to the next {@code $} line or the
 * end of the block.
 *
 * @param page the file, relative to the repository root
 * @param command the command as written, e.g. {@code bin/movedata backups list s3://bucket/medusa-prefix}
 *        or {@code movedata backups list s3://backups/cluster1}
 * @param output the documented output lines; empty when the page shows none
 */
record DocsExample(String page, String command, List<String> output) {
    private static final String FENCE = "```";
    private static final String LAUNCHER = "bin/movedata ";
    private static final String PROMPT = "$ movedata ";

    /**
     * Every example in README.md and the pages under docs/ (docs/connectors/ too) under {@code root},
     * page by page, in the order they appear.
     */
    static List<DocsExample> read(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<DocsExample> examples = new ArrayList<>();
        for (Path page : pages) {
            examples.addAll(read(root.relativize(page).toString(), Files.readAllLines(page)));
        }
        return examples;
    }

    static List<DocsExample> read(String page, List<String> lines) {
        List<DocsExample> examples = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith(FENCE)) {
                inBlock = !inBlock;
            } else if (inBlock && line.startsWith(LAUNCHER)) {
                StringBuilder command = new StringBuilder();
                while (line.endsWith("\\") && i + 1 < lines.size()) {
                    command.append(line, 0, line.length() - 1).append(' ');
                    line = lines.get(++i).strip();
                }
                command.append(line);
                examples.add(new DocsExample(page, normalized(command.toString().replaceFirst("\\s+#\\s.*$", "")), List.of()));
            } else if (inBlock && line.startsWith(PROMPT)) {
                List<String> output = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ") && !lines.get(i + 1).strip().startsWith(FENCE)) {
                    output.add(lines.get(++i));
                }
                examples.add(new DocsExample(page, normalized(line.substring(2)), output));
            }
        }
        return examples;
    }

    private static String normalized(String command) {
        return command.strip().replaceAll("\\s+", " ");
    }

    /** The command's words after {@code movedata} (or {@code bin/movedata}), as typed. */
    String arguments() {
        return command.substring(command.indexOf(' ') + 1);
    }

    @Override
    public String toString() {
        return page + ": " + command;
    }
}
