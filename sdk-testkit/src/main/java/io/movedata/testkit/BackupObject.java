package io.movedata.testkit;

/**
 * One SSTable component a node backup's manifest lists.
 *
 * @param keyspace keyspace of the table
 * @param table table name
 * @param tableId the table id, 32 hex digits
 * @param key the full bucket-relative object key
 * @param md5 hex MD5 of the bytes
 * @param size size in bytes
 * @param uploaded whether this backup uploaded it (false: a differential backup reused the object already there)
 */
public record BackupObject(String keyspace, String table, String tableId, String key, String md5, long size, boolean uploaded) {

    /** The file name: the last segment of the key. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
