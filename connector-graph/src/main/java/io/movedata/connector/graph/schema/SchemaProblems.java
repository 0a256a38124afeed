package io.movedata.connector.graph.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import io.movedata.api.ConnectorException;

/** The problems found in a graph schema, each on its line, refused together in one line. */
final class SchemaProblems {
    private record Problem(int line, String message) {}

    private final List<Problem> problems = new ArrayList<>();

    void add(int line, String message) {
        problems.add(new Problem(line, message));
    }

    /** @throws ConnectorException (invalid input) listing every problem by line, when there is one */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
    }

    static ConnectorException single(int line, String message) {
        return refusal(List.of(new Problem(line, message)));
    }

    private static ConnectorException refusal(List<Problem> problems) {
        return new ConnectorException("Invalid graph schema (connector option '" + GraphSchema.OPTION + "'): "
                + problems.stream().sorted(Comparator.comparingInt(Problem::line))
                        .map(problem -> "line " + problem.line() + ": " + problem.message())
                        .collect(Collectors.joining("; ")));
    }
}
