package io.movedata.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The MD5 and CRC32 of the bytes that pass through a stream, computed while they pass: a download
 * is checked against the checksums a backup lists without reading the file a second time. MD5 is
 * what Medusa lists per object; CRC32 is what Cassandra writes for a whole Data.db
 * ({@code Digest.crc32}). Not thread-safe: one per stream.
 */
public final class ContentDigest {
    private static final int BUFFER = 64 * 1024;

    private final MessageDigest md5;
    private final CRC32 crc32 = new CRC32();
    private long bytes;
    private String md5Hex;

    public ContentDigest() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** The digest of a local file's bytes, read once. */
    public static ContentDigest of(Path file) throws IOException {
        ContentDigest digest = new ContentDigest();
        try (InputStream in = Files.newInputStream(file)) {
            digest.consume(in, OutputStream.nullOutputStream());
        }
        return digest;
    }

    /** Copies {@code in} to {@code out}, digesting every byte; returns how many were copied. */
    public long consume(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            update(buffer, 0, n);
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }

    private void update(byte[] buffer, int offset, int length) {
        md5.update(buffer, offset, length);
        crc32.update(buffer, offset, length);
        bytes += length;
    }

    /** The lower-case hex MD5 of the bytes; call after the last byte (it ends the MD5). */
    public String md5Hex() {
        if (md5Hex == null) {
            md5Hex = HexFormat.of().formatHex(md5.digest());
        }
        return md5Hex;
    }

    /** The CRC32 of the bytes so far, as {@code Digest.crc32} writes it (unsigned decimal). */
    public long crc32() {
        return crc32.getValue();
    }

    /** How many bytes passed. */
    public long bytes() {
        return bytes;
    }
}
