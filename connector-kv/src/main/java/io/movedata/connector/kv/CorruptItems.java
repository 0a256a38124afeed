package io.movedata.connector.kv;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.ReportedCount;

/** What the connector does with an item it cannot rebuild: fail the movement, or leave it out and count it. */
final class CorruptItems implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String FAIL = "fail";
    static final String SKIP = "skip";
    static final String COUNT = "corruptItems";

    private final String namespace;
    /** Null when failing. */
    private final ReportedCount skipped;

    private CorruptItems(String namespace, ReportedCount skipped) {
        this.namespace = namespace;
        this.skipped = skipped;
    }

    static CorruptItems fail(String namespace) {
        return new CorruptItems(namespace, null);
    }

    static CorruptItems skip(String namespace, ReportedCount count) {
        return new CorruptItems(namespace, count);
    }

    /**
     * An item of record {@code id} is corrupt, for the reason given. The id and the key are shown as
     * text when they are text without control characters, else as {@code 0x} and hex.
     *
     * @throws ConnectorException ({@link ErrorKind#UNREADABLE_SOURCE}) when failing
     */
    void found(String id, byte[] key, String why) {
        // An id with control characters (a newline) is shown in hex, as a key is, so the message stays one line.
        String item = "namespace " + namespace + ", id '" + Utf8.keyText(id.getBytes(StandardCharsets.UTF_8)) + "', key '"
                + Utf8.keyText(key) + "': " + why;
        if (skipped == null) {
            throw new ConnectorException(ErrorKind.UNREADABLE_SOURCE, "Corrupt item in " + item
                    + " (connector option onCorrupt=skip leaves corrupt items out and counts them)");
        }
        skipped.add(item);
    }
}
