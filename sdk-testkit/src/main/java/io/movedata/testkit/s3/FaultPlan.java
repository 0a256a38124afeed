package io.movedata.testkit.s3;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which requests {@link FaultyS3} faults and how, decided from a seed alone: the {@code n}-th
 * occurrence of a request identity (method, path with query, {@code Range}) is faulted when a hash
 * of (seed, identity, n) falls under {@code rate}, and the same hash picks the fault from the mix.
 * So a run is reproducible whatever the order in which threads send their requests.
 *
 * <p>Immutable; each {@code with}-style method returns a new plan.
 *
 * @param seed the seed of every decision
 * @param rate the share of requests faulted, 0 to 1
 * @param mix the faults to choose from, equally likely (a fault that needs a body is only chosen for
 *     a GET or a listing)
 * @param appliesTo the request classes that may be faulted; others are always forwarded faithfully
 * @param latencyRate the share of forwarded requests whose response is delayed by {@code latency}
 * @param latency the delay before the response head of a delayed request
 */
public record FaultPlan(long seed, double rate, List<S3Fault> mix, Set<RequestClass> appliesTo, double latencyRate, Duration latency) {

    public FaultPlan {
        if (rate < 0 || rate > 1 || latencyRate < 0 || latencyRate > 1) {
            throw new IllegalArgumentException("rates must be between 0 and 1, not " + rate + " and " + latencyRate);
        }
        mix = List.copyOf(mix);
        appliesTo = Set.copyOf(appliesTo);
        Objects.requireNonNull(latency, "latency");
    }

    /** Forwards every request faithfully. */
    public static FaultPlan none() {
        return seeded(0);
    }

    /** No faults yet, every fault kind in the mix, every request class eligible, no latency. */
    public static FaultPlan seeded(long seed) {
        return new FaultPlan(seed, 0, List.of(S3Fault.values()), EnumSet.allOf(RequestClass.class), 0, Duration.ZERO);
    }

    public FaultPlan rate(double newRate) {
        return new FaultPlan(seed, newRate, mix, appliesTo, latencyRate, latency);
    }

    public FaultPlan mix(S3Fault... faults) {
        return new FaultPlan(seed, rate, List.of(faults), appliesTo, latencyRate, latency);
    }

    public FaultPlan appliesTo(RequestClass... classes) {
        return new FaultPlan(seed, rate, mix, Set.of(classes), latencyRate, latency);
    }

    public FaultPlan latency(double newRate, Duration delay) {
        return new FaultPlan(seed, rate, mix, appliesTo, newRate, delay);
    }

    /** The fault for this occurrence of the request, or null to forward it. */
    S3Fault faultFor(RequestClass requestClass, String identity, long occurrence) {
        if (rate == 0 || !appliesTo.contains(requestClass)) {
            return null;
        }
        long h = hash(identity, occurrence, 1);
        if (unit(h) >= rate) {
            return null;
        }
        boolean hasBody = requestClass == RequestClass.GET_OBJECT || requestClass == RequestClass.GET_RANGE || requestClass == RequestClass.LIST;
        List<S3Fault> eligible = new ArrayList<>();
        for (S3Fault f : mix) {
            if (hasBody || !f.cutsBody()) {
                eligible.add(f);
            }
        }
        return eligible.isEmpty() ? null : eligible.get((int) Long.remainderUnsigned(hash(identity, occurrence, 2), eligible.size()));
    }

    /** Whether this occurrence of the request is delayed by {@link #latency()}. */
    boolean delayed(String identity, long occurrence) {
        return latencyRate > 0 && unit(hash(identity, occurrence, 3)) < latencyRate;
    }

    private long hash(String identity, long occurrence, long purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix64(mix64(seed ^ h) + occurrence * 0x9e3779b97f4a7c15L + purpose);
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }
}
