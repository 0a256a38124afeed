package io.movedata.runtime.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.FileObjectStore;

/** Compressed objects are fetched whole, decompressed, and checked against the size the backup lists. */
class CompressedObjectsTest {
    private static final byte[] FILE = "a file that compresses: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n".repeat(2000)
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anObjectDecompressesToTheFileItWasWrittenFrom(Compression compression) throws IOException {
        try (FileObjectStore store = new FileObjectStore(dir.resolve("store"))) {
            byte[] stored = compress(FILE, compression);
            store.put("k/nb-1-big-Data.db", stored);
            Path target = dir.resolve("local/nb-1-big-Data.db");

            long fetched = CompressedObjects.fetch(store, new ManifestObject("k/nb-1-big-Data.db", "", FILE.length, compression), target,
                    new ContentDigest());

            assertThat(Files.readAllBytes(target)).isEqualTo(FILE);
            assertThat(fetched).isEqualTo(stored.length);
            if (compression != Compression.NONE) {
                assertThat(stored.length).isLessThan(FILE.length);
            }
        }
    }

    @Test
    void aDecompressedSizeOtherThanListedNamesTheKey() {
        try (FileObjectStore store = new FileObjectStore(dir.resolve("store"))) {
            store.put("k/nb-1-big-Index.db", compress(FILE, Compression.SNAPPY));

            assertThatThrownBy(() -> CompressedObjects.fetch(store,
                    new ManifestObject("k/nb-1-big-Index.db", "", 1000, Compression.SNAPPY), dir.resolve("local/x"), new ContentDigest()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("Object k/nb-1-big-Index.db decompresses (SNAPPY) to " + FILE.length
                            + " bytes but the backup lists the file with 1000");
        }
    }

    @Test
    void anObjectThatIsNotInTheListedFormatNamesKeyAndFormat() {
        try (FileObjectStore store = new FileObjectStore(dir.resolve("store"))) {
            store.put("k/nb-1-big-Index.db", compress(FILE, Compression.SNAPPY));

            assertThatThrownBy(() -> CompressedObjects.fetch(store,
                    new ManifestObject("k/nb-1-big-Index.db", "", FILE.length, Compression.LZ4), dir.resolve("local/x"), new ContentDigest()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot decompress " + store.describe() + "/k/nb-1-big-Index.db as LZ4 (lz4-java block stream)");
        }
    }

    private static byte[] compress(byte[] bytes, Compression compression) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = CompressedObjects.compress(buffer, compression)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return buffer.toByteArray();
    }
}
