package io.movedata.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.cassandra.cql3.Duration;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.AsciiType;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.db.marshal.ByteType;
import org.apache.cassandra.db.marshal.BytesType;
import org.apache.cassandra.db.marshal.CounterColumnType;
import org.apache.cassandra.db.marshal.DecimalType;
import org.apache.cassandra.db.marshal.DoubleType;
import org.apache.cassandra.db.marshal.DurationType;
import org.apache.cassandra.db.marshal.FloatType;
import org.apache.cassandra.db.marshal.InetAddressType;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.IntegerType;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.LongType;
import org.apache.cassandra.db.marshal.MapType;
import org.apache.cassandra.db.marshal.SetType;
import org.apache.cassandra.db.marshal.ShortType;
import org.apache.cassandra.db.marshal.SimpleDateType;
import org.apache.cassandra.db.marshal.TimeType;
import org.apache.cassandra.db.marshal.TimeUUIDType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.db.marshal.TupleType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.marshal.UUIDType;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.marshal.VectorType;
import org.apache.cassandra.serializers.CollectionSerializer;
import org.apache.cassandra.utils.ByteBufferUtil;
import org.apache.cassandra.utils.TimeUUID;

/**
 * Serializes natural Java values into the bytes of a CQL type, the way a driver binds them.
 * A {@link ByteBuffer} is taken as already serialized, for any type.
 */
final class Values {
    private Values() {}

    /**
     * @param where what the value is for, in error messages (e.g. "bind value 2 (v text)")
     * @return null for null, {@link ByteBufferUtil#UNSET_BYTE_BUFFER} for it, else the serialized value
     */
    static ByteBuffer serialize(AbstractType<?> type, Object value, String where) {
        if (value == null) {
            return null;
        }
        if (value == ByteBufferUtil.UNSET_BYTE_BUFFER) {
            return ByteBufferUtil.UNSET_BYTE_BUFFER;
        }
        if (value instanceof ByteBuffer bytes) {
            return bytes.duplicate();
        }
        AbstractType<?> t = type.unwrap();
        if (t instanceof ListType<?> list) {
            List<ByteBuffer> elements = new ArrayList<>();
            for (Object e : elements(value, where, t)) {
                elements.add(notNull(serialize(list.getElementsType(), e, where + " element"), where));
            }
            return CollectionSerializer.pack(elements, elements.size());
        }
        if (t instanceof SetType<?> set) {
            AbstractType<?> elementType = set.getElementsType();
            List<ByteBuffer> elements = new ArrayList<>();
            for (Object e : elements(value, where, t)) {
                elements.add(notNull(serialize(elementType, e, where + " element"), where));
            }
            elements.sort(elementType);
            List<ByteBuffer> distinct = new ArrayList<>();
            for (ByteBuffer e : elements) {
                if (distinct.isEmpty() || elementType.compare(distinct.get(distinct.size() - 1), e) != 0) {
                    distinct.add(e);
                }
            }
            return CollectionSerializer.pack(distinct, distinct.size());
        }
        if (t instanceof MapType<?, ?> map) {
            if (!(value instanceof Map<?, ?> m)) {
                throw mismatch(where, t, value, "a java.util.Map");
            }
            AbstractType<?> keyType = map.getKeysType();
            List<ByteBuffer[]> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.add(new ByteBuffer[] {
                        notNull(serialize(keyType, e.getKey(), where + " key"), where),
                        notNull(serialize(map.getValuesType(), e.getValue(), where + " value"), where)});
            }
            entries.sort((a, b) -> keyType.compare(a[0], b[0]));
            List<ByteBuffer> packed = new ArrayList<>();
            for (ByteBuffer[] e : entries) {
                packed.add(e[0]);
                packed.add(e[1]);
            }
            return CollectionSerializer.pack(packed, entries.size());
        }
        if (t instanceof UserType udt) {
            ByteBuffer[] fields = new ByteBuffer[udt.size()];
            if (value instanceof Map<?, ?> m) {
                Set<Object> unknown = new HashSet<>(m.keySet());
                for (int i = 0; i < udt.size(); i++) {
                    String name = udt.fieldNameAsString(i);
                    unknown.remove(name);
                    fields[i] = serialize(udt.fieldType(i), m.get(name), where + " field " + name);
                }
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException(where + ": type " + udt.asCQL3Type() + " has no field(s) " + unknown
                            + "; its fields are " + udt.fieldNames());
                }
            } else {
                List<?> values = elements(value, where, t);
                if (values.size() > udt.size()) {
                    throw new IllegalArgumentException(where + ": " + values.size() + " values for type " + udt.asCQL3Type()
                            + " which has " + udt.size() + " fields");
                }
                for (int i = 0; i < values.size(); i++) {
                    fields[i] = serialize(udt.fieldType(i), values.get(i), where + " field " + udt.fieldNameAsString(i));
                }
            }
            return TupleType.buildValue(fields);
        }
        if (t instanceof TupleType tuple) {
            List<?> values = elements(value, where, t);
            if (values.size() != tuple.size()) {
                throw new IllegalArgumentException(where + ": " + values.size() + " values for " + tuple.asCQL3Type()
                        + " which has " + tuple.size() + " components");
            }
            ByteBuffer[] components = new ByteBuffer[tuple.size()];
            for (int i = 0; i < components.length; i++) {
                components[i] = serialize(tuple.type(i), values.get(i), where + " component " + (i + 1));
            }
            return TupleType.buildValue(components);
        }
        if (t instanceof VectorType<?> vector) {
            List<?> values = value instanceof float[] floats ? boxed(floats) : elements(value, where, t);
            if (values.size() != vector.dimension) {
                throw new IllegalArgumentException(where + ": " + values.size() + " values for " + vector.asCQL3Type());
            }
            List<ByteBuffer> elements = new ArrayList<>();
            for (Object e : values) {
                elements.add(notNull(serialize(vector.getElementsType(), e, where + " element"), where));
            }
            return vector.decomposeRaw(elements);
        }
        if (t instanceof CounterColumnType) {
            throw new IllegalArgumentException(where + ": counter columns cannot be written by CQLSSTableWriter");
        }
        @SuppressWarnings("unchecked")
        AbstractType<Object> primitive = (AbstractType<Object>) t;
        Object composed = toComposed(t, value, where);
        try {
            return primitive.decompose(composed);
        } catch (ClassCastException e) {
            throw mismatch(where, t, value, "a value of its Java type");
        }
    }

    private static Object toComposed(AbstractType<?> t, Object v, String where) {
        if (t instanceof Int32Type) {
            if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).intValue();
            }
            throw mismatch(where, t, v, "an Integer");
        }
        if (t instanceof LongType) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            throw mismatch(where, t, v, "a Long");
        }
        if (t instanceof ShortType) {
            if (v instanceof Short || v instanceof Byte) {
                return ((Number) v).shortValue();
            }
            throw mismatch(where, t, v, "a Short");
        }
        if (t instanceof ByteType) {
            if (v instanceof Byte) {
                return v;
            }
            throw mismatch(where, t, v, "a Byte");
        }
        if (t instanceof FloatType) {
            if (v instanceof Float) {
                return v;
            }
            throw mismatch(where, t, v, "a Float");
        }
        if (t instanceof DoubleType) {
            if (v instanceof Double || v instanceof Float) {
                return ((Number) v).doubleValue();
            }
            throw mismatch(where, t, v, "a Double");
        }
        if (t instanceof BooleanType) {
            if (v instanceof Boolean) {
                return v;
            }
            throw mismatch(where, t, v, "a Boolean");
        }
        if (t instanceof UTF8Type || t instanceof AsciiType) {
            if (v instanceof CharSequence) {
                return v.toString();
            }
            throw mismatch(where, t, v, "a String");
        }
        if (t instanceof DecimalType) {
            if (v instanceof BigDecimal) {
                return v;
            }
            if (v instanceof BigInteger b) {
                return new BigDecimal(b);
            }
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return BigDecimal.valueOf(((Number) v).longValue());
            }
            if (v instanceof Double || v instanceof Float) {
                return BigDecimal.valueOf(((Number) v).doubleValue());
            }
            throw mismatch(where, t, v, "a BigDecimal");
        }
        if (t instanceof IntegerType) {
            if (v instanceof BigInteger) {
                return v;
            }
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return BigInteger.valueOf(((Number) v).longValue());
            }
            throw mismatch(where, t, v, "a BigInteger");
        }
        if (t instanceof TimeUUIDType) {
            if (v instanceof TimeUUID) {
                return v;
            }
            if (v instanceof UUID u) {
                if (u.version() != 1) {
                    throw new IllegalArgumentException(where + ": a timeuuid must be a version 1 UUID, got " + u);
                }
                return TimeUUID.fromUuid(u);
            }
            throw mismatch(where, t, v, "a version 1 java.util.UUID");
        }
        if (t instanceof UUIDType) {
            if (v instanceof UUID) {
                return v;
            }
            if (v instanceof TimeUUID tu) {
                return tu.asUUID();
            }
            throw mismatch(where, t, v, "a java.util.UUID");
        }
        if (t instanceof TimestampType) {
            if (v instanceof Date) {
                return v;
            }
            if (v instanceof Instant i) {
                return Date.from(i);
            }
            if (v instanceof OffsetDateTime o) {
                return Date.from(o.toInstant());
            }
            if (v instanceof ZonedDateTime z) {
                return Date.from(z.toInstant());
            }
            if (v instanceof Long millis) {
                return new Date(millis);
            }
            throw mismatch(where, t, v, "an Instant, a Date or epoch milliseconds as a Long");
        }
        if (t instanceof SimpleDateType) {
            if (v instanceof LocalDate d) {
                return (int) (d.toEpochDay() - Integer.MIN_VALUE);
            }
            if (v instanceof Date d) {
                return (int) (Math.floorDiv(d.getTime(), 86_400_000L) - Integer.MIN_VALUE);
            }
            if (v instanceof Instant i) {
                return (int) (Math.floorDiv(i.toEpochMilli(), 86_400_000L) - Integer.MIN_VALUE);
            }
            throw mismatch(where, t, v, "a java.time.LocalDate");
        }
        if (t instanceof TimeType) {
            if (v instanceof LocalTime lt) {
                return lt.toNanoOfDay();
            }
            if (v instanceof Long nanos) {
                return nanos;
            }
            throw mismatch(where, t, v, "a java.time.LocalTime or nanoseconds of the day as a Long");
        }
        if (t instanceof InetAddressType) {
            if (v instanceof InetAddress) {
                return v;
            }
            if (v instanceof String s) {
                try {
                    return InetAddress.getByName(s);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(where + ": '" + s + "' is not an IP address", e);
                }
            }
            throw mismatch(where, t, v, "a java.net.InetAddress");
        }
        if (t instanceof BytesType) {
            if (v instanceof byte[] b) {
                return ByteBuffer.wrap(b);
            }
            throw mismatch(where, t, v, "a ByteBuffer or byte[]");
        }
        if (t instanceof DurationType) {
            if (v instanceof Duration) {
                return v;
            }
            if (v instanceof java.time.Duration d) {
                return Duration.newInstance(0, 0, d.toNanos());
            }
            if (v instanceof Period p) {
                return Duration.newInstance((int) p.toTotalMonths(), p.getDays(), 0);
            }
            throw mismatch(where, t, v, "a java.time.Duration, a java.time.Period or an org.apache.cassandra.cql3.Duration");
        }
        return v;
    }

    private static List<?> elements(Object value, String where, AbstractType<?> type) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        throw mismatch(where, type, value, "a java.util.Collection or an array");
    }

    private static List<Float> boxed(float[] floats) {
        List<Float> list = new ArrayList<>(floats.length);
        for (float f : floats) {
            list.add(f);
        }
        return list;
    }

    private static ByteBuffer notNull(ByteBuffer b, String where) {
        if (b == null || b == ByteBufferUtil.UNSET_BYTE_BUFFER) {
            throw new IllegalArgumentException(where + ": collection elements, keys and values cannot be null or unset");
        }
        return b;
    }

    private static IllegalArgumentException mismatch(String where, AbstractType<?> type, Object value, String expected) {
        return new IllegalArgumentException(where + " is a " + value.getClass().getName() + " (" + abbreviate(value)
                + "); CQL type " + type.asCQL3Type() + " takes " + expected + " (or the serialized bytes as a ByteBuffer)");
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
