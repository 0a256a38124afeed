package io.movedata.runtime.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs many small, independent store requests on the driver concurrently (a catalog's listings and
 * metadata reads, a plan's SSTable statistics): against S3 each is a round trip, so doing them one
 * after another is what makes hundreds of nodes or thousands of SSTables slow.
 */
public final class Parallel {
    private static final int THREADS = 16;

    private Parallel() {}

    /** {@code function} applied to each item on up to 16 threads, results in item order; the first failure is rethrown. */
    public static <T, R> List<R> map(Collection<T> items, Function<T, R> function) {
        return map(items, THREADS, function);
    }

    /** {@link #map(Collection, Function)} on up to {@code threads} threads. */
    public static <T, R> List<R> map(Collection<T> items, int threads, Function<T, R> function) {
        if (items.size() <= 1) {
            return items.stream().map(function).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "movedata-parallel");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> function.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the object store", e);
        } finally {
            pool.shutdownNow();
        }
    }

    public static <T, R> List<R> flatMap(Collection<T> items, Function<T, List<R>> function) {
        return map(items, function).stream().flatMap(List::stream).toList();
    }
}
