package io.movedata.runtime.sstable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.AsciiType;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.db.marshal.ByteBufferAccessor;
import org.apache.cassandra.db.marshal.ByteType;
import org.apache.cassandra.db.marshal.BytesType;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.db.marshal.DecimalType;
import org.apache.cassandra.db.marshal.DoubleType;
import org.apache.cassandra.db.marshal.FloatType;
import org.apache.cassandra.db.marshal.InetAddressType;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.IntegerType;
import org.apache.cassandra.db.marshal.LongType;
import org.apache.cassandra.db.marshal.ShortType;
import org.apache.cassandra.db.marshal.SimpleDateType;
import org.apache.cassandra.db.marshal.TimeType;
import org.apache.cassandra.db.marshal.TimeUUIDType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.marshal.UUIDType;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;

/**
 * Serializes partition key values given as Spark filter literals, so equality and IN filters on
 * the partition key can be pushed down to a key lookup.
 */
public final class PartitionKeys {
    private PartitionKeys() {}

    /**
     * The serialized partition keys for every combination of the given values per partition key
     * column (in key order), or empty when a value cannot be converted (the read then scans all).
     */
    public static Optional<List<ByteBuffer>> serialize(TableMetadata metadata, List<List<Object>> valuesPerColumn) {
        List<ColumnMetadata> keyColumns = metadata.partitionKeyColumns();
        List<List<ByteBuffer>> serialized = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            List<ByteBuffer> column = new ArrayList<>();
            for (Object value : valuesPerColumn.get(i)) {
                Optional<ByteBuffer> bytes = serialize(keyColumns.get(i).type, value);
                if (bytes.isEmpty()) {
                    return Optional.empty();
                }
                column.add(bytes.get());
            }
            serialized.add(column);
        }
        List<ByteBuffer[]> combinations = new ArrayList<>();
        combinations.add(new ByteBuffer[0]);
        for (List<ByteBuffer> column : serialized) {
            List<ByteBuffer[]> next = new ArrayList<>();
            for (ByteBuffer[] prefix : combinations) {
                for (ByteBuffer value : column) {
                    ByteBuffer[] extended = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                    extended[prefix.length] = value;
                    next.add(extended);
                }
            }
            combinations = next;
        }
        List<ByteBuffer> keys = new ArrayList<>();
        for (ByteBuffer[] parts : combinations) {
            keys.add(parts.length == 1 ? parts[0] : CompositeType.build(ByteBufferAccessor.instance, parts));
        }
        return Optional.of(keys);
    }

    private static Optional<ByteBuffer> serialize(AbstractType<?> type, Object value) {
        AbstractType<?> t = SparkTypes.unwrap(type);
        try {
            ByteBuffer bytes = null;
            if (t instanceof UTF8Type || t instanceof AsciiType) bytes = UTF8Type.instance.decompose(value.toString());
            else if (t instanceof UUIDType || t instanceof TimeUUIDType) bytes = UUIDType.instance.decompose(UUID.fromString(value.toString()));
            else if (t instanceof InetAddressType) bytes = InetAddressType.instance.decompose(InetAddress.getByName(value.toString()));
            else if (t instanceof Int32Type && value instanceof Number n) bytes = Int32Type.instance.decompose(n.intValue());
            else if (t instanceof LongType && value instanceof Number n) bytes = LongType.instance.decompose(n.longValue());
            else if (t instanceof TimeType && value instanceof Number n) bytes = LongType.instance.decompose(n.longValue());
            else if (t instanceof ShortType && value instanceof Number n) bytes = ShortType.instance.decompose(n.shortValue());
            else if (t instanceof ByteType && value instanceof Number n) bytes = ByteType.instance.decompose(n.byteValue());
            else if (t instanceof FloatType && value instanceof Number n) bytes = FloatType.instance.decompose(n.floatValue());
            else if (t instanceof DoubleType && value instanceof Number n) bytes = DoubleType.instance.decompose(n.doubleValue());
            else if (t instanceof BooleanType && value instanceof Boolean b) bytes = BooleanType.instance.decompose(b);
            else if (t instanceof DecimalType && value instanceof BigDecimal d) bytes = DecimalType.instance.decompose(d);
            else if (t instanceof IntegerType && value instanceof BigDecimal d) bytes = IntegerType.instance.decompose(d.toBigIntegerExact());
            else if (t instanceof IntegerType && value instanceof BigInteger i) bytes = IntegerType.instance.decompose(i);
            else if (t instanceof BytesType && value instanceof byte[] b) bytes = ByteBuffer.wrap(b);
            else if (t instanceof TimestampType) {
                Instant instant = value instanceof java.sql.Timestamp ts ? ts.toInstant() : value instanceof Instant i ? i : null;
                if (instant != null) bytes = TimestampType.instance.decompose(java.util.Date.from(instant));
            } else if (t instanceof SimpleDateType) {
                LocalDate date = value instanceof java.sql.Date d ? d.toLocalDate() : value instanceof LocalDate l ? l : null;
                if (date != null) bytes = Int32Type.instance.decompose((int) date.toEpochDay() - Integer.MIN_VALUE);
            }
            return Optional.ofNullable(bytes);
        } catch (RuntimeException | java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }
}
