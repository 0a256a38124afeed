package io.movedata.runtime.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.util.AccumulatorV2;

import io.movedata.api.ReportedCount;

/**
 * A connector's {@link ReportedCount} as a Spark accumulator: the count and the first
 * {@link #SAMPLES} samples. A transform capturing it adds to its task's copy on the executor; Spark
 * merges the copies of successful tasks into the driver's as the tasks finish, so the samples kept
 * are the first ones merged, not necessarily the first in token order.
 */
public final class CountAccumulator extends AccumulatorV2<String, CountAccumulator.Counted> implements ReportedCount {
    private static final long serialVersionUID = 1L;

    /** Samples kept: enough to see what was counted, few enough for a report. */
    public static final int SAMPLES = 10;

    /**
     * @param count occurrences added
     * @param samples the first {@link #SAMPLES} of their samples
     */
    public record Counted(long count, List<String> samples) {
        public Counted {
            samples = List.copyOf(samples);
        }
    }

    private long count;
    private final List<String> samples = new ArrayList<>();

    @Override
    public synchronized void add(String sample) {
        count++;
        if (samples.size() < SAMPLES) {
            samples.add(String.valueOf(sample));
        }
    }

    @Override
    public synchronized boolean isZero() {
        return count == 0;
    }

    @Override
    public synchronized AccumulatorV2<String, Counted> copy() {
        CountAccumulator copy = new CountAccumulator();
        copy.count = count;
        copy.samples.addAll(samples);
        return copy;
    }

    @Override
    public synchronized void reset() {
        count = 0;
        samples.clear();
    }

    @Override
    public synchronized void merge(AccumulatorV2<String, Counted> other) {
        Counted added = other.value();
        count += added.count();
        added.samples().stream().limit(SAMPLES - samples.size()).forEach(samples::add);
    }

    @Override
    public synchronized Counted value() {
        return new Counted(count, samples);
    }
}
