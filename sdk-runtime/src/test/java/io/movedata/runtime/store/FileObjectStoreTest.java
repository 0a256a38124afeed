package io.movedata.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileObjectStoreTest {

    @Test
    void timesAreListedToTheMillisecondAsS3ListsThem(@TempDir Path directory) throws IOException {
        Path file = Files.createDirectories(directory.resolve("node1/b1/meta")).resolve("schema.cql");
        Files.writeString(file, "CREATE KEYSPACE ks;");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T00:00:13.837731733Z")));

        try (ObjectStore store = ObjectStores.open(StoreLocation.ofDirectory(directory))) {
            assertThat(store.list("node1/")).singleElement()
                    .satisfies(object -> assertThat(object.lastModified()).isEqualTo(Instant.parse("2026-11-20T00:00:13.837Z")));
        }
    }
}
