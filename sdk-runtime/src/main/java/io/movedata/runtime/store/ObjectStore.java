package io.movedata.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of objects addressed by bucket-relative keys with '/' separators: an S3 bucket
 * or a local directory laid out the same way. Implementations are thread-safe.
 *
 * <p>Every method throws {@link ObjectStoreException} naming the store and key when the store
 * cannot be reached or the object cannot be read.
 */
public interface ObjectStore extends AutoCloseable {

    /** Where this store is, for messages: {@code s3://bucket} or {@code file:///dir}. */
    String describe();

    /** Every object whose key starts with {@code prefix}, in key order (paginated internally). */
    List<StoredObject> list(String prefix);

    /**
     * The keys one level below {@code prefix} (which should end with '/'), each ending with '/':
     * for {@code a/} holding {@code a/b/c} and {@code a/d/e} this returns {@code a/b/, a/d/}.
     */
    List<String> listChildren(String prefix);

    /**
     * Why nothing is stored under {@code prefix}, as the end of a sentence about the location: it
     * {@code does not exist}, {@code is a file, not a directory}, {@code holds no objects: ...};
     * empty when objects are there, or when the store cannot tell.
     */
    Optional<String> whyEmpty(String prefix);

    /** The object at {@code key}, or empty when there is none. */
    Optional<StoredObject> stat(String key);

    /**
     * Whether the object is encrypted with a key the store applies per object (S3's SSE-KMS, DSSE-KMS
     * or SSE-C), so that its ETag, which a backup tool may have listed as its MD5, is not the MD5 of
     * its content. Stores without such encryption say no.
     */
    default boolean keyManagedEncryption(String key) {
        return false;
    }

    /** Opens the object for streaming; throws {@link ObjectStoreException} when it is absent. */
    InputStream open(String key);

    /** The whole object; meant for small metadata objects. */
    default byte[] readAll(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot read " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens bytes {@code [start, end)} of the object for streaming; throws {@link ObjectStoreException}
     * when it is absent.
     */
    InputStream openRange(String key, long start, long end);

    /** Copies the object to {@code target} (replacing it) and returns the number of bytes written. */
    long download(String key, Path target);

    /**
     * {@link #download(String, Path)}, with every byte added to {@code digest} as it streams by, so
     * the copy is checked without reading it again.
     */
    default long download(String key, Path target, ContentDigest digest) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (InputStream in = open(key); OutputStream out = Files.newOutputStream(target)) {
                return digest.consume(in, out);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot download " + describe() + "/" + key + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** The object's own file when the store is a local directory, so it can be read in place. */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /**
     * This store with its requests counted in {@code counters} rather than in its own: a task counts
     * what it asked of a store its JVM shares. The view shares this store's client; close this store,
     * not the view. Stores that send no requests (a local directory) return themselves.
     */
    default ObjectStore countingInto(S3RequestCounters counters) {
        return this;
    }

    /** The requests made through this store itself (not through a {@link #countingInto} view) so far. */
    default S3Requests requests() {
        return S3Requests.NONE;
    }

    /** Stores {@code bytes} at {@code key}, replacing any object there. */
    void put(String key, byte[] bytes);

    /** Stores the file's bytes at {@code key}, replacing any object there. */
    void put(String key, Path file);

    /** Removes the object at {@code key}; absent objects are ignored. */
    void delete(String key);

    @Override
    void close();
}
