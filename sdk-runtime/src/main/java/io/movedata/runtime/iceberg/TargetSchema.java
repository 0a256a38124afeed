package io.movedata.runtime.iceberg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.iceberg.Schema;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ColumnMetadataKeys;

/** A target's Spark schema: its Iceberg form with column docs, and whether a frame fits it. */
final class TargetSchema {

    private TargetSchema() {}

    /**
     * The Iceberg schema of {@code target}: columns are required where the target's fields are not
     * nullable, and each top-level column's doc tells its Cassandra origin, e.g.
     * {@code cql: map<text, int>; partition_key}.
     */
    static Schema toIceberg(StructType target) {
        Schema converted = SparkSchemaUtil.convert(target);
        List<Types.NestedField> columns = new ArrayList<>();
        for (Types.NestedField column : converted.columns()) {
            columns.add(Types.NestedField.builder().withId(column.fieldId()).isOptional(column.isOptional())
                    .withName(column.name()).ofType(column.type()).withDoc(doc(target.apply(column.name()))).build());
        }
        return new Schema(columns);
    }

    /** The doc of a column: the field's comment, its CQL type and its key role, those it has. Null when none. */
    static String doc(StructField field) {
        List<String> parts = new ArrayList<>();
        if (field.getComment().isDefined()) {
            parts.add(field.getComment().get());
        }
        Metadata metadata = field.metadata();
        if (metadata.contains(ColumnMetadataKeys.CQL_TYPE)) {
            parts.add("cql: " + metadata.getString(ColumnMetadataKeys.CQL_TYPE));
        }
        if (metadata.contains(ColumnMetadataKeys.KEY_ROLE)) {
            parts.add(metadata.getString(ColumnMetadataKeys.KEY_ROLE));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /**
     * Every way {@code frame} differs from {@code target}: a missing column, an extra or repeated
     * column, a column of another type. Nullability and field metadata do not count. Empty when
     * the frame fits.
     */
    static List<String> misfits(StructType target, StructType frame) {
        List<String> misfits = new ArrayList<>();
        Map<String, StructField> found = new LinkedHashMap<>();
        Set<String> repeated = new HashSet<>();
        for (StructField field : frame.fields()) {
            if (found.putIfAbsent(field.name(), field) != null && repeated.add(field.name())) {
                misfits.add("column '" + field.name() + "' appears more than once in the frame");
            }
        }
        Set<String> declared = new HashSet<>();
        for (StructField expected : target.fields()) {
            declared.add(expected.name());
            StructField actual = found.get(expected.name());
            if (actual == null) {
                misfits.add("missing column '" + expected.name() + "': expected " + expected.dataType().simpleString()
                        + ", found no such column");
            } else if (!sameType(expected.dataType(), actual.dataType())) {
                misfits.add("column '" + expected.name() + "': expected " + expected.dataType().simpleString()
                        + ", found " + actual.dataType().simpleString());
            }
        }
        for (StructField actual : found.values()) {
            if (!declared.contains(actual.name())) {
                misfits.add("extra column '" + actual.name() + "' (" + actual.dataType().simpleString()
                        + "): the target does not declare it");
            }
        }
        return misfits;
    }

    /** Whether two Spark types are equal once nullability and field metadata are ignored, at any depth. */
    static boolean sameType(DataType left, DataType right) {
        return shape(left).equals(shape(right));
    }

    private static DataType shape(DataType type) {
        if (type instanceof StructType struct) {
            List<StructField> fields = new ArrayList<>();
            for (StructField field : struct.fields()) {
                fields.add(new StructField(field.name(), shape(field.dataType()), true, Metadata.empty()));
            }
            return new StructType(fields.toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return new ArrayType(shape(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return new MapType(shape(map.keyType()), shape(map.valueType()), true);
        }
        return type;
    }
}
