package io.movedata.testkit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.S3ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * A real S3 endpoint on {@code 127.0.0.1}, in-process: S3Proxy serving an in-memory ("transient")
 * or on-disk ("filesystem") blob store on a free port, with AWS V2/V4 signatures checked against
 * fixed test credentials. Any S3 client (the AWS SDK, Spark through {@link #options()}) talks to it
 * exactly as it would to AWS with an endpoint override and path-style access.
 *
 * <pre>{@code
 * try (S3Endpoint s3 = S3Endpoint.inMemory()) {
 *     s3.createBucket("backups");
 *     StoreLocation location = s3.location("backups", "cluster1");
 *     try (ObjectStore store = ObjectStores.open(location)) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the server; an in-memory store's objects are gone with it.
 */
public final class S3Endpoint implements AutoCloseable {
    /** The access key every client must sign with. */
    public static final String ACCESS_KEY = "movedata-test-access-key";
    /** The secret key every client must sign with. */
    public static final String SECRET_KEY = "movedata-test-secret-key";
    /** The region clients sign for; S3Proxy accepts any, the SDK needs one. */
    public static final String REGION = "us-east-1";

    private static final String HOST = "127.0.0.1";
    private static final java.util.regex.Pattern BUCKET_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final BlobStore blobStore;
    private final S3Proxy proxy;
    private final int port;
    private final String description;
    /** The directory holding the buckets of an on-disk endpoint; null in memory. */
    private final Path baseDir;

    private S3Endpoint(String provider, Properties properties, String description, Path baseDir) {
        this.description = description;
        this.baseDir = baseDir;
        this.blobStore = BlobStores.create(provider, properties);
        this.proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + HOST + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly();
            throw new IllegalStateException("Interrupted while starting S3Proxy", e);
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("Cannot start S3Proxy on " + HOST + ": " + e.getMessage(), e);
        }
        this.port = proxy.getPort();
    }

    /** Starts an endpoint whose objects live in memory only (S3Proxy's "transient" blob store). */
    public static S3Endpoint inMemory() {
        return new S3Endpoint("transient", new Properties(), "in-memory", null);
    }

    /**
     * Starts an endpoint whose buckets are directories under {@code baseDir} (S3Proxy's "filesystem"
     * blob store): objects survive {@link #close()} and can be inspected on disk.
     */
    public static S3Endpoint onDisk(Path baseDir) {
        Objects.requireNonNull(baseDir, "baseDir");
        Path dir = baseDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot create the S3Proxy base directory " + dir + ": " + e.getMessage(), e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        return new S3Endpoint("filesystem", properties, "on disk at " + dir, dir);
    }

    /** The TCP port the endpoint listens on (on {@code 127.0.0.1}). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://" + HOST + ":" + port;
    }

    /** Creates {@code bucket} if it does not exist yet. */
    public void createBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name "
                    + "(3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit)");
        }
        if (!blobStore.containerExists(bucket)) {
            blobStore.createContainer(bucket);
        }
    }

    /**
     * {@code s3://bucket/prefix} with everything a client needs to reach this endpoint: endpoint,
     * path-style access, region and the test credentials.
     *
     * @param prefix key prefix inside the bucket; empty or null for none
     */
    public StoreLocation location(String bucket, String prefix) {
        Objects.requireNonNull(bucket, "bucket");
        String p = prefix == null ? "" : prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return StoreLocation.parse("s3://" + bucket + (p.isEmpty() ? "" : "/" + p), options());
    }

    /**
     * The client settings for this endpoint ({@code s3.endpoint}, {@code s3.pathStyle},
     * {@code s3.region}, {@code s3.accessKey}, {@code s3.secretKey}), e.g. as Spark data-source options.
     */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(StoreLocation.ENDPOINT, endpoint());
        options.put(StoreLocation.PATH_STYLE, "true");
        options.put(StoreLocation.REGION, REGION);
        options.put(StoreLocation.ACCESS_KEY, ACCESS_KEY);
        options.put(StoreLocation.SECRET_KEY, SECRET_KEY);
        return Map.copyOf(options);
    }

    /** A new S3 client on {@code bucket} of this endpoint; the caller closes it. */
    public ObjectStore openStore(String bucket) {
        return new S3ObjectStore(location(bucket, ""));
    }

    /**
     * Sets the LastModified time S3 reports for every object under {@code prefix} of an on-disk
     * endpoint (its files' modification time), so a test can lay out backups taken minutes or days
     * apart without waiting. Backup tools such as Medusa record a backup's times only this way.
     *
     * @return the number of objects changed
     * @throws IllegalStateException for an in-memory endpoint
     */
    public int setLastModified(String bucket, String prefix, java.time.Instant time) {
        if (baseDir == null) {
            throw new IllegalStateException("Only an on-disk endpoint (S3Endpoint.onDisk) can set LastModified times");
        }
        Path root = baseDir.resolve(bucket);
        java.nio.file.attribute.FileTime fileTime = java.nio.file.attribute.FileTime.from(time);
        int changed = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (key.startsWith(prefix)) {
                    Files.setLastModifiedTime(file, fileTime);
                    changed++;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot set times under " + root + ": " + e.getMessage(), e);
        }
        return changed;
    }

    /** The blob store behind the endpoint, for tests that set up many objects without HTTP round trips. */
    BlobStore blobStore() {
        return blobStore;
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        stopQuietly();
    }

    @Override
    public String toString() {
        return "S3Endpoint[" + (port > 0 ? endpoint() : "stopped") + ", " + description + "]";
    }

    private synchronized void stopQuietly() {
        try {
            if (proxy != null && !"STOPPED".equals(proxy.getState())) {
                proxy.stop();
            }
        } catch (Exception e) {
            // stopping a test server must not hide the test's own failure
        }
        try {
            blobStore.close();
        } catch (Exception e) {
            // same
        }
    }
}
