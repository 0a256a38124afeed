package io.movedata.runtime.sstable;

import java.io.Serializable;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.UUID;

import org.apache.cassandra.cql3.Duration;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.AsciiType;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.db.marshal.ByteBufferAccessor;
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
import org.apache.cassandra.db.marshal.LexicalUUIDType;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.LongType;
import org.apache.cassandra.db.marshal.MapType;
import org.apache.cassandra.db.marshal.ReversedType;
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
import org.apache.cassandra.serializers.CollectionSerializer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

import io.movedata.api.ErrorKind;

/**
 * The CQL-to-Spark type table (DESIGN §3): the Spark type of each CQL type, and a reader turning a
 * serialized CQL value into Spark's internal representation. Values are decoded with
 * cassandra-all's serializers and collection/tuple framing helpers.
 */
public final class SparkTypes {

    /** Precision and scale of the Spark decimal that CQL {@code decimal} maps to. */
    public record DecimalSpec(int precision, int scale) implements Serializable {
        public static final DecimalSpec DEFAULT = new DecimalSpec(38, 18);
    }

    /** Decodes one serialized value (never null) into Spark's internal form; may return null for empty values. */
    @FunctionalInterface
    public interface ValueReader {
        Object read(ByteBuffer value);
    }

    /** Writes one serialized value (never null) into a row's field, primitives without boxing. */
    @FunctionalInterface
    public interface ValueWriter {
        void write(ByteBuffer value, InternalRow row, int ordinal);
    }

    private static final int VARINT_PRECISION = 38;

    private SparkTypes() {}

    /**
     * The Spark type for a CQL type.
     *
     * @throws SchemaException for types movedata does not read (counter, vector, custom types)
     */
    public static DataType sparkType(AbstractType<?> type, DecimalSpec decimal) {
        AbstractType<?> t = unwrap(type);
        if (t instanceof UTF8Type || t instanceof AsciiType || t instanceof UUIDType || t instanceof TimeUUIDType
                || t instanceof LexicalUUIDType || t instanceof InetAddressType) {
            return DataTypes.StringType;
        }
        if (t instanceof Int32Type) return DataTypes.IntegerType;
        if (t instanceof LongType) return DataTypes.LongType;
        if (t instanceof ShortType) return DataTypes.ShortType;
        if (t instanceof ByteType) return DataTypes.ByteType;
        if (t instanceof FloatType) return DataTypes.FloatType;
        if (t instanceof DoubleType) return DataTypes.DoubleType;
        if (t instanceof BooleanType) return DataTypes.BooleanType;
        if (t instanceof DecimalType) return DataTypes.createDecimalType(decimal.precision(), decimal.scale());
        if (t instanceof IntegerType) return DataTypes.createDecimalType(VARINT_PRECISION, 0);
        if (t instanceof TimestampType) return DataTypes.TimestampType;
        if (t instanceof SimpleDateType) return DataTypes.DateType;
        if (t instanceof TimeType) return DataTypes.LongType;
        if (t instanceof BytesType) return DataTypes.BinaryType;
        if (t instanceof DurationType) return durationStruct();
        if (t instanceof ListType<?> list) {
            return DataTypes.createArrayType(sparkType(list.getElementsType(), decimal), false);
        }
        if (t instanceof SetType<?> set) {
            return DataTypes.createArrayType(sparkType(set.getElementsType(), decimal), false);
        }
        if (t instanceof MapType<?, ?> map) {
            return DataTypes.createMapType(sparkType(map.getKeysType(), decimal), sparkType(map.getValuesType(), decimal), true);
        }
        if (t instanceof UserType udt) {
            StructField[] fields = new StructField[udt.size()];
            for (int i = 0; i < udt.size(); i++) {
                fields[i] = DataTypes.createStructField(udt.fieldNameAsString(i), sparkType(udt.fieldType(i), decimal), true);
            }
            return DataTypes.createStructType(fields);
        }
        if (t instanceof TupleType tuple) {
            StructField[] fields = new StructField[tuple.size()];
            for (int i = 0; i < tuple.size(); i++) {
                fields[i] = DataTypes.createStructField("_" + (i + 1), sparkType(tuple.type(i), decimal), true);
            }
            return DataTypes.createStructType(fields);
        }
        if (t instanceof CounterColumnType) {
            throw new SchemaException("counter columns are not supported: movedata reads regular tables only");
        }
        throw new SchemaException("CQL type " + t.asCQL3Type() + " is not supported (supported: every primitive type, "
                + "list, set, map, tuple, user types, frozen or not)");
    }

    /** The Spark struct CQL {@code duration} maps to. */
    public static StructType durationStruct() {
        return DataTypes.createStructType(new StructField[] {
                DataTypes.createStructField("months", DataTypes.IntegerType, false),
                DataTypes.createStructField("days", DataTypes.IntegerType, false),
                DataTypes.createStructField("nanos", DataTypes.LongType, false)});
    }

    /** A reader for serialized values of {@code type} (single-cell form: frozen for collections and UDTs). */
    public static ValueReader reader(AbstractType<?> type, DecimalSpec decimal) {
        AbstractType<?> t = unwrap(type);
        if (t instanceof UTF8Type || t instanceof AsciiType) {
            return SparkTypes::utf8;
        }
        if (t instanceof UUIDType || t instanceof TimeUUIDType || t instanceof LexicalUUIDType) {
            return nullIfEmpty(v -> UTF8String.fromString(new UUID(v.getLong(v.position()), v.getLong(v.position() + 8)).toString()));
        }
        if (t instanceof InetAddressType) {
            return nullIfEmpty(v -> {
                try {
                    return UTF8String.fromString(InetAddress.getByAddress(bytes(v)).getHostAddress());
                } catch (UnknownHostException e) {
                    throw new SSTableReadException("invalid inet value of " + v.remaining() + " bytes", e);
                }
            });
        }
        if (t instanceof Int32Type) return nullIfEmpty(v -> v.getInt(v.position()));
        if (t instanceof LongType) return nullIfEmpty(v -> v.getLong(v.position()));
        if (t instanceof ShortType) return nullIfEmpty(v -> v.getShort(v.position()));
        if (t instanceof ByteType) return nullIfEmpty(v -> v.get(v.position()));
        if (t instanceof FloatType) return nullIfEmpty(v -> v.getFloat(v.position()));
        if (t instanceof DoubleType) return nullIfEmpty(v -> v.getDouble(v.position()));
        if (t instanceof BooleanType) return nullIfEmpty(v -> v.get(v.position()) != 0);
        if (t instanceof TimestampType) return nullIfEmpty(v -> v.getLong(v.position()) * 1000L);
        if (t instanceof SimpleDateType) {
            // CQL dates are unsigned days with the epoch at 2^31.
            return nullIfEmpty(v -> v.getInt(v.position()) + Integer.MIN_VALUE);
        }
        if (t instanceof TimeType) return nullIfEmpty(v -> v.getLong(v.position()));
        if (t instanceof BytesType) return SparkTypes::bytes;
        if (t instanceof DecimalType) {
            return nullIfEmpty(v -> toDecimal(DecimalType.instance.compose(v), decimal.precision(), decimal.scale(), "decimal"));
        }
        if (t instanceof IntegerType) {
            return nullIfEmpty(v -> toDecimal(new BigDecimal(IntegerType.instance.compose(v)), VARINT_PRECISION, 0, "varint"));
        }
        if (t instanceof DurationType) {
            return nullIfEmpty(v -> {
                Duration d = DurationType.instance.compose(v);
                return new GenericInternalRow(new Object[] {d.getMonths(), d.getDays(), d.getNanoseconds()});
            });
        }
        if (t instanceof ListType<?> list) return collection(reader(list.getElementsType(), decimal));
        if (t instanceof SetType<?> set) return collection(reader(set.getElementsType(), decimal));
        if (t instanceof MapType<?, ?> map) {
            return frozenMap(reader(map.getKeysType(), decimal), reader(map.getValuesType(), decimal));
        }
        if (t instanceof TupleType tuple) {
            // UserType is a TupleType: fields are framed the same way.
            ValueReader[] fields = new ValueReader[tuple.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = reader(tuple.type(i), decimal);
            }
            return nullIfEmpty(v -> {
                ByteBuffer[] parts = tuple.split(ByteBufferAccessor.instance, v);
                Object[] values = new Object[fields.length];
                for (int i = 0; i < fields.length && i < parts.length; i++) {
                    values[i] = parts[i] == null ? null : fields[i].read(parts[i]);
                }
                return new GenericInternalRow(values);
            });
        }
        sparkType(t, decimal); // throws the same "not supported" error as the schema would
        throw new SchemaException("CQL type " + t.asCQL3Type() + " is not supported");
    }

    /**
     * A writer for serialized values of {@code type}: fixed-width primitives go straight into the
     * row's typed setters; everything else through {@link #reader}. Empty values write null.
     */
    public static ValueWriter writer(AbstractType<?> type, DecimalSpec decimal) {
        AbstractType<?> t = unwrap(type);
        if (t instanceof Int32Type) return primitive((v, row, i) -> row.setInt(i, v.getInt(v.position())));
        if (t instanceof SimpleDateType) return primitive((v, row, i) -> row.setInt(i, v.getInt(v.position()) + Integer.MIN_VALUE));
        if (t instanceof LongType || t instanceof TimeType) return primitive((v, row, i) -> row.setLong(i, v.getLong(v.position())));
        if (t instanceof TimestampType) return primitive((v, row, i) -> row.setLong(i, v.getLong(v.position()) * 1000L));
        if (t instanceof ShortType) return primitive((v, row, i) -> row.setShort(i, v.getShort(v.position())));
        if (t instanceof ByteType) return primitive((v, row, i) -> row.setByte(i, v.get(v.position())));
        if (t instanceof FloatType) return primitive((v, row, i) -> row.setFloat(i, v.getFloat(v.position())));
        if (t instanceof DoubleType) return primitive((v, row, i) -> row.setDouble(i, v.getDouble(v.position())));
        if (t instanceof BooleanType) return primitive((v, row, i) -> row.setBoolean(i, v.get(v.position()) != 0));
        ValueReader reader = reader(t, decimal);
        return (v, row, i) -> row.update(i, reader.read(v));
    }

    private static ValueWriter primitive(ValueWriter writer) {
        return (v, row, i) -> {
            if (v.hasRemaining()) {
                writer.write(v, row, i);
            } else {
                row.setNullAt(i);
            }
        };
    }

    /** A type without its clustering-order wrapper. */
    public static AbstractType<?> unwrap(AbstractType<?> type) {
        return type instanceof ReversedType<?> reversed ? reversed.baseType : type;
    }

    private static ValueReader nullIfEmpty(ValueReader reader) {
        // CQL allows empty values for most types (e.g. blobAsInt(0x)); drivers read them as null.
        return v -> v.hasRemaining() ? reader.read(v) : null;
    }

    private static ValueReader collection(ValueReader element) {
        return nullIfEmpty(v -> {
            int size = CollectionSerializer.readCollectionSize(v, ByteBufferAccessor.instance);
            Object[] values = new Object[size];
            int offset = CollectionSerializer.sizeOfCollectionSize();
            for (int i = 0; i < size; i++) {
                ByteBuffer value = CollectionSerializer.readValue(v, ByteBufferAccessor.instance, offset);
                offset += CollectionSerializer.sizeOfValue(value, ByteBufferAccessor.instance);
                values[i] = value == null ? null : element.read(value);
            }
            return new GenericArrayData(values);
        });
    }

    private static ValueReader frozenMap(ValueReader keyReader, ValueReader valueReader) {
        return nullIfEmpty(v -> {
            int size = CollectionSerializer.readCollectionSize(v, ByteBufferAccessor.instance);
            Object[] keys = new Object[size];
            Object[] values = new Object[size];
            int offset = CollectionSerializer.sizeOfCollectionSize();
            for (int i = 0; i < size; i++) {
                ByteBuffer key = CollectionSerializer.readValue(v, ByteBufferAccessor.instance, offset);
                offset += CollectionSerializer.sizeOfValue(key, ByteBufferAccessor.instance);
                ByteBuffer value = CollectionSerializer.readValue(v, ByteBufferAccessor.instance, offset);
                offset += CollectionSerializer.sizeOfValue(value, ByteBufferAccessor.instance);
                keys[i] = keyReader.read(key);
                values[i] = value == null ? null : valueReader.read(value);
            }
            return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
        });
    }

    /**
     * A string over the value's own bytes when they are on the heap: cassandra-all gives each cell
     * value its own array, and Spark copies the row before the next one is read.
     */
    private static UTF8String utf8(ByteBuffer v) {
        if (v.hasArray()) {
            return UTF8String.fromAddress(v.array(), Platform.BYTE_ARRAY_OFFSET + v.arrayOffset() + v.position(), v.remaining());
        }
        return UTF8String.fromBytes(bytes(v));
    }

    static byte[] bytes(ByteBuffer v) {
        byte[] bytes = new byte[v.remaining()];
        v.duplicate().get(bytes);
        return bytes;
    }

    private static Decimal toDecimal(BigDecimal value, int precision, int scale, String cqlType) {
        Decimal decimal = Decimal.apply(value);
        if (!decimal.changePrecision(precision, scale)) {
            throw new SchemaException(ErrorKind.INVALID_INPUT, "CQL " + cqlType + " value " + value + " does not fit Spark decimal("
                    + precision + "," + scale + "); raise the decimal precision/scale options");
        }
        return decimal;
    }

}
