package io.movedata.testkit;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.cassandra.db.marshal.ByteBufferAccessor;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;

/** A table's partition keys from Java values, and their Murmur3 tokens. */
final class PartitionKeys {
    private PartitionKeys() {}

    /**
     * The serialized partition key of {@code metadata} with the values of its partition key columns in order.
     *
     * @throws IllegalArgumentException when the values do not match the columns or one is null
     */
    static ByteBuffer of(TableMetadata metadata, Object[] values) {
        List<ColumnMetadata> columns = metadata.partitionKeyColumns();
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(metadata + " has partition key " + columns.stream().map(c -> c.name.toString()).toList()
                    + "; got " + values.length + " value(s)");
        }
        ByteBuffer[] parts = new ByteBuffer[values.length];
        for (int i = 0; i < values.length; i++) {
            ColumnMetadata column = columns.get(i);
            parts[i] = Values.serialize(column.type, values[i], "Partition key " + column.name);
            if (parts[i] == null || parts[i] == FixtureCluster.UNSET) {
                throw new IllegalArgumentException("Partition key column " + column.name + " cannot be null");
            }
        }
        return parts.length == 1 ? parts[0] : CompositeType.build(ByteBufferAccessor.instance, parts);
    }

    static long token(TableMetadata metadata, ByteBuffer partitionKey) {
        return (Long) metadata.partitioner.getToken(partitionKey).getTokenValue();
    }
}
