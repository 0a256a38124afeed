package io.movedata.it.movement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/connectors.md quotes the example connectors the tests run: each piece (between blank lines)
 * of a code block after a paragraph linking a test source must be that source's text, indentation
 * aside, so the page cannot drift from what runs.
 */
class DocsQuotesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(\\.\\./(integration-tests/src/test/java/[^)]+\\.java)\\)");

    /** A code block and the source the paragraph before it links to. */
    private record Quote(String source, String block) {}

    @Test
    void codeBlocksAfterALinkToATestConnectorQuoteIt() throws IOException {
        List<Quote> quotes = quotes(Files.readAllLines(ROOT.resolve("docs/connectors.md")));

        assertThat(quotes).extracting(Quote::source).containsExactly(
                "integration-tests/src/test/java/io/movedata/it/movement/CustomerActivityConnector.java",
                "integration-tests/src/test/java/io/movedata/it/movement/OrderAuditConnector.java",
                "integration-tests/src/test/java/io/movedata/it/movement/OpenSlicesConnector.java");
        for (Quote quote : quotes) {
            String source = unindented(Files.readString(ROOT.resolve(quote.source())));
            for (String piece : unindented(quote.block()).split("\n\n")) {
                assertThat(source).as(quote.source()).contains(piece);
            }
        }
    }

    private static List<Quote> quotes(List<String> lines) {
        List<Quote> quotes = new ArrayList<>();
        String linked = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                StringBuilder block = new StringBuilder();
                while (!lines.get(++i).startsWith("```")) {
                    block.append(lines.get(i)).append('\n');
                }
                if (linked != null) {
                    quotes.add(new Quote(linked, block.toString()));
                }
                linked = null;
            } else if (line.isBlank()) {
                linked = linked != null && i + 1 < lines.size() && lines.get(i + 1).startsWith("```") ? linked : null;
            } else {
                Matcher link = LINK.matcher(line);
                if (link.find()) {
                    linked = link.group(1);
                }
            }
        }
        return quotes;
    }

    private static String unindented(String text) {
        return text.lines().map(String::strip).reduce("", (all, line) -> all + line + "\n");
    }
}
