package io.movedata.runtime.sstable;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL script (a backup's {@code schema.cql}) into statements. Semicolons inside string
 * literals, quoted identifiers, {@code $$} bodies and comments do not end a statement; comments are
 * dropped.
 */
final class CqlScript {
    private CqlScript() {}

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                int end = endOfQuoted(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (script.startsWith("$$", i)) {
                int close = script.indexOf("$$", i + 2);
                int end = close < 0 ? n : close + 2;
                current.append(script, i, end);
                i = end;
            } else if (script.startsWith("--", i) || script.startsWith("//", i)) {
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
                current.append(' ');
            } else if (script.startsWith("/*", i)) {
                int close = script.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                current.append(' ');
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    /** Index just past the closing quote; a doubled quote is an escaped quote. */
    private static int endOfQuoted(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().trim();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
