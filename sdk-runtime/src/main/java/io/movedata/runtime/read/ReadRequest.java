package io.movedata.runtime.read;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.ring.SplitSizing;
import io.movedata.runtime.sstable.SparkTypes;
import io.movedata.runtime.store.StoreLocation;

/**
 * What to read: a table of a named backup at a consistency level, with split sizing and the
 * metadata columns wanted.
 *
 * @param location where the backup lives
 * @param backupName the backup's name; null to choose by {@code asOf}, or the location's only backup
 * @param asOf per node, the newest complete node backup started at or before this; null to choose by name
 * @param skewWindow how far apart the node backups of an as-of selection may be; null for the default
 * @param keyspace keyspace of the table
 * @param table table name
 * @param consistency replicas to merge per token range
 * @param localDatacenter the datacenter local levels count in; null to use the only one
 * @param splitSizing how many SSTable bytes a split should read
 * @param rowWritetime add the row write-time column
 * @param cellMetadata columns to add write time, TTL and expiry columns for
 * @param referenceTime R, overriding the backup's own time; null for the backup's
 * @param decimal Spark decimal precision/scale for CQL decimal
 */
public record ReadRequest(StoreLocation location, String backupName, Instant asOf, Duration skewWindow, String keyspace, String table,
                          Consistency consistency, String localDatacenter, SplitSizing splitSizing,
                          boolean rowWritetime, List<String> cellMetadata, Instant referenceTime,
                          SparkTypes.DecimalSpec decimal) implements Serializable {
    public String qualifiedTable() {
        return keyspace + "." + table;
    }
}
