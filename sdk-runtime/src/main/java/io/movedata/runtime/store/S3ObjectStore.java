package io.movedata.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.movedata.api.ErrorKind;

/**
 * An S3 bucket (or an S3-compatible store) through the AWS SDK for Java v2.
 *
 * <p>Each call gets {@link StoreLocation#maxAttempts()} attempts under the SDK's standard retry
 * strategy (throttling and server errors, resets and timeouts before the response; its circuit
 * breaker stops retrying once most calls fail), and also when a response's body breaks off while
 * the SDK parses it (a listing). A body that breaks off after the call returned is
 * fetched again from where it stopped, as often ({@link ResumingBody}).
 */
public final class S3ObjectStore implements ObjectStore {
    private static final S3RequestCounters.Interceptor COUNTING = new S3RequestCounters.Interceptor();

    private final String bucket;
    private final S3Client s3;
    private final int maxAttempts;
    private final S3RequestCounters counters;
    /** Carries {@link #counters} on each request to the interceptor. */
    private final AwsRequestOverrideConfiguration counted;
    /** False for a {@link #countingInto} view, which shares its store's client. */
    private final boolean ownsClient;

    public S3ObjectStore(StoreLocation location) {
        this(location.bucket(), buildClient(location), location.maxAttempts(), new S3RequestCounters(), true);
    }

    private S3ObjectStore(String bucket, S3Client s3, int maxAttempts, S3RequestCounters counters, boolean ownsClient) {
        this.bucket = bucket;
        this.s3 = s3;
        this.maxAttempts = maxAttempts;
        this.counters = counters;
        this.counted = AwsRequestOverrideConfiguration.builder().putExecutionAttribute(S3RequestCounters.COUNTERS, counters).build();
        this.ownsClient = ownsClient;
    }

    @Override
    public ObjectStore countingInto(S3RequestCounters into) {
        return new S3ObjectStore(bucket, s3, maxAttempts, into, false);
    }

    @Override
    public S3Requests requests() {
        return counters.figures();
    }

    // ApacheHttpClient (HttpClient 4) is deprecated for Apache5HttpClient; changing the HTTP client changes
    // connection handling and what the bundle relocates, which is a change of its own, not a lint fix.
    @SuppressWarnings("deprecation")
    private static S3Client buildClient(StoreLocation location) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(location.pathStyle()).build())
                .credentialsProvider(credentials(location))
                .region(region(location))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(location.maxAttempts())
                        // A listing whose body breaks off fails to parse, which the strategy would not retry.
                        .retryOnRootCauseInstanceOf(IOException.class)
                        // Errors other than throttling wait at most 2 s between attempts (the SDK's default is
                        // 20 s): a store that cannot be reached fails in seconds, not a minute; throttling keeps
                        // the SDK's longer backoff, which is when waiting helps.
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(2)))
                        .build())
                        .addExecutionInterceptor(COUNTING));
        if (location.endpoint() != null) {
            builder.endpointOverride(URI.create(location.endpoint()));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StoreLocation location) {
        if (location.accessKey() != null && location.secretKey() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(location.accessKey(), location.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region region(StoreLocation location) {
        if (location.region() != null) {
            return Region.of(location.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException e) {
            // S3-compatible endpoints ignore the region, but the SDK needs one to sign requests.
            return Region.US_EAST_1;
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().overrideConfiguration(counted).bucket(bucket).prefix(prefix).build();
            for (S3Object o : s3.listObjectsV2Paginator(request).contents()) {
                objects.add(new StoredObject(o.key(), o.size(), o.lastModified(), unquote(o.eTag())));
            }
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot list " + describe() + "/" + prefix + ": " + e.getMessage(), e);
        }
        return objects;
    }

    @Override
    public List<String> listChildren(String prefix) {
        List<String> children = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().overrideConfiguration(counted).bucket(bucket).prefix(prefix).delimiter("/").build();
            for (CommonPrefix p : s3.listObjectsV2Paginator(request).commonPrefixes()) {
                children.add(p.prefix());
            }
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot list " + describe() + "/" + prefix + ": " + e.getMessage(), e);
        }
        return children;
    }

    @Override
    public Optional<String> whyEmpty(String prefix) {
        try {
            s3.headBucket(b -> b.overrideConfiguration(counted).bucket(bucket));
            if (!s3.listObjectsV2(b -> b.overrideConfiguration(counted).bucket(bucket).prefix(prefix).maxKeys(1)).contents().isEmpty()) {
                return Optional.empty();
            }
            if (prefix.isEmpty()) {
                return Optional.of("holds no objects: bucket '" + bucket + "' is empty");
            }
            String key = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            return Optional.of(stat(key).isPresent() ? "is an object, not a prefix"
                    : "holds no objects: no key in bucket '" + bucket + "' starts with '" + prefix + "'");
        } catch (NoSuchBucketException e) {
            return Optional.of("does not exist: there is no bucket '" + bucket + "'");
        } catch (S3Exception e) {
            return e.statusCode() == 404 ? Optional.of("does not exist: there is no bucket '" + bucket + "'") : Optional.empty();
        } catch (SdkException | ObjectStoreException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean keyManagedEncryption(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key));
            ServerSideEncryption sse = head.serverSideEncryption();
            return head.sseCustomerAlgorithm() != null
                    || sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot stat " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified(), unquote(head.eTag())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new ObjectStoreException("Cannot stat " + describe() + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot stat " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) {
        return ResumingBody.open(describe() + "/" + key, (from, to) -> get(key, from, to), 0, -1, maxAttempts, counters::refetched);
    }

    @Override
    public InputStream openRange(String key, long start, long end) {
        return ResumingBody.open(describe() + "/" + key, (from, to) -> get(key, from, to), start, end, maxAttempts, counters::refetched);
    }

    /** GET of bytes {@code [from, to)}; the whole object for 0 and -1, the rest from {@code from} for -1. */
    private ResponseInputStream<GetObjectResponse> get(String key, long from, long to) {
        boolean whole = from == 0 && to < 0;
        // HTTP ranges are inclusive at both ends.
        String range = whole ? null : "bytes=" + from + "-" + (to < 0 || to == Long.MAX_VALUE ? "" : String.valueOf(to - 1));
        try {
            return s3.getObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key).range(range));
        } catch (NoSuchKeyException e) {
            throw new ObjectStoreException(ErrorKind.UNREADABLE_SOURCE, "Object " + describe() + "/" + key + " does not exist", e);
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot read " + (whole ? "" : range + " of ") + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long download(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(target);
            s3.getObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key), ResponseTransformer.toFile(target));
            return Files.size(target);
        } catch (NoSuchKeyException e) {
            throw new ObjectStoreException(ErrorKind.UNREADABLE_SOURCE, "Object " + describe() + "/" + key + " does not exist", e);
        } catch (IOException | SdkException e) {
            throw new ObjectStoreException("Cannot download " + describe() + "/" + key + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            s3.putObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot write " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, Path file) {
        try {
            s3.putObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot write " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.overrideConfiguration(counted).bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new ObjectStoreException("Cannot delete " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2 ? etag.substring(1, etag.length() - 1) : etag;
    }
}
