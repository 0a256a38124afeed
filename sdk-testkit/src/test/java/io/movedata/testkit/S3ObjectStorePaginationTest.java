package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoredObject;

/**
 * {@code S3ObjectStore} follows S3's pagination: a listing answers at most 1,000 keys per request,
 * and a backup location holds many more (every SSTable component of every node).
 */
class S3ObjectStorePaginationTest {
    private static final String BUCKET = "paged";
    private static final int OBJECTS = 2_500;
    private static final int FOLDERS = 1_200;

    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets(BUCKET);

    /** Written straight into the blob store: thousands of HTTP puts would only slow the test down. */
    @BeforeAll
    static void writeObjects() {
        BlobStore blobs = S3.endpoint().blobStore();
        for (int i = 0; i < OBJECTS; i++) {
            // Unpadded numbers: key order (k0, k1, k10, k100, ...) is not the order of writing.
            put(blobs, "many/k" + i, i % 7);
        }
        for (int i = 0; i < FOLDERS; i++) {
            put(blobs, "wide/d" + i + "/file", 1);
        }
        for (String outside : List.of("man", "many-more/k1", "manz/k1", "other/k1")) {
            put(blobs, outside, 1);
        }
    }

    private static void put(BlobStore blobs, String key, int size) {
        blobs.putBlob(PutObjectRequest.builder().bucket(BUCKET).key(key).contentLength((long) size).build(),
                new ByteArrayInputStream(new byte[size]));
    }

    @Test
    @SuppressWarnings("deprecation") // the HTTP client S3ObjectStore uses; it says why that is not yet Apache5HttpClient
    void aSingleListingRequestAnswersOnlyTheFirstThousandKeys() {
        try (S3Client s3 = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(URI.create(S3.endpoint().endpoint()))
                .region(Region.of(S3Endpoint.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            ListObjectsV2Response page = s3.listObjectsV2(request -> request.bucket(BUCKET).prefix("many/"));

            assertThat(page.contents()).hasSize(1_000);
            assertThat(page.isTruncated()).isTrue();
        }
    }

    @Test
    void listReturnsEveryObjectUnderThePrefixInKeyOrderWithItsSize() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            expected.add("many/k" + i);
        }
        expected.sort(null);

        try (ObjectStore store = S3.openStore(BUCKET)) {
            List<StoredObject> listed = store.list("many/");

            assertThat(listed).extracting(StoredObject::key).containsExactlyElementsOf(expected);
            assertThat(listed).allMatch(o -> o.size() == Integer.parseInt(o.key().substring("many/k".length())) % 7);
        }
    }

    @Test
    void listChildrenReturnsEveryFolderInKeyOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < FOLDERS; i++) {
            expected.add("wide/d" + i + "/");
        }
        expected.sort(null);

        try (ObjectStore store = S3.openStore(BUCKET)) {
            assertThat(store.listChildren("wide/")).containsExactlyElementsOf(expected);
        }
    }
}
