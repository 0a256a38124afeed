package io.movedata.connector.graph;

import java.io.Serializable;

/**
 * The two node ids of an edge in canonical order, {@code low <= high} in UTF-8 byte order (the
 * order Spark compares strings in), and the id its properties are stored under: both ids, each with
 * {@code \} written {@code \\} and {@code |} written {@code \|}, joined by {@code |}. So
 * {@code a|b} is the pair ({@code a}, {@code b}), {@code x\|y|z} is ({@code x|y}, {@code z}), and an
 * id may hold any character.
 *
 * @param low the lesser id
 * @param high the greater id (equal to {@code low} for an edge from a node to itself)
 */
public record EdgePair(String low, String high) implements Serializable {
    private static final char SEPARATOR = '|';
    private static final char ESCAPE = '\\';

    /**
     * @throws IllegalArgumentException when {@code low} is greater than {@code high}
     */
    public EdgePair {
        if (compare(low, high) > 0) {
            throw new IllegalArgumentException("An edge pair's ids must be in order, found '" + low + "' before '" + high + "'");
        }
    }

    /** The pair of two ids in either order. */
    public static EdgePair of(String a, String b) {
        return compare(a, b) <= 0 ? new EdgePair(a, b) : new EdgePair(b, a);
    }

    /** The id the pair's edge properties are stored under. */
    public String propertiesId() {
        return escape(low) + SEPARATOR + escape(high);
    }

    /**
     * The pair an edge-properties id names, or null when it is not two escaped ids joined by
     * {@code |} with the lesser first.
     */
    public static EdgePair ofPropertiesId(String id) {
        StringBuilder first = null;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == ESCAPE) {
                if (i + 1 == id.length() || id.charAt(i + 1) != ESCAPE && id.charAt(i + 1) != SEPARATOR) {
                    return null;
                }
                current.append(id.charAt(++i));
            } else if (c == SEPARATOR) {
                if (first != null) {
                    return null;
                }
                first = current;
                current = new StringBuilder();
            } else {
                current.append(c);
            }
        }
        if (first == null || compare(first.toString(), current.toString()) > 0) {
            return null;
        }
        return new EdgePair(first.toString(), current.toString());
    }

    /** Whether {@code id} is the lesser id of the pair (for an edge from a node to itself, always). */
    public boolean isLow(String id) {
        return low.equals(id);
    }

    /**
     * The ids' order: that of their UTF-8 bytes, which is that of their code points. UTF-16 units
     * compare the same way, except where a surrogate (half of a code point above U+FFFF) meets a unit
     * of the Basic Multilingual Plane: there the surrogate's code point is the greater.
     */
    public static int compare(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean surrogateX = Character.isSurrogate(x);
                return surrogateX == Character.isSurrogate(y) ? Character.compare(x, y) : surrogateX ? 1 : -1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static String escape(String id) {
        return id.replace("\\", "\\\\").replace("|", "\\|");
    }
}
