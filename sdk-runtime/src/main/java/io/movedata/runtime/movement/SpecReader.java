package io.movedata.runtime.movement;

import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.movedata.api.MovedataException;
import io.movedata.runtime.util.ClosestName;

/**
 * Reads a spec's YAML or JSON tree field by field, collecting every problem with the field's path
 * and line instead of stopping at the first: unknown fields (with the known one most likely meant),
 * values of the wrong kind, unset environment variables, and what each field's check finds. Values
 * are text, as the spec's fields are; {@code ${NAME}} in a value is replaced by the environment
 * variable NAME.
 */
final class SpecReader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String origin;
    private final Function<String, String> environment;
    /** JSON pointer of each field and list item to the line it starts on. */
    private final Map<String, Integer> lines;
    private final JsonNode tree;
    private final List<Problem> problems = new ArrayList<>();

    /** A problem and the line it is on; null for a top-level field that is missing. */
    private record Problem(Integer line, String text) {}

    private SpecReader(String origin, Function<String, String> environment, Map<String, Integer> lines, JsonNode tree) {
        this.origin = origin;
        this.environment = environment;
        this.lines = lines;
        this.tree = tree;
    }

    /**
     * A reader of the spec's text.
     *
     * @throws SpecException when the text is not YAML/JSON (naming the line), or not a mapping
     */
    static SpecReader open(String text, String origin, Function<String, String> environment) {
        YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        JsonNode tree;
        Map<String, Integer> lines;
        try {
            tree = new ObjectMapper(factory).readTree(text);
            lines = lines(factory, text);
        } catch (JsonProcessingException e) {
            throw new SpecException("Movement spec " + origin + " is not valid YAML/JSON at line " + e.getLocation().getLineNr()
                    + ": " + sentence(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new SpecException("Movement spec " + origin + " cannot be parsed: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new SpecException("Movement spec " + origin + " must be a mapping with source, connector and destination, found "
                    + (tree == null || tree.isMissingNode() ? "nothing" : kind(tree)));
        }
        return new SpecReader(origin, environment, lines, tree);
    }

    /** The spec's top-level mapping, with the fields it may have. */
    Mapping root(List<String> fields) {
        return new Mapping("", "", tree, fields);
    }

    /** Where each field and list item starts, from the parser's locations (the tree keeps none). */
    private static Map<String, Integer> lines(YAMLFactory factory, String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = factory.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                // A mapping or list that starts is located at its field (or item) in the enclosing one.
                JsonStreamContext context = token.isStructStart() ? parser.getParsingContext().getParent()
                        : parser.getParsingContext();
                if (context != null) {
                    lines.putIfAbsent(context.pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    /**
     * SnakeYAML's messages run over several lines: what it was doing and what it found, each
     * followed by indented lines that draw the text with a caret. The former make the sentence.
     */
    private static String sentence(String message) {
        return String.join(", ", (message == null ? "" : message).lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0))).toList());
    }

    /** @throws SpecException listing every problem found, when there is any */
    void throwIfProblems() {
        if (!problems.isEmpty()) {
            // In the order of the file, as the reader goes through it; missing sections last.
            List<String> texts = problems.stream()
                    .sorted(Comparator.comparing(Problem::line, Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(Problem::text).toList();
            throw new SpecException("Movement spec " + origin + " is invalid: " + String.join("; ", texts));
        }
    }

    /** Records a problem of the field at {@code path}/{@code pointer}; the line is the field's, or its mapping's. */
    private void problem(String path, String pointer, String text) {
        String at = pointer;
        while (!at.isEmpty() && !lines.containsKey(at)) {
            at = at.substring(0, at.lastIndexOf('/'));
        }
        // A top-level field that is missing has no line of its own, and the spec's first line would mislead.
        Integer line = at.isEmpty() ? null : lines.get(at);
        problems.add(new Problem(line, path + (line == null ? "" : " (line " + line + ")") + ": " + text));
    }

    /** How a value reads in a message: {@code a list}, {@code a mapping}, {@code 'text'}. */
    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "'" + node.asText() + "'";
    }

    /**
     * A mapping of the spec; reading a field checks its kind and records what is wrong. An absent
     * mapping reads as one without fields.
     */
    final class Mapping {
        private final String path;
        private final String pointer;
        private final JsonNode node;

        /** @param known the fields it may have; null for any */
        private Mapping(String path, String pointer, JsonNode node, List<String> known) {
            this.path = path;
            this.pointer = pointer;
            this.node = node;
            if (node != null && known != null) {
                node.fieldNames().forEachRemaining(field -> {
                    if (!known.contains(field)) {
                        SpecReader.this.problem(path(field), pointer(field), "unknown field" + ClosestName.of(field, known)
                                .map(name -> ", did you mean '" + name + "'?")
                                .orElse("; the fields " + (path.isEmpty() ? "of a spec" : "of " + path) + " are "
                                        + String.join(", ", known)));
                    }
                });
            }
        }

        /** Whether the field has a value (an unset environment variable counts: it is reported as that). */
        boolean has(String field) {
            return value(field) != null;
        }

        /** Records that a field this mapping must have is missing. */
        void require(String field, String what) {
            if (!has(field)) {
                SpecReader.this.problem(path(field), pointer, "missing; expected " + what);
            }
        }

        /** Records a problem of a field that has a value. */
        void problem(String field, String text) {
            SpecReader.this.problem(path(field), pointer(field), text);
        }

        /** The field's mapping, with the fields it may have. */
        Mapping mapping(String field, List<String> known) {
            JsonNode value = value(field);
            if (value != null && !value.isObject()) {
                problem(field, "expected a mapping of " + String.join(", ", known) + ", found " + kind(value));
                value = null;
            }
            return new Mapping(path(field), pointer(field), value, known);
        }

        /** Whether the field is present as a mapping (not merely absent or read as empty). */
        boolean isMapping() {
            return node != null;
        }

        /**
         * The field's text, with environment variables replaced, or null when it is absent, of
         * another kind or refers to an unset variable (each recorded). {@code check} returns what is
         * wrong with the text, or null.
         */
        String text(String field, UnaryOperator<String> check) {
            String text = scalar(value(field), path(field), pointer(field));
            String wrong = text == null || text.isBlank() ? null : check.apply(text);
            if (wrong != null) {
                problem(field, wrong);
                return null;
            }
            return text;
        }

        String text(String field) {
            return text(field, text -> null);
        }

        /**
         * The field's text parsed once into its type, or null when it is absent or blank, or when
         * {@code parse} refuses it: then the problem is recorded with the exception's message, or
         * with {@code message} of the text when given.
         */
        <T> T parsed(String field, Function<String, T> parse, UnaryOperator<String> message) {
            String text = text(field);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException | DateTimeException | MovedataException e) {
                problem(field, message == null ? e.getMessage() : message.apply(text));
                return null;
            }
        }

        <T> T parsed(String field, Function<String, T> parse) {
            return parsed(field, parse, null);
        }

        /**
         * A list of text: a YAML list, or one text with the items separated by commas
         * ({@code tables: a.b, c.d}); {@code check} returns what is wrong with an item, or null.
         */
        List<String> textList(String field, UnaryOperator<String> check) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            List<String> items = new ArrayList<>();
            if (value.isObject()) {
                problem(field, "expected a list or comma-separated text, found a mapping");
            } else if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    String item = scalar(value.get(i), path(field) + "[" + i + "]", pointer(field) + "/" + i);
                    checkItem(path(field) + "[" + i + "]", pointer(field) + "/" + i, item, check, items);
                }
            } else {
                String text = scalar(value, path(field), pointer(field));
                if (text != null) {
                    for (String item : text.split(",")) {
                        checkItem(path(field), pointer(field), item.strip(), check, items);
                    }
                }
            }
            return items;
        }

        private void checkItem(String itemPath, String itemPointer, String item, UnaryOperator<String> check, List<String> items) {
            if (item == null) {
                return;
            }
            String wrong = check.apply(item);
            if (wrong != null) {
                SpecReader.this.problem(itemPath, itemPointer, wrong);
            } else {
                items.add(item);
            }
        }

        /**
         * A mapping of any names to text; a value given as a YAML list becomes comma-separated text
         * when {@code listsAsText}. {@code check} returns what is wrong with a value, or null.
         */
        Map<String, String> textMap(String field, boolean listsAsText, UnaryOperator<String> check) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isObject()) {
                problem(field, "expected a mapping of names to values, found " + kind(value));
                return null;
            }
            Mapping entries = new Mapping(path(field), pointer(field), value, null);
            Map<String, String> texts = new LinkedHashMap<>();
            value.fieldNames().forEachRemaining(name -> {
                String text = listsAsText && value.get(name).isArray()
                        ? String.join(",", entries.textList(name, check)) : entries.text(name, check);
                if (text != null) {
                    texts.put(name, text);
                }
            });
            return texts;
        }

        /** A whole number greater than zero, given as a number or as text. */
        Integer positiveInteger(String field, String what) {
            String text = text(field, t -> t.strip().matches("\\d{1,9}") && Integer.parseInt(t.strip()) > 0 ? null
                    : "expected " + what + ", found '" + t + "'");
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        }

        private JsonNode value(String field) {
            JsonNode value = node == null ? null : node.get(field);
            return value == null || value.isNull() ? null : value;
        }

        private String path(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        private String pointer(String field) {
            return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
        }
    }

    /** A scalar's text with variables replaced; null, with the problem recorded, for anything else. */
    private String scalar(JsonNode value, String path, String pointer) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            problem(path, pointer, "expected text, found " + kind(value));
            return null;
        }
        Matcher matcher = VARIABLE.matcher(value.asText());
        StringBuilder text = new StringBuilder();
        List<String> unset = new ArrayList<>();
        while (matcher.find()) {
            String variable = environment.apply(matcher.group(1));
            if (variable == null) {
                unset.add(matcher.group(1));
                variable = "";
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(variable));
        }
        matcher.appendTail(text);
        if (!unset.isEmpty()) {
            problem(path, pointer, "environment variable" + (unset.size() == 1 ? " " : "s ") + String.join(", ", unset)
                    + (unset.size() == 1 ? " is" : " are") + " not set");
            return null;
        }
        return text.toString();
    }
}
