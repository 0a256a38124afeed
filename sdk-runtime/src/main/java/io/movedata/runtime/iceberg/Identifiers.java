package io.movedata.runtime.iceberg;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names movedata gives Iceberg catalogs, namespaces and tables: identifiers of ASCII letters,
 * digits and {@code _}, not starting with a digit, so that they need no quoting in Spark SQL.
 */
public final class Identifiers {
    private Identifiers() {}

    /**
     * What is wrong with {@code text} as an identifier or, when {@code dotted}, as dot-separated
     * identifiers ({@code lake.shop}): which characters are not allowed, which part starts with a
     * digit or is empty. Null when nothing is.
     */
    public static String problem(String text, boolean dotted) {
        Set<String> disallowed = new LinkedHashSet<>();
        for (char c : text.toCharArray()) {
            boolean allowed = c < 128 && (Character.isLetterOrDigit(c) || c == '_') || dotted && c == '.';
            if (!allowed) {
                disallowed.add(c == ' ' ? "space" : Character.isWhitespace(c) ? "whitespace" : "'" + c + "'");
            }
        }
        Set<String> reasons = new LinkedHashSet<>();
        if (!disallowed.isEmpty()) {
            List<String> listed = new ArrayList<>(disallowed);
            String last = listed.remove(listed.size() - 1);
            reasons.add((listed.isEmpty() ? last : String.join(", ", listed) + " and " + last)
                    + (disallowed.size() == 1 ? " is" : " are") + " not allowed");
        }
        for (String part : dotted ? text.split("\\.", -1) : new String[] {text}) {
            if (part.isEmpty()) {
                reasons.add(dotted ? "a part between dots is empty" : "it is empty");
            } else if (Character.isDigit(part.charAt(0))) {
                reasons.add("'" + part + "' starts with a digit");
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        return "expected " + (dotted ? "dot-separated identifiers" : "an identifier")
                + " (letters, digits and _, not starting with a digit), found '" + text + "': " + String.join(", ", reasons);
    }
}
