package io.movedata.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small CQL lexer: enough to split a script into statements and to find the literals of a
 * statement, honouring quotes, dollar-quoted strings and comments.
 */
final class Cql {
    enum Kind { STRING, NUMBER, UUID, HEX, IDENT, QUOTED_IDENT, SYMBOL, BIND, WS, COMMENT, OTHER }

    /** One token; {@code start}/{@code end} index the source text. */
    record Token(Kind kind, int start, int end, String text) {
        boolean significant() {
            return kind != Kind.WS && kind != Kind.COMMENT;
        }
    }

    private static final Pattern UUID_AT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9a-zA-Z_])");
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?([eE][+-]?\\d+)?|NaN|Infinity)");

    private Cql() {}

    /** The statements of a script, without their ';', skipping empty and comment-only ones. */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        boolean content = false;
        for (Token t : tokenize(script)) {
            if (t.kind() == Kind.SYMBOL && t.text().equals(";")) {
                if (content) {
                    statements.add(script.substring(start, t.start()).trim());
                }
                start = t.end();
                content = false;
            } else if (t.significant()) {
                content = true;
            }
        }
        if (content) {
            statements.add(script.substring(start).trim());
        }
        return statements;
    }

    static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WS, start, i, s.substring(start, i)));
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-' || c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                tokens.add(new Token(Kind.COMMENT, start, i, s.substring(start, i)));
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                tokens.add(new Token(Kind.COMMENT, start, i, s.substring(start, i)));
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(d);
                    i++;
                }
                tokens.add(new Token(Kind.STRING, start, i, value.toString()));
            } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '$') {
                int close = s.indexOf("$$", i + 2);
                int end = close < 0 ? n : close;
                i = close < 0 ? n : close + 2;
                tokens.add(new Token(Kind.STRING, start, i, s.substring(start + 2, end)));
            } else if (c == '"') {
                i++;
                while (i < n) {
                    if (s.charAt(i) == '"') {
                        if (i + 1 < n && s.charAt(i + 1) == '"') {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                tokens.add(new Token(Kind.QUOTED_IDENT, start, i, s.substring(start, i)));
            } else if (uuidAt(s, i)) {
                i += 36;
                tokens.add(new Token(Kind.UUID, start, i, s.substring(start, i)));
            } else if (c == '0' && i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                i += 2;
                while (i < n && Character.isLetterOrDigit(s.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.HEX, start, i, s.substring(start, i)));
            } else if (Character.isDigit(c) || c == '-' && i + 1 < n && Character.isDigit(s.charAt(i + 1)) && negativeAllowed(tokens)) {
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (Character.isLetterOrDigit(d) || d == '.' || d == '_') {
                        i++;
                    } else if ((d == '+' || d == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) {
                        i++;
                    } else {
                        break;
                    }
                }
                String text = s.substring(start, i);
                tokens.add(new Token(NUMBER.matcher(text).matches() ? Kind.NUMBER : Kind.OTHER, start, i, text));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, start, i, s.substring(start, i)));
            } else if (c == '?') {
                i++;
                tokens.add(new Token(Kind.BIND, start, i, "?"));
            } else if (c == ':' && i + 1 < n && (Character.isLetter(s.charAt(i + 1)) || s.charAt(i + 1) == '"')) {
                i++;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '"')) {
                    i++;
                }
                tokens.add(new Token(Kind.BIND, start, i, s.substring(start, i)));
            } else {
                i++;
                tokens.add(new Token(Kind.SYMBOL, start, i, String.valueOf(c)));
            }
        }
        return tokens;
    }

    /** The literals a bind marker could stand for (strings, numbers, uuids, blobs), in order. */
    static List<Token> replaceableLiterals(List<Token> tokens) {
        List<Token> literals = new ArrayList<>();
        for (Token t : tokens) {
            switch (t.kind()) {
                case STRING, NUMBER, UUID, HEX -> literals.add(t);
                default -> { }
            }
        }
        return literals;
    }

    /** Whether the statement has a bind marker ({@code ?} or {@code :name}). */
    static boolean hasBindMarker(List<Token> tokens) {
        return tokens.stream().anyMatch(t -> t.kind() == Kind.BIND);
    }

    /** {@code cql} with each of {@code literals} (tokens of it, in order) replaced by {@code ?}. */
    static String withMarkers(String cql, List<Token> literals) {
        StringBuilder sb = new StringBuilder(cql.length());
        int at = 0;
        for (Token t : literals) {
            sb.append(cql, at, t.start()).append('?');
            at = t.end();
        }
        return sb.append(cql, at, cql.length()).toString();
    }

    private static boolean uuidAt(String s, int i) {
        if (i + 36 > s.length()) {
            return false;
        }
        if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
            return false;
        }
        return UUID_AT.matcher(s).region(i, s.length()).lookingAt();
    }

    /** A '-' starts a negative number unless it follows an operand (then it is an operator). */
    private static boolean negativeAllowed(List<Token> tokens) {
        for (int k = tokens.size() - 1; k >= 0; k--) {
            Token t = tokens.get(k);
            if (!t.significant()) {
                continue;
            }
            return switch (t.kind()) {
                case NUMBER, STRING, UUID, HEX, QUOTED_IDENT, BIND, OTHER -> false;
                case IDENT -> isKeywordBeforeValue(t.text());
                case SYMBOL -> !t.text().equals(")") && !t.text().equals("]") && !t.text().equals("}");
                default -> true;
            };
        }
        return true;
    }

    private static boolean isKeywordBeforeValue(String word) {
        return switch (word.toUpperCase(java.util.Locale.ROOT)) {
            case "TIMESTAMP", "TTL", "IN", "AND", "OR", "WHERE", "SET", "VALUES", "USING", "CONTAINS", "KEY" -> true;
            default -> false;
        };
    }
}
