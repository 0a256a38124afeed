package io.movedata.api;

import java.io.Serializable;

/**
 * A count a connector keeps while its transforms run on the executors, reported in the movement's
 * report under {@code connector.counts} with the first few samples (for example the items a
 * {@code skip} policy left out, and why). Obtained from {@link ConnectorContext#count} on the
 * driver and captured by the transform; adding is cheap and thread-safe.
 */
public interface ReportedCount extends Serializable {

    /** Counts one occurrence, described by {@code sample} (kept only among the first few). */
    void add(String sample);
}
