package io.movedata.runtime.sstable;

import org.apache.cassandra.db.DecoratedKey;

/**
 * Where a partition sits in the ring: its token, then its serialized key, compared as Cassandra
 * orders partitions. Rows of co-partitioned tables (same partition key) merge by it: equal
 * positions are the same partition key in every table.
 */
public final class TokenKey implements Comparable<TokenKey> {
    private final DecoratedKey key;

    TokenKey(DecoratedKey key) {
        this.key = key;
    }

    @Override
    public int compareTo(TokenKey other) {
        return key.compareTo(other.key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenKey position && key.equals(position.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
