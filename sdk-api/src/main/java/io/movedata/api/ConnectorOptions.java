package io.movedata.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connector's options after validation against its {@link OptionSpec}s: typed values, defaults
 * applied, and a masked view for reports.
 */
public final class ConnectorOptions {
    private static final String MASK = "****";

    private final String connector;
    private final Map<String, OptionSpec> specs;
    private final Map<String, Object> values;

    private ConnectorOptions(String connector, Map<String, OptionSpec> specs, Map<String, Object> values) {
        this.connector = connector;
        this.specs = specs;
        this.values = values;
    }

    /**
     * Validates raw option text against the declarations.
     *
     * @param connector the connector's name, for messages
     * @throws ConnectorException listing every unknown, missing or malformed option with what it
     *         expects and its documentation
     */
    public static ConnectorOptions validate(String connector, List<OptionSpec> declared, Map<String, String> raw) {
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        declared.forEach(spec -> specs.put(spec.name(), spec));
        List<String> problems = new ArrayList<>();
        for (String key : new TreeMap<>(raw).keySet()) {
            if (!specs.containsKey(key)) {
                problems.add("unknown option '" + key + "'; known options: " + String.join(", ", specs.keySet()));
            }
        }
        OptionSpec.Parsed parsed = OptionSpec.parseAll(declared, raw);
        for (OptionSpec.Problem problem : parsed.problems()) {
            problems.add(problem.found() == null
                    ? "option '" + problem.spec().name() + "' is required: " + problem.spec().documentation()
                    : problem(problem.spec(), "expected " + problem.expected(), problem.found()));
        }
        if (!problems.isEmpty()) {
            // One line, as every movedata error: the CLI prints it after "movedata: ".
            throw new ConnectorException("Invalid options for connector '" + connector + "': " + String.join("; ", problems));
        }
        return new ConnectorOptions(connector, specs, parsed.values());
    }

    private static String problem(OptionSpec spec, String expected, String found) {
        return "option '" + spec.name() + "': " + expected + ", found '" + (spec.isSecret() ? MASK : found) + "' ("
                + spec.documentation() + ")";
    }

    /** Whether the option has a value (given or defaulted). */
    public boolean has(String name) {
        return values.containsKey(declared(name).name());
    }

    public String string(String name) {
        return (String) value(name);
    }

    public int integer(String name) {
        return (Integer) value(name);
    }

    public long longInteger(String name) {
        return (Long) value(name);
    }

    public boolean bool(String name) {
        return (Boolean) value(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        Object value = values.get(declared(name).name());
        return value == null ? List.of() : (List<String>) value;
    }

    /** The values as text with secrets masked: safe for reports, logs and lineage. */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((name, value) -> shown.put(name, specs.get(name).isSecret() ? MASK
                : value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value)));
        return Collections.unmodifiableMap(shown);
    }

    private Object value(String name) {
        Object value = values.get(declared(name).name());
        if (value == null) {
            throw new ConnectorException("Connector '" + connector + "' read option '" + name
                    + "', which has no value and no default");
        }
        return value;
    }

    private OptionSpec declared(String name) {
        OptionSpec spec = specs.get(name);
        if (spec == null) {
            throw new ConnectorException("Connector '" + connector + "' read option '" + name
                    + "', which it does not declare; declared: " + String.join(", ", specs.keySet()));
        }
        return spec;
    }

    @Override
    public String toString() {
        return masked().toString();
    }
}
