package io.movedata.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap during one measurement, two ways: a daemon thread sampling the heap's used bytes every
 * millisecond or so, and the JVM's own per-pool peak usage (reset before the measurement; the sum
 * of the pools' peaks, which may be reached at different moments, so an upper bound).
 */
final class HeapMonitor implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
    private final AtomicLong sampledPeak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapMonitor() {
        sampler = new Thread(this::sample, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            long used = memory.getHeapMemoryUsage().getUsed();
            sampledPeak.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts a new measurement: collects garbage so it starts from the live set, and resets the peaks. */
    void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : heapPools) {
            pool.resetPeakUsage();
        }
        sampledPeak.set(memory.getHeapMemoryUsage().getUsed());
    }

    /** Highest heap use sampled since {@link #reset()}. */
    long sampledPeakBytes() {
        return Math.max(sampledPeak.get(), memory.getHeapMemoryUsage().getUsed());
    }

    /** Sum of the heap pools' peak usage since {@link #reset()}. */
    long poolPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    long maxHeapBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
