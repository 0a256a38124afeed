package io.movedata.runtime.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * Settings of a read that are not part of what is read: where executors put fetched SSTables, and
 * the id of the run's {@link ReadMetrics}, if any.
 */
record ScanContext(String localDirectory, String metricsId) implements Serializable {

    static ScanContext of(Map<String, String> options) {
        return new ScanContext(ReadOptions.localDirectory(options), ReadOptions.metricsId(options));
    }

    ReadMetrics metrics() {
        return metricsId == null ? null : ReadMetrics.registered(metricsId);
    }
}
