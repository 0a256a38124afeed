package io.movedata.testkit.s3;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What {@link FaultyS3} saw and did since its plan was last set: requests by class, faults injected
 * by kind (a fault is counted only when it was actually applied), and responses delayed.
 */
public record FaultCounts(Map<RequestClass, Long> requests, Map<S3Fault, Long> injected, long delayed) {

    public FaultCounts {
        requests = Map.copyOf(requests);
        injected = Map.copyOf(injected);
    }

    /** Every request received. */
    public long totalRequests() {
        return requests.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every fault injected. */
    public long totalInjected() {
        return injected.values().stream().mapToLong(Long::longValue).sum();
    }

    public long requests(RequestClass requestClass) {
        return requests.getOrDefault(requestClass, 0L);
    }

    public long injected(S3Fault fault) {
        return injected.getOrDefault(fault, 0L);
    }

    @Override
    public String toString() {
        return totalRequests() + " requests " + requests + ", " + totalInjected() + " faults " + injected + ", " + delayed + " delayed";
    }

    /** Thread-safe counters behind a {@link FaultCounts}. */
    static final class Tally {
        private final AtomicLongArray requests = new AtomicLongArray(RequestClass.values().length);
        private final AtomicLongArray injected = new AtomicLongArray(S3Fault.values().length);
        private final java.util.concurrent.atomic.AtomicLong delayed = new java.util.concurrent.atomic.AtomicLong();

        void request(RequestClass c) {
            requests.incrementAndGet(c.ordinal());
        }

        void injected(S3Fault f) {
            injected.incrementAndGet(f.ordinal());
        }

        void delayed() {
            delayed.incrementAndGet();
        }

        void addTo(Map<RequestClass, Long> r, Map<S3Fault, Long> i, long[] d) {
            for (RequestClass c : RequestClass.values()) {
                if (requests.get(c.ordinal()) > 0) {
                    r.merge(c, requests.get(c.ordinal()), Long::sum);
                }
            }
            for (S3Fault f : S3Fault.values()) {
                if (injected.get(f.ordinal()) > 0) {
                    i.merge(f, injected.get(f.ordinal()), Long::sum);
                }
            }
            d[0] += delayed.get();
        }

        static FaultCounts sum(Iterable<Tally> tallies) {
            Map<RequestClass, Long> r = new EnumMap<>(RequestClass.class);
            Map<S3Fault, Long> i = new EnumMap<>(S3Fault.class);
            long[] d = {0};
            for (Tally t : tallies) {
                t.addTo(r, i, d);
            }
            return new FaultCounts(r, i, d[0]);
        }
    }
}
