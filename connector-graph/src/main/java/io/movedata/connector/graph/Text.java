package io.movedata.connector.graph;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.movedata.connector.kv.Utf8;

/** Stored bytes as text, and ids as samples show them. */
final class Text {
    private Text() {}

    /** The UTF-8 text of {@code bytes}, or null when they are not valid UTF-8. */
    static String utf8(byte[] bytes) {
        if (ascii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII); // most names and values: no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** An id as samples show it: as text, or in hex when it has control characters, so a sample stays one line. */
    static String id(String id) {
        return Utf8.keyText(id.getBytes(StandardCharsets.UTF_8));
    }
}
