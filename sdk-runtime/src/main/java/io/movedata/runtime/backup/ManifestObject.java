package io.movedata.runtime.backup;

import java.io.Serializable;

/**
 * One object a node backup's manifest lists: its bucket-relative key, the MD5 Medusa recorded
 * (S3's ETag; not always a plain MD5) and its size in bytes.
 */
public record ManifestObject(String key, String md5, long size) implements Serializable {

    /** The file name: the last segment of the key. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
