package io.movedata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The {@code --json} output of the commands that have one: one JSON document, indented, from records
 * whose components are the documented fields (docs/backups.md, docs/connectors.md); a value there is
 * none of is {@code null}, never left out, so every field is always there.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** {@code document} as JSON text, ending with a line break. */
    static String text(Object document) {
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + document.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }
}
