package io.movedata.connector.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Strict UTF-8 decoding, and keys shown as text when they are text. */
public final class Utf8 {
    private Utf8() {}

    /**
     * The UTF-8 text of {@code bytes}, or null for no bytes.
     *
     * @throws CharacterCodingException when the bytes are not valid UTF-8
     */
    static String decode(byte[] bytes) throws CharacterCodingException {
        if (bytes.length == 0) {
            return null;
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * A key as people read it: its UTF-8 text when it is valid UTF-8 without control characters,
     * else {@code 0x} and its bytes in hex (e.g. {@code 0xff00}); null for null.
     */
    public static String keyText(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            String text = decode(key);
            if (text == null) {
                return "";
            }
            if (text.chars().noneMatch(Character::isISOControl)) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not text: shown in hex below
        }
        return "0x" + HexFormat.of().formatHex(key);
    }
}
