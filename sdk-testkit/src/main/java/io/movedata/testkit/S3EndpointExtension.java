package io.movedata.testkit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * JUnit 5 extension running one in-memory {@link S3Endpoint} per test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("backups");
 *
 * @Test
 * void reads() {
 *     StoreLocation location = S3.location("backups", "cluster1");
 *     ...
 * }
 * }</pre>
 *
 * Registered on a static field it starts before the first test of the class and stops after the
 * last one (nested classes share it); registered on an instance field it runs one endpoint per
 * test method ({@link SharedResourceExtension}). Test methods may also declare an
 * {@link S3Endpoint} parameter.
 */
public final class S3EndpointExtension extends SharedResourceExtension<S3Endpoint> implements ParameterResolver {
    private final List<String> buckets;

    /** An extension whose endpoint starts with no bucket. */
    public S3EndpointExtension() {
        this(List.of());
    }

    private S3EndpointExtension(List<String> buckets) {
        super("The S3 endpoint");
        this.buckets = List.copyOf(buckets);
    }

    /** An extension whose endpoint starts with these buckets created. */
    public static S3EndpointExtension withBuckets(String... buckets) {
        return new S3EndpointExtension(List.of(buckets));
    }

    @Override
    protected S3Endpoint open() {
        S3Endpoint e = S3Endpoint.inMemory();
        try {
            buckets.forEach(e::createBucket);
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == S3Endpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return endpoint();
    }

    /** The running endpoint. */
    public S3Endpoint endpoint() {
        return resource();
    }

    /** See {@link S3Endpoint#createBucket(String)}. */
    public void createBucket(String bucket) {
        endpoint().createBucket(bucket);
    }

    /** See {@link S3Endpoint#location(String, String)}. */
    public StoreLocation location(String bucket, String prefix) {
        return endpoint().location(bucket, prefix);
    }

    /** See {@link S3Endpoint#options()}. */
    public Map<String, String> options() {
        return endpoint().options();
    }

    /** See {@link S3Endpoint#openStore(String)}. */
    public ObjectStore openStore(String bucket) {
        return endpoint().openStore(bucket);
    }
}
