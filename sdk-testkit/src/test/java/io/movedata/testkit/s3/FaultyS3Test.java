package io.movedata.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.movedata.testkit.S3Endpoint;

/** The proxy itself, driven by the AWS SDK against a real S3Proxy endpoint. */
class FaultyS3Test {
    private static final String BUCKET = "faulty";
    private static final byte[] BLOB = bytes(200_000);

    private static S3Endpoint endpoint;
    private static FaultyS3 proxy;
    /** One attempt per call: every fault reaches the test. */
    private static S3Client once;
    /** The SDK's standard retries with 10 attempts. */
    private static S3Client retrying;

    @BeforeAll
    static void start() {
        endpoint = S3Endpoint.inMemory();
        endpoint.createBucket(BUCKET);
        proxy = FaultyS3.start(endpoint, FaultPlan.none());
        once = client(1);
        retrying = client(10);
        once.putObject(b -> b.bucket(BUCKET).key("blob.bin"), RequestBody.fromBytes(BLOB));
    }

    @AfterAll
    static void stop() {
        once.close();
        retrying.close();
        proxy.close();
        endpoint.close();
    }

    @BeforeEach
    void noFaults() {
        proxy.plan(FaultPlan.none());
    }

    @SuppressWarnings("deprecation")
    private static S3Client client(int attempts) {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(URI.create(proxy.endpoint()))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY)))
                .region(Region.US_EAST_1)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(attempts)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }

    @Test
    void withoutFaultsEveryCallPassesThroughUnchanged() throws IOException {
        once.putObject(b -> b.bucket(BUCKET).key("dir/put.txt"), RequestBody.fromString("put through the proxy"));

        assertThat(once.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin")).asByteArray()).isEqualTo(BLOB);
        assertThat(once.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin").range("bytes=1000-1999")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(BLOB, 1000, 2000));
        assertThat(once.headObject(b -> b.bucket(BUCKET).key("blob.bin")).contentLength()).isEqualTo(BLOB.length);
        assertThat(once.listObjectsV2(b -> b.bucket(BUCKET).prefix("dir/")).contents()).extracting(S3Object::key).containsExactly("dir/put.txt");
        assertThat(once.getObjectAsBytes(b -> b.bucket(BUCKET).key("dir/put.txt")).asUtf8String()).isEqualTo("put through the proxy");

        FaultCounts counts = proxy.counts();
        assertThat(counts.requests()).isEqualTo(Map.of(RequestClass.PUT, 1L, RequestClass.GET_OBJECT, 2L, RequestClass.GET_RANGE, 1L,
                RequestClass.HEAD, 1L, RequestClass.LIST, 1L));
        assertThat(counts.totalInjected()).isZero();
        assertThat(proxy.counts(BUCKET)).isEqualTo(counts);
    }

    @Test
    void slowDownIsS3sThrottlingError() {
        proxy.plan(FaultPlan.seeded(1).rate(1).mix(S3Fault.SLOW_DOWN));
        assertThatThrownBy(() -> once.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                });
        assertThatThrownBy(() -> once.headObject(b -> b.bucket(BUCKET).key("blob.bin")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(proxy.counts().injected()).isEqualTo(Map.of(S3Fault.SLOW_DOWN, 2L));
    }

    @Test
    void internalErrorIsA500() {
        proxy.plan(FaultPlan.seeded(1).rate(1).mix(S3Fault.INTERNAL_ERROR));
        assertThatThrownBy(() -> once.putObject(b -> b.bucket(BUCKET).key("never.txt"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                });
        proxy.plan(FaultPlan.none());
        assertThat(once.listObjectsV2(b -> b.bucket(BUCKET).prefix("never")).contents()).as("the faulted PUT never reached the endpoint").isEmpty();
    }

    @Test
    void resetBeforeTheResponseIsAnIoFailureOfTheCall() {
        proxy.plan(FaultPlan.seeded(1).rate(1).mix(S3Fault.RESET_BEFORE_RESPONSE));
        assertThatThrownBy(() -> once.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin")))
                .isInstanceOf(SdkClientException.class).hasRootCauseInstanceOf(IOException.class);
        assertThat(proxy.counts().injected()).isEqualTo(Map.of(S3Fault.RESET_BEFORE_RESPONSE, 1L));
    }

    /** A streaming GET has returned before its body fails: the reader, not the SDK, sees the failure. */
    @Test
    void resetMidBodyFailsTheStreamAfterTheCallReturned() throws IOException {
        proxy.plan(FaultPlan.seeded(1).rate(1).mix(S3Fault.RESET_MID_BODY));
        try (ResponseInputStream<GetObjectResponse> in = once.getObject(b -> b.bucket(BUCKET).key("blob.bin"))) {
            assertThat(in.response().contentLength()).isEqualTo(BLOB.length);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
        assertThat(proxy.counts().injected()).isEqualTo(Map.of(S3Fault.RESET_MID_BODY, 1L));
    }

    /** S3Proxy sends GetObject with a Content-Length (not chunked), so a short body is a premature end. */
    @Test
    void truncatedBodyEndsEarlyUnderItsFullContentLength() throws IOException {
        proxy.plan(FaultPlan.seeded(1).rate(1).mix(S3Fault.TRUNCATED_BODY));
        try (ResponseInputStream<GetObjectResponse> in = once.getObject(b -> b.bucket(BUCKET).key("blob.bin").range("bytes=0-9999"))) {
            assertThat(in.response().contentLength()).isEqualTo(10_000);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("Premature end of Content-Length");
        }
        assertThat(proxy.counts().injected()).isEqualTo(Map.of(S3Fault.TRUNCATED_BODY, 1L));
    }

    /**
     * S3Proxy ends a listing's body with the connection: the proxy frames it by its length, so a cut
     * one is seen as cut. The SDK's standard strategy does not retry the parse failure that follows
     * (its cause, Woodstox's, is no IOException), which is why movedata's store adds a condition.
     */
    @Test
    void aListingCutShortFailsToParseAndTheStandardStrategyDoesNotRetryIt() {
        proxy.plan(FaultPlan.seeded(1).rate(1).mix(S3Fault.TRUNCATED_BODY).appliesTo(RequestClass.LIST));
        assertThatThrownBy(() -> retrying.listObjectsV2(b -> b.bucket(BUCKET).prefix("blob")))
                .isInstanceOf(SdkClientException.class)
                .hasMessageContaining("Could not parse XML response")
                .hasMessageContaining("SDK Attempt Count: 1")
                .hasRootCauseMessage("Premature end of Content-Length delimited message body (expected: 465; received: 232)");
        assertThat(proxy.counts().injected()).isEqualTo(Map.of(S3Fault.TRUNCATED_BODY, 1L));
    }

    @Test
    void bodyFaultsAreNotChosenForRequestsWithoutABody() {
        proxy.plan(FaultPlan.seeded(3).rate(1).mix(S3Fault.RESET_MID_BODY, S3Fault.TRUNCATED_BODY));
        assertThat(once.headObject(b -> b.bucket(BUCKET).key("blob.bin")).contentLength()).isEqualTo(BLOB.length);
        assertThat(proxy.counts().totalInjected()).isZero();
    }

    @Test
    void decisionsDependOnTheSeedAndTheRequestOnly() {
        FaultPlan plan = FaultPlan.seeded(42).rate(0.3).mix(S3Fault.SLOW_DOWN, S3Fault.INTERNAL_ERROR, S3Fault.RESET_BEFORE_RESPONSE);
        proxy.plan(plan);
        List<String> first = failingRanges(120);
        FaultCounts firstCounts = proxy.counts();
        proxy.plan(plan);
        List<String> second = failingRanges(120);

        assertThat(second).isEqualTo(first);
        assertThat(proxy.counts()).isEqualTo(firstCounts);
        assertThat(first.size()).as("about 30%% of 120 requests fail: %s", first).isBetween(20, 52);
        assertThat(firstCounts.totalInjected()).isEqualTo(first.size());
        assertThat(firstCounts.injected().keySet()).containsExactlyInAnyOrder(S3Fault.SLOW_DOWN, S3Fault.INTERNAL_ERROR, S3Fault.RESET_BEFORE_RESPONSE);

        proxy.plan(FaultPlan.seeded(43).rate(0.3).mix(S3Fault.SLOW_DOWN, S3Fault.INTERNAL_ERROR, S3Fault.RESET_BEFORE_RESPONSE));
        assertThat(failingRanges(120)).as("another seed fails other requests").isNotEqualTo(first);
    }

    @Test
    void theSdksRetriesSurviveEveryFaultOfAGetIntoBytes() {
        proxy.plan(FaultPlan.seeded(7).rate(0.5).mix(S3Fault.SLOW_DOWN, S3Fault.INTERNAL_ERROR, S3Fault.RESET_BEFORE_RESPONSE, S3Fault.RESET_MID_BODY,
                S3Fault.TRUNCATED_BODY));
        for (int i = 0; i < 40; i++) {
            int start = i * 5000;
            assertThat(retrying.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin").range("bytes=" + start + "-" + (start + 4999))).asByteArray())
                    .isEqualTo(Arrays.copyOfRange(BLOB, start, start + 5000));
        }
        FaultCounts counts = proxy.counts();
        assertThat(counts.injected().keySet()).containsExactlyInAnyOrder(S3Fault.values());
        assertThat(counts.totalRequests()).as("one request per call plus one per fault").isEqualTo(40 + counts.totalInjected());
    }

    @Test
    void latencyDelaysResponsesWithoutChangingThem() {
        proxy.plan(FaultPlan.seeded(5).latency(1, Duration.ofMillis(20)));
        assertThat(once.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin")).asByteArray()).isEqualTo(BLOB);
        assertThat(proxy.counts().delayed()).isEqualTo(1);
        assertThat(proxy.counts().totalInjected()).isZero();
    }

    /** The keys of ranged GETs (a distinct identity each) that failed, one attempt each. */
    private static List<String> failingRanges(int n) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String range = "bytes=" + i + "-" + (i + 99);
            try {
                once.getObjectAsBytes(b -> b.bucket(BUCKET).key("blob.bin").range(range));
            } catch (S3Exception | SdkClientException e) {
                failed.add(range);
            }
        }
        return failed;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 131 + (i >> 8));
        }
        return b;
    }
}
