package io.movedata.connector.graph;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.movedata.connector.graph.Integrity.Fault;
import io.movedata.connector.graph.schema.PropertyType;
import io.movedata.connector.kv.Utf8;

/**
 * The typed property columns of a table (a node type's, or the edges table's), filled from stored
 * properties ({@code key} the property name, {@code value} the UTF-8 of its text): a declared
 * property's value parsed as its type. A value that does not parse as its type, and a property its
 * owner does not declare, are faults ({@link Integrity}): left out of the columns, and kept in the
 * raw properties when the policy keeps them. A column never holds a value not of its type.
 */
final class PropertyColumns implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How much of a value a sample shows. */
    private static final int SAMPLE_CHARS = 60;

    /** Each column's index in the row's property values. */
    private final Map<String, Integer> index = new HashMap<>();

    /** @param columns the table's property columns and their types, in column order */
    PropertyColumns(Map<String, PropertyType> columns) {
        columns.keySet().forEach(name -> index.put(name, index.size()));
    }

    int size() {
        return index.size();
    }

    /**
     * Reads one stored property of {@code owner} into {@code values} (indexed like the columns) or,
     * when it is a fault the policy keeps, into {@code raw}.
     *
     * @param declared the properties the owner's node type or edge mapping declares, a subset of the columns
     * @param owner the node or edge, as samples name it (asked only for a fault)
     */
    void read(Map<String, PropertyType> declared, Supplier<String> owner, byte[] key, byte[] value, Object[] values,
              Map<String, byte[]> raw, Integrity integrity) {
        String name = Text.utf8(key);
        PropertyType type = name == null ? null : declared.get(name);
        String text = type == null ? null : Text.utf8(value);
        if (type == null) {
            String shown = Utf8.keyText(key);
            integrity.found(Fault.UNDECLARED_PROPERTY, owner.get() + ": property '" + shown + "' is not declared (declared: "
                    + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
            keep(shown, value, raw, integrity);
            return;
        }
        Object parsed = text == null ? null : type.parse(text);
        if (parsed == null) {
            integrity.found(Fault.UNPARSABLE_VALUE, owner.get() + ": property '" + name + "' is " + shown(value) + ", not "
                    + type.format() + " (" + type + ")");
            keep(name, value, raw, integrity);
            return;
        }
        values[index.get(name)] = parsed;
    }

    private static void keep(String name, byte[] value, Map<String, byte[]> raw, Integrity integrity) {
        if (integrity.keepsRaw()) {
            raw.put(name, value);
        }
    }

    /** A value as a sample shows it: quoted text, or hex when it is not text, cut short. */
    private static String shown(byte[] value) {
        String shown = Utf8.keyText(value);
        String cut = shown.length() > SAMPLE_CHARS ? shown.substring(0, SAMPLE_CHARS) + "..." : shown;
        return shown.equals(Text.utf8(value)) ? "'" + cut + "'" : cut;
    }
}
