package io.movedata.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One connector option, declared once: its type, default, validation, documentation and whether it
 * is secret. The same declaration validates movement specs, prints {@code movedata connectors list}
 * and masks secrets in reports.
 *
 * <pre>
 * OptionSpec.string("table").required().documentation("the Cassandra table, keyspace.table")
 * OptionSpec.integer("buckets").defaultValue("16").validator(Validator.atLeast(1)).documentation("...")
 * </pre>
 *
 * @param name the key in the spec's {@code connector.options}
 * @param type how the value is parsed
 * @param defaultValue the value when absent, as text; null for none
 * @param isRequired whether the option must be given (then it has no default)
 * @param isSecret whether the value is masked in reports, logs and listings
 * @param documentation what the option means, shown in errors and listings
 * @param validator checks a parsed value
 */
public record OptionSpec(String name, Type type, String defaultValue, boolean isRequired, boolean isSecret,
                         String documentation, Validator validator) {

    /** How an option's text is parsed. */
    public enum Type {
        STRING, INT, LONG, BOOLEAN,
        /** Comma-separated strings, trimmed, empty entries dropped; commas inside parentheses do not separate. */
        LIST
    }

    /** Checks a parsed value; returns null when valid, else what was expected. */
    @FunctionalInterface
    public interface Validator {
        String check(Object value);

        static Validator atLeast(long minimum) {
            return value -> ((Number) value).longValue() >= minimum ? null : "a number of at least " + minimum;
        }

        static Validator oneOf(String... allowed) {
            List<String> values = List.of(allowed);
            return value -> values.contains(value) ? null : "one of " + String.join(", ", values);
        }
    }

    /**
     * @throws IllegalArgumentException when a required option has a default
     */
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(documentation, "documentation");
        Objects.requireNonNull(validator, "validator");
        if (isRequired && defaultValue != null) {
            throw new IllegalArgumentException("Option '" + name + "' is required and cannot have a default");
        }
    }

    public static OptionSpec string(String name) {
        return of(name, Type.STRING);
    }

    public static OptionSpec integer(String name) {
        return of(name, Type.INT);
    }

    public static OptionSpec longInteger(String name) {
        return of(name, Type.LONG);
    }

    public static OptionSpec bool(String name) {
        return of(name, Type.BOOLEAN);
    }

    public static OptionSpec list(String name) {
        return of(name, Type.LIST);
    }

    private static OptionSpec of(String name, Type type) {
        return new OptionSpec(name, type, null, false, false, "", value -> null);
    }

    public OptionSpec required() {
        return new OptionSpec(name, type, null, true, isSecret, documentation, validator);
    }

    public OptionSpec defaultValue(String value) {
        return new OptionSpec(name, type, value, false, isSecret, documentation, validator);
    }

    public OptionSpec secret() {
        return new OptionSpec(name, type, defaultValue, isRequired, true, documentation, validator);
    }

    public OptionSpec documentation(String text) {
        return new OptionSpec(name, type, defaultValue, isRequired, isSecret, text, validator);
    }

    public OptionSpec validator(Validator check) {
        return new OptionSpec(name, type, defaultValue, isRequired, isSecret, documentation, check);
    }

    /**
     * A declared option that is missing or malformed in the text given.
     *
     * @param expected what a value must be; null when a required option is missing
     * @param found the text given; null when a required option is missing
     */
    public record Problem(OptionSpec spec, String expected, String found) {}

    /**
     * Options parsed from text: typed values and the problems found.
     *
     * @param values option name to value ({@link #value}), for each declared option given or defaulted
     */
    public record Parsed(Map<String, Object> values, List<Problem> problems) {}

    /**
     * Parses the text of every declared option, its default when absent, and checks it. Keys that
     * are not declared are the caller's to refuse.
     */
    public static Parsed parseAll(List<OptionSpec> declared, Map<String, String> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (OptionSpec spec : declared) {
            String text = raw.get(spec.name());
            if (text == null) {
                text = spec.defaultValue();
            }
            if (text == null) {
                if (spec.isRequired()) {
                    problems.add(new Problem(spec, null, null));
                }
                continue;
            }
            try {
                values.put(spec.name(), spec.value(text));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(spec, e.getMessage(), text));
            }
        }
        return new Parsed(values, List.copyOf(problems));
    }

    /**
     * Parses text as this option's type and checks it with the validator.
     *
     * @return the value: a String, Integer, Long, Boolean or List of Strings
     * @throws IllegalArgumentException whose message says what was expected
     */
    public Object value(String text) {
        Object value = parse(text);
        String expected = validator.check(value);
        if (expected != null) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    private Object parse(String text) {
        String trimmed = text.trim();
        return switch (type) {
            case STRING -> trimmed;
            case INT -> parseNumber(trimmed, "an integer", Integer::parseInt);
            case LONG -> parseNumber(trimmed, "an integer", Long::parseLong);
            case BOOLEAN -> switch (trimmed.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("true or false");
            };
            case LIST -> splitList(trimmed);
        };
    }

    /** Splits on commas outside parentheses, so {@code bucket(16, id), days(ts)} is two entries. */
    private static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                String item = text.substring(start, i).trim();
                if (!item.isEmpty()) {
                    items.add(item);
                }
                start = i + 1;
            }
        }
        return List.copyOf(items);
    }

    private static Object parseNumber(String text, String expected, java.util.function.Function<String, Object> parser) {
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    /** One line for listings: name, type, required or default, secret, documentation. */
    public String describe() {
        return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT)
                + (isRequired ? ", required" : defaultValue != null ? ", default " + defaultValue : ", optional")
                + (isSecret ? ", secret" : "") + "): " + documentation;
    }
}
