package io.movedata.connector.timeseries;

import java.io.Serializable;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.ReportedCount;

/** What the connector does with an item whose value it cannot decode: fail the movement, or leave it out and count it. */
final class CorruptItems implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String FAIL = "fail";
    static final String SKIP = "skip";
    static final String COUNT = "corruptItems";

    /** Null when failing. */
    private final ReportedCount skipped;

    private CorruptItems(ReportedCount skipped) {
        this.skipped = skipped;
    }

    static CorruptItems fail() {
        return new CorruptItems(null);
    }

    static CorruptItems skip(ReportedCount count) {
        return new CorruptItems(count);
    }

    /**
     * The item ({@link EventItem#describe}) is corrupt, for the reason given.
     *
     * @throws ConnectorException ({@link ErrorKind#UNREADABLE_SOURCE}) when failing
     */
    void found(String item, String why) {
        if (skipped == null) {
            throw new ConnectorException(ErrorKind.UNREADABLE_SOURCE, "Corrupt item in " + item + ": " + why
                    + " (connector option onCorrupt=skip leaves corrupt items out and counts them)");
        }
        skipped.add(item + ": " + why);
    }
}
