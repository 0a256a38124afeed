package io.movedata.runtime.validate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.KeyRole;

/**
 * The columns two sides are compared on: every column of C but the ignored ones, which M must have
 * too, each with a type both sides' values are cast to; and the key columns.
 *
 * @param columns the compared columns in C's order, each with the type both sides are compared as
 * @param keys the key columns, in C's order
 * @param ignored the columns left out
 */
record ComparedColumns(List<StructField> columns, List<String> keys, List<String> ignored) {

    private static final Set<KeyRole> KEY_ROLES = EnumSet.of(KeyRole.PARTITION_KEY, KeyRole.CLUSTERING);

    /**
     * The columns of {@code c} and {@code m} to compare under {@code options}.
     *
     * @param cName how C is named in messages
     * @param mName how M is named in messages
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) naming every column at fault: one on one
     *         side only, one of types that cannot be compared, a repeated one, an ignored or key column
     *         on neither side
     */
    static ComparedColumns of(StructType c, StructType m, ValidationOptions options, String cName, String mName) {
        List<String> problems = new ArrayList<>();
        Set<String> ignored = new LinkedHashSet<>(options.ignoredColumns());
        repeated(c, cName, problems);
        repeated(m, mName, problems);
        for (String column : ignored) {
            if (c.getFieldIndex(column).isEmpty() && m.getFieldIndex(column).isEmpty()) {
                problems.add("column '" + column + "' to ignore is in neither " + cName + " nor " + mName);
            }
        }
        List<StructField> columns = new ArrayList<>();
        for (StructField field : c.fields()) {
            if (ignored.contains(field.name())) {
                continue;
            }
            if (m.getFieldIndex(field.name()).isEmpty()) {
                problems.add("column '" + field.name() + "' is in " + cName + " but not in " + mName);
                continue;
            }
            DataType mType = m.apply(field.name()).dataType();
            DataType common = common(field.dataType(), mType);
            if (common == null) {
                problems.add("column '" + field.name() + "' is " + field.dataType().simpleString() + " in " + cName
                        + " but " + mType.simpleString() + " in " + mName);
            } else {
                columns.add(new StructField(field.name(), common, true, field.metadata()));
            }
        }
        for (StructField field : m.fields()) {
            if (!ignored.contains(field.name()) && c.getFieldIndex(field.name()).isEmpty()) {
                problems.add("column '" + field.name() + "' is in " + mName + " but not in " + cName);
            }
        }
        List<String> keys = options.keyColumns() != null ? options.keyColumns() : schemaKeys(c, m, ignored);
        for (String key : keys) {
            if (ignored.contains(key)) {
                problems.add("key column '" + key + "' is also ignored");
            } else if (c.getFieldIndex(key).isEmpty() && m.getFieldIndex(key).isEmpty()) {
                problems.add("key column '" + key + "' is in neither " + cName + " nor " + mName);
            }
        }
        if (!problems.isEmpty()) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, cName + " and " + mName + " cannot be compared: " + String.join("; ", problems));
        }
        List<String> orderedKeys = new ArrayList<>();
        for (StructField field : columns) {
            if (keys.contains(field.name())) {
                orderedKeys.add(field.name());
            }
        }
        return new ComparedColumns(List.copyOf(columns), List.copyOf(orderedKeys), List.copyOf(ignored));
    }

    /** The names of the compared columns. */
    List<String> names() {
        return columns.stream().map(StructField::name).toList();
    }

    private static void repeated(StructType schema, String name, List<String> problems) {
        Set<String> seen = new HashSet<>();
        for (String column : schema.fieldNames()) {
            if (!seen.add(column)) {
                problems.add("column '" + column + "' appears more than once in " + name);
            }
        }
    }

    /**
     * The key columns the schema declares: field metadata {@code key_role}, or the role at the end
     * of the column's comment (the Iceberg column doc movedata writes, e.g. {@code cql: int; partition_key}).
     * C's if it declares any, else M's.
     */
    private static List<String> schemaKeys(StructType c, StructType m, Set<String> ignored) {
        for (StructType schema : List.of(c, m)) {
            List<String> keys = new ArrayList<>();
            for (StructField field : schema.fields()) {
                if (role(field).filter(KEY_ROLES::contains).isPresent() && !ignored.contains(field.name())) {
                    keys.add(field.name());
                }
            }
            if (!keys.isEmpty()) {
                return keys;
            }
        }
        return List.of();
    }

    /**
     * The field's key role: from its metadata when read from a backup, else from the Iceberg column
     * comment movedata writes ({@code cql: int; partition_key}).
     */
    private static Optional<KeyRole> role(StructField field) {
        if (field.metadata().contains(ColumnMetadataKeys.KEY_ROLE) || field.getComment().isEmpty()) {
            return KeyRole.of(field);
        }
        String comment = field.getComment().get();
        return KeyRole.of(comment.substring(comment.lastIndexOf(';') + 1).strip());
    }

    /**
     * The type both sides' values are compared as: their type when they agree (all nullable when
     * they agree but for nullability), else the wider of two numbers (an Iceberg column widened from int to long, float to double, or
     * to a wider decimal). Null when they cannot be compared.
     */
    static DataType common(DataType a, DataType b) {
        if (a.equals(b)) {
            return a;
        }
        if (same(a, b)) {
            // Spark casts a nullable element, value or field to a non-nullable one only by failing.
            return nullable(a);
        }
        int rankA = integralRank(a);
        int rankB = integralRank(b);
        if (rankA > 0 && rankB > 0) {
            return rankA > rankB ? a : b;
        }
        if ((a instanceof FloatType || a instanceof DoubleType) && (b instanceof FloatType || b instanceof DoubleType)) {
            return DataTypes.DoubleType;
        }
        if (a instanceof DecimalType da && b instanceof DecimalType db) {
            int scale = Math.max(da.scale(), db.scale());
            int integerDigits = Math.max(da.precision() - da.scale(), db.precision() - db.scale());
            return integerDigits + scale <= DecimalType.MAX_PRECISION() ? DataTypes.createDecimalType(integerDigits + scale, scale) : null;
        }
        return null;
    }

    private static int integralRank(DataType type) {
        return type instanceof ByteType ? 1 : type instanceof ShortType ? 2 : type instanceof IntegerType ? 3
                : type instanceof LongType ? 4 : 0;
    }

    /** The type with every element, value and field nullable. */
    private static DataType nullable(DataType type) {
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(nullable(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(nullable(map.keyType()), nullable(map.valueType()), true);
        }
        if (type instanceof StructType struct) {
            StructType fields = new StructType();
            for (StructField field : struct.fields()) {
                fields = fields.add(field.name(), nullable(field.dataType()), true, field.metadata());
            }
            return fields;
        }
        return type;
    }

    /** Equal types but for nullability and field metadata. */
    private static boolean same(DataType a, DataType b) {
        if (a instanceof ArrayType x && b instanceof ArrayType y) {
            return same(x.elementType(), y.elementType());
        }
        if (a instanceof MapType x && b instanceof MapType y) {
            return same(x.keyType(), y.keyType()) && same(x.valueType(), y.valueType());
        }
        if (a instanceof StructType x && b instanceof StructType y) {
            if (x.fields().length != y.fields().length) {
                return false;
            }
            for (int i = 0; i < x.fields().length; i++) {
                if (!x.fields()[i].name().equals(y.fields()[i].name())
                        || !same(x.fields()[i].dataType(), y.fields()[i].dataType())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}
