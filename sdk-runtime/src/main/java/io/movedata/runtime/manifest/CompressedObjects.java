package io.movedata.runtime.manifest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

import net.jpountz.lz4.LZ4BlockInputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;

import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;

/**
 * The stream formats backup tools compress objects with, both ways: SNAPPY is snappy-java's framed
 * stream ({@code SnappyOutputStream}, which Priam writes), LZ4 is lz4-java's block stream
 * ({@code LZ4BlockOutputStream}). A compressed object is only ever fetched whole and decompressed
 * into a local file: its bytes are not the file's, so it can neither be read in place nor in ranges.
 */
public final class CompressedObjects {
    private CompressedObjects() {}

    /**
     * Downloads {@code object} and writes its decompressed bytes to {@code target} (replacing it),
     * adding them to {@code digest} as they are written.
     *
     * @return the bytes fetched from the store (the compressed size)
     * @throws IOException naming the key when the object cannot be decompressed or does not
     *     decompress to the size the backup lists
     */
    public static long fetch(ObjectStore store, ManifestObject object, Path target, ContentDigest digest) throws IOException {
        long written;
        long fetched;
        try {
            Files.createDirectories(target.getParent());
            try (InputStream raw = store.open(object.key())) {
                CountingInputStream counted = new CountingInputStream(raw);
                try (InputStream in = decompress(counted, object.compression()); OutputStream out = Files.newOutputStream(target)) {
                    written = digest.consume(in, out);
                }
                fetched = counted.count;
            }
        } catch (IOException e) {
            throw new IOException("Cannot decompress " + store.describe() + "/" + object.key() + " as "
                    + describe(object.compression()) + " into " + target + ": " + e.getMessage(), e);
        }
        if (written != object.size()) {
            throw new IOException("Object " + object.key() + " decompresses (" + object.compression() + ") to "
                    + written + " bytes but the backup lists the file with " + object.size());
        }
        return fetched;
    }

    /**
     * The whole object, decompressed; meant for small metadata objects.
     *
     * @throws IOException naming the key when the object cannot be decompressed
     */
    public static byte[] readAll(ObjectStore store, String key, Compression compression) throws IOException {
        try (InputStream in = decompress(store.open(key), compression)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("Cannot decompress " + store.describe() + "/" + key + " as " + describe(compression)
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code in}'s bytes decompressed; {@code in} itself for NONE. */
    public static InputStream decompress(InputStream in, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> in;
            case SNAPPY -> new SnappyInputStream(in);
            case LZ4 -> LZ4BlockInputStream.newBuilder().build(in);
        };
    }

    /** A stream that compresses what is written to it into {@code out}; closing it finishes the stream. */
    public static OutputStream compress(OutputStream out, Compression compression) {
        return switch (compression) {
            case NONE -> out;
            case SNAPPY -> new SnappyOutputStream(out);
            case LZ4 -> new LZ4BlockOutputStream(out);
        };
    }

    private static String describe(Compression compression) {
        return switch (compression) {
            case NONE -> "NONE";
            case SNAPPY -> "SNAPPY (snappy-java framed stream)";
            case LZ4 -> "LZ4 (lz4-java block stream)";
        };
    }

    /** Counts the bytes read through it: the compressed bytes fetched. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
