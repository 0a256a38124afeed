package io.movedata.runtime.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the S3 requests of one scope as the SDK sends them: each request carries the counters it
 * is counted in ({@link S3ObjectStore#countingInto}), so the tasks of an executor sharing one client
 * each count their own. Thread-safe.
 */
public final class S3RequestCounters {
    static final ExecutionAttribute<S3RequestCounters> COUNTERS = new ExecutionAttribute<>("movedata.s3RequestCounters");

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final LongAdder refetches = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** The figures so far. */
    public S3Requests figures() {
        Map<String, Long> byCause = new HashMap<>();
        failures.forEach((cause, n) -> byCause.put(cause, n.sum()));
        return new S3Requests(requests.sum(), retries.sum(), failedCalls.sum(), refetches.sum(), byCause);
    }

    void refetched() {
        refetches.increment();
    }

    private void failed(Integer status) {
        String cause = status == null ? "no response" : status / 100 == 2 ? "broken body" : status.toString();
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /**
     * Whether an attempt that ended with {@code status} failed transiently: no response, a body that
     * broke off, a timeout, throttling or a server error. Other answers (404 for an object that is not
     * there) are the store's answer, not a failure of the request.
     */
    private static boolean transientFailure(Integer status) {
        return status == null || status / 100 == 2 || status == 408 || status == 429 || status >= 500;
    }

    /**
     * The SDK's view of each call: one {@code beforeTransmission} per attempt. An attempt is known to
     * have failed when another follows it in the same call, or when the call fails.
     */
    static final class Interceptor implements ExecutionInterceptor {
        /** The status of the call's last attempt (null: none yet, or no response), and whether there was one. */
        private static final ExecutionAttribute<Integer[]> LAST_ATTEMPT = new ExecutionAttribute<>("movedata.s3LastAttempt");

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            S3RequestCounters counters = attributes.getAttribute(COUNTERS);
            if (counters == null) {
                return;
            }
            Integer[] last = attributes.getAttribute(LAST_ATTEMPT);
            if (last != null) {
                counters.retries.increment();
                counters.failed(last[0]);
            }
            attributes.putAttribute(LAST_ATTEMPT, new Integer[] {null});
            counters.requests.increment();
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            Integer[] last = attributes.getAttribute(LAST_ATTEMPT);
            if (last != null) {
                last[0] = context.httpResponse().statusCode();
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            S3RequestCounters counters = attributes.getAttribute(COUNTERS);
            if (counters == null) {
                return;
            }
            Integer[] last = attributes.getAttribute(LAST_ATTEMPT);
            if (last != null && transientFailure(last[0])) {
                counters.failedCalls.increment();
                counters.failed(last[0]);
            }
        }
    }
}
