package io.movedata.runtime.store;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the S3 requests of a scope (a split, the driver, a whole run) came to. Every failed attempt is
 * either retried or ends its call, so the failures add up to {@code retries + failedCalls}.
 *
 * @param requests HTTP requests sent, every attempt counted
 * @param retries requests the SDK sent again after a failed attempt
 * @param failedCalls calls whose last attempt failed too (a transient failure, as below; an answer such
 *     as 404 is not one)
 * @param refetches bodies fetched again after they broke off once their call had returned
 * @param failures failed attempts by cause: the HTTP status ({@code 503}, {@code 500}, ...), {@code no
 *     response} (a reset or timeout before the response), or {@code broken body} (a response whose
 *     body broke off while the SDK read it)
 */
public record S3Requests(long requests, long retries, long failedCalls, long refetches, Map<String, Long> failures)
        implements Serializable {
    public static final S3Requests NONE = new S3Requests(0, 0, 0, 0, Map.of());

    public S3Requests {
        failures = Collections.unmodifiableMap(new TreeMap<>(failures)); // sorted, for reports
    }

    public S3Requests plus(S3Requests other) {
        return new S3Requests(requests + other.requests, retries + other.retries, failedCalls + other.failedCalls,
                refetches + other.refetches, merged(other, 1));
    }

    /** These figures less {@code earlier}'s: what happened between two readings of the same counters. */
    public S3Requests minus(S3Requests earlier) {
        return new S3Requests(requests - earlier.requests, retries - earlier.retries, failedCalls - earlier.failedCalls,
                refetches - earlier.refetches, merged(earlier, -1));
    }

    private Map<String, Long> merged(S3Requests other, int sign) {
        Map<String, Long> sum = new TreeMap<>(failures);
        other.failures.forEach((cause, n) -> sum.merge(cause, sign * n, Long::sum));
        sum.values().removeIf(n -> n == 0);
        return sum;
    }
}
