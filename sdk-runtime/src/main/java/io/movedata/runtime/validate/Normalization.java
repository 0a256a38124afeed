package io.movedata.runtime.validate;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Values in a form Spark can group and compare: Spark refuses maps in set operations and grouping,
 * so each map, at any depth, becomes the array of its entries {@code struct(key, value)} sorted by
 * key. Arrays keep their order: lists are ordered, and CQL sets arrive sorted from both sides.
 */
final class Normalization {
    private Normalization() {}

    /** Whether a value of this type holds a map anywhere. */
    static boolean hasMaps(DataType type) {
        if (type instanceof MapType) {
            return true;
        }
        if (type instanceof ArrayType array) {
            return hasMaps(array.elementType());
        }
        if (type instanceof StructType struct) {
            for (StructField field : struct.fields()) {
                if (hasMaps(field.dataType())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The column with every map replaced by its sorted entries; null stays null. */
    static Column normalized(Column column, DataType type) {
        if (!hasMaps(type)) {
            return column;
        }
        if (type instanceof MapType map) {
            Column entries = functions.map_entries(column);
            if (hasMaps(map.keyType()) || hasMaps(map.valueType())) {
                entries = functions.transform(entries, entry -> functions.struct(
                        normalized(entry.getField("key"), map.keyType()).as("key"),
                        normalized(entry.getField("value"), map.valueType()).as("value")));
            }
            return functions.array_sort(entries);
        }
        if (type instanceof ArrayType array) {
            return functions.transform(column, element -> normalized(element, array.elementType()));
        }
        StructType struct = (StructType) type;
        List<Column> fields = new ArrayList<>();
        for (StructField field : struct.fields()) {
            fields.add(normalized(column.getField(field.name()), field.dataType()).as(field.name()));
        }
        // struct() of a null struct's fields would be a struct of nulls, not null.
        return functions.when(column.isNotNull(), functions.struct(fields.toArray(Column[]::new)));
    }
}
