package io.movedata.runtime.manifest;

import java.io.Serializable;

/**
 * One object a node backup lists: its bucket-relative key, the checksum the tool recorded (Medusa:
 * S3's ETag, not always a plain MD5; empty when none), the file's size in bytes, and how the
 * object is compressed. For a compressed object the size is the file's, not the object's.
 */
public record ManifestObject(String key, String md5, long size, Compression compression) implements Serializable {

    /** How a backup tool compressed an object on upload; the reader undoes it. */
    public enum Compression {
        NONE,
        /** snappy-java's framed stream format ({@code SnappyOutputStream}). */
        SNAPPY,
        /** lz4-java's block stream format ({@code LZ4BlockOutputStream}). */
        LZ4
    }

    /** An object stored as the file itself. */
    public ManifestObject(String key, String md5, long size) {
        this(key, md5, size, Compression.NONE);
    }

    /** The file name: the last segment of the key. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** Whether the object's bytes are the file's bytes (so it can be read in place or in ranges). */
    public boolean storedAsIs() {
        return compression == Compression.NONE;
    }
}
