package io.movedata.runtime.store;

import java.time.Instant;

/**
 * One object of a store as listed: its bucket-relative key, size in bytes, last-modified time and
 * entity tag (S3's ETag without quotes; empty for stores that have none).
 */
public record StoredObject(String key, long size, Instant lastModified, String etag) {}
