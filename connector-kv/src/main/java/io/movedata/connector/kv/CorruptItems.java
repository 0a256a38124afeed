package io.movedata.connector.kv;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.OptionSpec;
import io.movedata.api.ReportedCount;

/**
 * What a connector reading a namespace ({@link KvNamespace}) does with an item it cannot rebuild:
 * fail the movement, or leave it out and count it under {@code corruptItems}.
 */
public final class CorruptItems implements Serializable {
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

    /** The option choosing the policy, {@code fail} (the default) or {@code skip}, declared under {@code name}. */
    public static OptionSpec option(String name) {
        return OptionSpec.string(name).defaultValue(FAIL)
                .validator(OptionSpec.Validator.oneOf(FAIL, SKIP))
                .documentation("a corrupt item (missing chunk, size or checksum mismatch, undecodable value): "
                        + "'fail' the movement naming it, or 'skip' it and count it in the report");
    }

    /**
     * The policy the value of {@link #option} names, for {@code namespace}. Namespaces of one
     * connector share the report's count {@code corruptItems}; each sample names its namespace.
     */
    public static CorruptItems of(String option, String namespace, ConnectorContext context) {
        return option.equals(SKIP) ? skip(namespace, context.count(COUNT, "corrupt items left out (onCorrupt=skip)"))
                : fail(namespace);
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
