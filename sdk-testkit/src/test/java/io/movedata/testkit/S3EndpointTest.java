package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStoreException;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;

class S3EndpointTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("roundtrip");

    @Test
    void locationAndOptionsPointAtTheEndpoint() {
        StoreLocation location = S3.location("roundtrip", "/some/prefix/");
        assertThat(location.isS3()).isTrue();
        assertThat(location.bucket()).isEqualTo("roundtrip");
        assertThat(location.prefix()).isEqualTo("some/prefix");
        assertThat(location.endpoint()).isEqualTo("http://127.0.0.1:" + S3.endpoint().port());
        assertThat(location.pathStyle()).isTrue();
        assertThat(location.region()).isEqualTo("us-east-1");
        assertThat(S3.options())
                .containsEntry(StoreLocation.ENDPOINT, S3.endpoint().endpoint())
                .containsEntry(StoreLocation.PATH_STYLE, "true")
                .containsEntry(StoreLocation.REGION, "us-east-1")
                .containsEntry(StoreLocation.ACCESS_KEY, S3Endpoint.ACCESS_KEY)
                .containsEntry(StoreLocation.SECRET_KEY, S3Endpoint.SECRET_KEY);
        assertThat(StoreLocation.parse(location.toString(), S3.options())).isEqualTo(location);
    }

    @Test
    void objectsRoundTripThroughS3ObjectStore(@TempDir Path tmp) throws Exception {
        try (ObjectStore store = ObjectStores.open(S3.location("roundtrip", ""))) {
            store.put("p/a/one.txt", "one".getBytes(StandardCharsets.UTF_8));
            Path file = tmp.resolve("two.bin");
            byte[] two = new byte[300_000];
            for (int i = 0; i < two.length; i++) {
                two[i] = (byte) (i * 31);
            }
            Files.write(file, two);
            store.put("p/b/two.bin", file);

            assertThat(store.readAll("p/a/one.txt")).asString(StandardCharsets.UTF_8).isEqualTo("one");
            try (InputStream in = store.open("p/b/two.bin")) {
                assertThat(in.readAllBytes()).isEqualTo(two);
            }
            StoredObject stat = store.stat("p/b/two.bin").orElseThrow();
            assertThat(stat.size()).isEqualTo(two.length);
            assertThat(stat.etag()).matches("[0-9a-f]{32}");
            assertThat(stat.lastModified()).isNotNull();
            assertThat(store.stat("p/b/absent")).isEmpty();

            Path downloaded = tmp.resolve("down/two.bin");
            assertThat(store.download("p/b/two.bin", downloaded)).isEqualTo(two.length);
            assertThat(Files.readAllBytes(downloaded)).isEqualTo(two);

            assertThat(store.listChildren("p/")).containsExactly("p/a/", "p/b/");
            assertThat(store.listChildren("")).containsExactly("p/");
            assertThat(store.list("p/").stream().map(StoredObject::key)).containsExactly("p/a/one.txt", "p/b/two.bin");

            store.delete("p/a/one.txt");
            assertThat(store.stat("p/a/one.txt")).isEmpty();
            assertThat(store.listChildren("p/")).containsExactly("p/b/");
            store.delete("p/a/never-there");
            assertThatThrownBy(() -> store.readAll("p/a/one.txt")).isInstanceOf(ObjectStoreException.class);
        }
    }

    @Test
    void listingPaginatesPastOneThousandObjects() {
        S3.createBucket("many");
        int count = 1_234;
        // Seeded on the server side: 1,234 PUTs over HTTP would only slow the test down.
        for (int i = 0; i < count; i++) {
            String key = String.format("big/d%02d/o%05d", i % 17, i);
            byte[] body = key.getBytes(StandardCharsets.UTF_8);
            S3.endpoint().blobStore().putBlob(
                    software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket("many").key(key)
                            .contentLength((long) body.length).build(),
                    new java.io.ByteArrayInputStream(body));
        }
        try (ObjectStore store = S3.openStore("many")) {
            store.put("other/x", new byte[1]);
            List<StoredObject> listed = store.list("big/");
            assertThat(listed).hasSize(count);
            assertThat(listed.stream().map(StoredObject::key).toList()).isSorted().doesNotHaveDuplicates();
            assertThat(listed).allSatisfy(o -> assertThat(o.size()).isEqualTo(o.key().length()));
            assertThat(store.listChildren("big/")).hasSize(17).first().isEqualTo("big/d00/");
            assertThat(store.list("")).hasSize(count + 1);
            assertThat(store.readAll("big/d03/o00020")).asString(StandardCharsets.UTF_8).isEqualTo("big/d03/o00020");
        }
    }

    @Test
    void bucketNamesAreChecked() {
        assertThatThrownBy(() -> S3.createBucket("b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3.createBucket("Upper")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongCredentialsAreRejected() {
        StoreLocation bad = StoreLocation.parse("s3://roundtrip", java.util.Map.of(
                StoreLocation.ENDPOINT, S3.endpoint().endpoint(), StoreLocation.PATH_STYLE, "true",
                StoreLocation.REGION, "us-east-1", StoreLocation.ACCESS_KEY, S3Endpoint.ACCESS_KEY,
                StoreLocation.SECRET_KEY, "wrong"));
        try (ObjectStore store = ObjectStores.open(bad)) {
            assertThatThrownBy(() -> store.put("x", new byte[1])).isInstanceOf(ObjectStoreException.class);
        }
    }

    @Test
    void onDiskEndpointKeepsObjectsInItsDirectory(@TempDir Path dir) {
        try (S3Endpoint s3 = S3Endpoint.onDisk(dir)) {
            s3.createBucket("disk");
            s3.createBucket("disk");
            try (ObjectStore store = s3.openStore("disk")) {
                store.put("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8));
                assertThat(store.readAll("a/b.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            }
        }
        assertThat(dir.resolve("disk")).isDirectory();
        try (S3Endpoint again = S3Endpoint.onDisk(dir); ObjectStore store = again.openStore("disk")) {
            assertThat(store.readAll("a/b.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        }
    }

    @Test
    void methodParametersReceiveTheEndpoint(S3Endpoint endpoint) {
        assertThat(endpoint).isSameAs(S3.endpoint());
        assertThat(endpoint.port()).isPositive();
    }
}
