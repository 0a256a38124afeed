package io.movedata.connector.graph.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The text of a graph schema read into mappings, sequences and scalars that remember the line they
 * start on, so that every problem found later can name its line. JSON text (starting with
 * {@code {}) is read as JSON, anything else as YAML.
 */
final class SchemaText {
    /** Where Jackson says a construct started, which the line of the problem already tells. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(for \\w+ starting at \\[[^\\]]*\\]\\)");

    private SchemaText() {}

    /** A value of the text, and the line (1-based) it starts on. */
    sealed interface Node permits Mapping, Sequence, Scalar {
        int line();
    }

    /** A mapping; its entries in the text's order, each value with its key's line. */
    record Mapping(int line, Map<String, Entry> entries) implements Node {}

    /** One key of a mapping, on {@code line}, and its value. */
    record Entry(int line, Node value) {}

    record Sequence(int line, List<Node> items) implements Node {}

    /** A scalar as written ({@code 12} and {@code "12"} alike), or null for YAML's null. */
    record Scalar(int line, String text) implements Node {}

    /**
     * @throws io.movedata.api.ConnectorException for text that is not YAML or JSON, is empty, or repeats
     *         a key in a mapping, naming the line
     */
    static Node read(String text) {
        boolean json = text.stripLeading().startsWith("{");
        try (JsonParser parser = (json ? new JsonFactory() : new YAMLFactory()).createParser(text)) {
            if (parser.nextToken() == null) {
                throw SchemaProblems.single(1, "the schema is empty; expected a mapping with keyspace and nodeTypes");
            }
            return node(parser);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                // SnakeYAML's problem and where it was found, and the construct it was in (its context).
                String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                        : " (" + yaml.getContext() + " from line " + (yaml.getContextMark().getLine() + 1) + ")";
                throw SchemaProblems.single(yaml.getProblemMark().getLine() + 1, "not valid YAML: " + yaml.getProblem() + context);
            }
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            String message = SOURCE.matcher(firstLine(e.getOriginalMessage())).replaceAll("");
            throw SchemaProblems.single(line, "not valid " + (json ? "JSON" : "YAML") + ": " + message);
        } catch (IOException e) {
            throw new IllegalStateException("Reading text from memory failed: " + e.getMessage(), e);
        }
    }

    private static Node node(JsonParser parser) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                Entry earlier = entries.put(key, new Entry(keyLine, node(parser)));
                if (earlier != null) {
                    throw SchemaProblems.single(keyLine, "key '" + key + "' is given twice in one mapping (first on line "
                            + earlier.line() + ")");
                }
            }
            return new Mapping(line, entries);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(parser));
            }
            return new Sequence(line, items);
        }
        return new Scalar(line, token == JsonToken.VALUE_NULL ? null : parser.getText());
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }
}
