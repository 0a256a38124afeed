package io.movedata.connector.timeseries;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.movedata.api.ReportedCount;

/** A {@link ReportedCount} that keeps every sample, for tests that run a transform in one JVM. */
final class CountedSamples implements ReportedCount {
    private static final long serialVersionUID = 1L;
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void add(String sample) {
        samples.add(sample);
    }

    List<String> samples() {
        return List.copyOf(samples);
    }
}
