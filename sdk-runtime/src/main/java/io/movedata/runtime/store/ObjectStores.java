package io.movedata.runtime.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the {@link ObjectStore} of a {@link StoreLocation}, sharing one client per store and
 * settings within a JVM: executors run many tasks against the same bucket, and an S3 client is
 * expensive to build. Shared stores live until the JVM ends.
 */
public final class ObjectStores {
    private static final Map<String, ObjectStore> SHARED = new ConcurrentHashMap<>();

    private ObjectStores() {}

    /** The JVM-wide store for {@code location}; do not close it. */
    public static ObjectStore shared(StoreLocation location) {
        return SHARED.computeIfAbsent(location.clientKey(), k -> open(location));
    }

    /** A new store the caller owns and must close. */
    public static ObjectStore open(StoreLocation location) {
        return location.isS3() ? new S3ObjectStore(location) : new FileObjectStore(java.nio.file.Path.of(location.bucket()));
    }
}
