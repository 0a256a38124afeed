package io.movedata.cli;

import java.util.function.Function;

import picocli.CommandLine.TypeConversionException;

/** An option value parsed by the runtime's own parser, whose message picocli then shows as it is. */
final class ParsedValue {
    private ParsedValue() {}

    /** {@code parse(value)}; its IllegalArgumentException's message becomes picocli's conversion error. */
    static <T> T of(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
