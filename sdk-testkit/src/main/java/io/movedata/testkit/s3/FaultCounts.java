package io.movedata.testkit.s3;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.movedata.runtime.store.S3Requests;

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

    /**
     * How movedata's figures for the same requests ({@code MovementReport.s3()}, {@code
     * ObjectStore.requests()}) disagree with these counts, or null when they count each request and
     * each fault once: every {@code 503}, {@code 500} and reset before the response under its cause,
     * and every body cut either as an attempt the SDK retried ({@code broken body}) or as a body
     * movedata fetched again.
     */
    public String disagreementWith(S3Requests s3) {
        List<String> problems = new ArrayList<>();
        compare(problems, "requests", totalRequests(), s3.requests());
        compare(problems, "503", injected(S3Fault.SLOW_DOWN), s3.failures().getOrDefault("503", 0L));
        compare(problems, "500", injected(S3Fault.INTERNAL_ERROR), s3.failures().getOrDefault("500", 0L));
        compare(problems, "no response", injected(S3Fault.RESET_BEFORE_RESPONSE), s3.failures().getOrDefault("no response", 0L));
        compare(problems, "broken body + refetches", injected(S3Fault.RESET_MID_BODY) + injected(S3Fault.TRUNCATED_BODY),
                s3.failures().getOrDefault("broken body", 0L) + s3.refetches());
        return problems.isEmpty() ? null : "the proxy counted " + this + ", the client " + s3 + ": " + String.join(", ", problems);
    }

    private static void compare(List<String> problems, String what, long proxy, long client) {
        if (proxy != client) {
            problems.add(what + " " + proxy + " by the proxy, " + client + " by the client");
        }
    }

    @Override
    public String toString() {
        return totalRequests() + " requests " + requests + ", " + totalInjected() + " faults " + injected + ", " + delayed + " delayed";
    }

    /** Thread-safe counters behind a {@link FaultCounts}. */
    static final class Tally {
        private final AtomicLongArray requests = new AtomicLongArray(RequestClass.values().length);
        private final AtomicLongArray injected = new AtomicLongArray(S3Fault.values().length);
        private final AtomicLong delayed = new AtomicLong();

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
