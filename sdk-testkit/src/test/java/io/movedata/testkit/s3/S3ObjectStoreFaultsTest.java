package io.movedata.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStoreException;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.S3RequestCounters;
import io.movedata.runtime.store.S3Requests;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;
import io.movedata.testkit.S3Endpoint;

/** movedata's S3 store through {@link FaultyS3}: the SDK's retries plus its own re-fetch of bodies that break off. */
class S3ObjectStoreFaultsTest {
    private static final String BUCKET = "faults";
    private static final int OBJECTS = 12;

    private static S3Endpoint endpoint;
    private static FaultyS3 proxy;

    @BeforeAll
    static void start() {
        endpoint = S3Endpoint.inMemory();
        endpoint.createBucket(BUCKET);
        proxy = FaultyS3.start(endpoint, FaultPlan.none());
        try (ObjectStore store = open(10)) {
            for (int i = 0; i < OBJECTS; i++) {
                store.put("data/object-" + i, content(i));
            }
        }
    }

    @AfterAll
    static void stop() {
        proxy.close();
        endpoint.close();
    }

    private static ObjectStore open(int maxAttempts) {
        Map<String, String> options = new HashMap<>(proxy.options());
        options.put(StoreLocation.MAX_ATTEMPTS, Integer.toString(maxAttempts));
        return ObjectStores.open(StoreLocation.parse("s3://" + BUCKET, options));
    }

    /** Before the re-fetch, each of these bodies reached the reader as an IOException or as too few bytes. */
    @Test
    void bodiesThatBreakOffAreFetchedAgainFromWhereTheyStopped() throws IOException {
        proxy.plan(FaultPlan.seeded(11).rate(0.3).mix(S3Fault.RESET_MID_BODY, S3Fault.TRUNCATED_BODY));
        try (ObjectStore store = open(10)) {
            for (int i = 0; i < OBJECTS; i++) {
                byte[] expected = content(i);
                assertThat(store.readAll("data/object-" + i)).isEqualTo(expected);
                try (InputStream in = store.openRange("data/object-" + i, 1000, 51_000)) {
                    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(expected, 1000, 51_000));
                }
            }
        }
        FaultCounts counts = proxy.counts();
        assertThat(counts.injected(S3Fault.RESET_MID_BODY)).isPositive();
        assertThat(counts.injected(S3Fault.TRUNCATED_BODY)).isPositive();
        assertThat(counts.totalRequests()).as("one GET per read plus one per body cut").isEqualTo(2 * OBJECTS + counts.totalInjected());
    }

    @Test
    void everyCallSurvivesTheFullMixAtThirtyPercentAndEachFaultIsCountedOnce(@TempDir Path tmp) throws IOException {
        proxy.plan(FaultPlan.seeded(12).rate(0.3));
        S3Requests requests;
        try (ObjectStore store = open(10)) {
            assertThat(store.list("data/")).extracting(StoredObject::key).hasSize(OBJECTS).contains("data/object-0", "data/object-11");
            assertThat(store.listChildren("")).containsExactly("data/");
            for (int i = 0; i < OBJECTS; i++) {
                String key = "data/object-" + i;
                assertThat(store.stat(key).orElseThrow().size()).isEqualTo(content(i).length);
                Path file = tmp.resolve("object-" + i);
                assertThat(store.download(key, file)).isEqualTo(content(i).length);
                assertThat(Files.readAllBytes(file)).isEqualTo(content(i));
                try (InputStream in = store.openRange(key, 7, 70_007)) {
                    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content(i), 7, 70_007));
                }
            }
            requests = store.requests();
        }
        FaultCounts counts = proxy.counts();
        assertThat(counts.injected().keySet()).containsExactlyInAnyOrder(S3Fault.values());
        assertThat(counts.disagreementWith(requests)).isNull();
        assertThat(requests.failedCalls()).isZero();
        assertThat(requests.retries() + requests.refetches()).isEqualTo(counts.totalInjected());
    }

    @Test
    void aCountingViewCountsItsOwnRequestsApartFromTheStores() throws IOException {
        proxy.plan(FaultPlan.seeded(15).rate(1).mix(S3Fault.SLOW_DOWN));
        try (ObjectStore store = open(2)) {
            S3RequestCounters counters = new S3RequestCounters();
            ObjectStore view = store.countingInto(counters);
            assertThatThrownBy(() -> view.stat("data/object-3")).isInstanceOf(ObjectStoreException.class);
            proxy.plan(FaultPlan.none());
            assertThat(view.readAll("data/object-3")).isEqualTo(content(3));
            view.close(); // a view leaves the store's client open
            assertThat(store.stat("data/object-3")).isPresent();

            assertThat(counters.figures()).isEqualTo(new S3Requests(3, 1, 1, 0, Map.of("503", 2L)));
            assertThat(store.requests()).isEqualTo(new S3Requests(1, 0, 0, 0, Map.of()));
        }
    }

    @Test
    void aBodyThatBreaksOffOnEveryFetchFailsAsAnExternalErrorNamingTheObject() throws IOException {
        proxy.plan(FaultPlan.seeded(13).rate(1).mix(S3Fault.TRUNCATED_BODY));
        try (ObjectStore store = open(3); InputStream in = store.openRange("data/object-1", 0, 40_000)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXTERNAL))
                    .hasMessageStartingWith("Cannot read s3://faults/data/object-1 bytes 0-40000: the body broke off at byte ")
                    .hasMessageContaining("on each of 3 fetches (last: ")
                    .hasMessageNotContaining("\n");
        }
        assertThat(proxy.counts().injected()).isEqualTo(Map.of(S3Fault.TRUNCATED_BODY, 3L));
    }

    @Test
    void aCallThatFailsOnEveryAttemptFailsAfterMaxAttempts() {
        proxy.plan(FaultPlan.seeded(14).rate(1).mix(S3Fault.SLOW_DOWN));
        try (ObjectStore store = open(2)) {
            assertThatThrownBy(() -> store.openRange("data/object-2", 0, 100))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EXTERNAL))
                    .hasMessageStartingWith("Cannot read bytes=0-99 of s3://faults/data/object-2: ")
                    .hasMessageContaining("Please reduce your request rate");
        }
        assertThat(proxy.counts().requests(RequestClass.GET_RANGE)).as("s3.maxAttempts reaches the SDK").isEqualTo(2);
    }

    private static byte[] content(int i) {
        byte[] b = new byte[100_000 + i * 1000];
        for (int j = 0; j < b.length; j++) {
            b[j] = (byte) (j * 7 + i + (j >> 10));
        }
        return b;
    }
}
