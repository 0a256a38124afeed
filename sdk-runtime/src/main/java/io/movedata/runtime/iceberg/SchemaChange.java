package io.movedata.runtime.iceberg;

import java.util.ArrayList;
import java.util.List;

import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * How an existing table's schema must change before a target's rows can be written to it:
 * columns the target declares and the table lacks are added (optional, with their docs), and
 * columns whose type the target widens in a way Iceberg allows are promoted. Columns the table
 * has and the target lacks stay and are written as null.
 *
 * @param added columns to add, in target order
 * @param promoted columns whose type widens, with the new type
 */
record SchemaChange(List<Types.NestedField> added, List<Types.NestedField> promoted) {
    static final String ALLOWED_CHANGES =
            "Iceberg can only widen int to long, float to double, and decimal(P, S) to decimal(P2, S) with P2 > P";

    /**
     * @throws SinkException naming the column when its type changes in a way Iceberg does not
     *         allow, or when the table requires a column the target does not declare
     */
    static SchemaChange between(String tableName, Schema table, Schema target) {
        List<Types.NestedField> added = new ArrayList<>();
        List<Types.NestedField> promoted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Types.NestedField wanted : target.columns()) {
            Types.NestedField existing = table.asStruct().field(wanted.name());
            if (existing == null) {
                added.add(wanted);
            } else if (!sameShape(existing.type(), wanted.type())) {
                if (existing.type().isPrimitiveType() && wanted.type().isPrimitiveType()
                        && TypeUtil.isPromotionAllowed(existing.type(), wanted.type().asPrimitiveType())) {
                    promoted.add(wanted);
                } else {
                    problems.add("column '" + wanted.name() + "' is " + existing.type() + " in the table, but the target "
                            + "declares " + wanted.type() + "; " + ALLOWED_CHANGES);
                }
            }
        }
        for (Types.NestedField existing : table.columns()) {
            if (existing.isRequired() && target.asStruct().field(existing.name()) == null) {
                problems.add("column '" + existing.name() + "' is required in the table, but the target does not "
                        + "declare it, so it would be written as null");
            }
        }
        if (!problems.isEmpty()) {
            throw new SinkException("Table " + tableName + " cannot take the target's rows: " + String.join("; ", problems));
        }
        return new SchemaChange(List.copyOf(added), List.copyOf(promoted));
    }

    boolean isEmpty() {
        return added.isEmpty() && promoted.isEmpty();
    }

    List<String> addedNames() {
        return added.stream().map(Types.NestedField::name).toList();
    }

    void applyTo(Table table) {
        UpdateSchema update = table.updateSchema();
        added.forEach(column -> update.addColumn(column.name(), column.type(), column.doc()));
        promoted.forEach(column -> update.updateColumn(column.name(), column.type().asPrimitiveType()));
        update.commit();
    }

    /** Field ids, optionality and docs aside, whether two Iceberg types are the same. */
    private static boolean sameShape(Type left, Type right) {
        return TargetSchema.sameType(SparkSchemaUtil.convert(left), SparkSchemaUtil.convert(right));
    }
}
