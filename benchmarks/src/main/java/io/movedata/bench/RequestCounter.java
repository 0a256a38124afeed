package io.movedata.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests every AWS SDK client of this JVM sends, by S3 operation. The SDK adds it
 * to every client it builds because this module lists it in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so the object stores
 * are measured as they are, unchanged.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        // Once per attempt: a retried request is counted each time it goes out.
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(operation == null ? "?" : operation, o -> new LongAdder()).increment();
    }

    /** Requests by operation since the last {@link #reset()}, sorted by operation. */
    static Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        COUNTS.forEach((operation, count) -> {
            if (count.sum() > 0) {
                counts.put(operation, count.sum());
            }
        });
        return counts;
    }

    static void reset() {
        COUNTS.values().forEach(LongAdder::reset);
    }
}
