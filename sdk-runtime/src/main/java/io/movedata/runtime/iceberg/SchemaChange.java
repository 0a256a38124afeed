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

import io.movedata.api.ErrorKind;

/**
 * How an existing table's schema must change before a target's rows can be written to it:
 * columns the target declares and the table lacks are added (optional, with their docs), struct
 * fields the target's structs gained are added to the table's structs at any depth (a Cassandra
 * user type that got a field: in a column, a list element or a map value), and columns or fields
 * whose type the target widens in a way Iceberg allows are promoted. Columns the table has and
 * the target lacks stay and are written as null.
 *
 * @param added columns and struct fields to add, in target order
 * @param promoted columns and fields whose type widens, with the new type
 */
record SchemaChange(List<Addition> added, List<Promotion> promoted) {
    static final String ALLOWED_CHANGES =
            "Iceberg can only widen int to long, float to double, and decimal(P, S) to decimal(P2, S) with P2 > P";

    /**
     * A column ({@code parent} null) or a struct field to add.
     *
     * @param parent Iceberg's name of the enclosing struct, e.g. {@code home} or {@code homes.element}
     */
    record Addition(String parent, Types.NestedField field) {
        String name() {
            return parent == null ? field.name() : parent + "." + field.name();
        }
    }

    /** A column or struct field, by its Iceberg name, whose type widens to {@code type}. */
    record Promotion(String name, Type.PrimitiveType type) {}

    /**
     * @throws SinkException naming the column or field when its type changes in a way Iceberg does
     *         not allow, when the table requires a column the target does not declare, when the
     *         table's struct has a field the target's lacks (the rows could not be written), or
     *         when a map key's struct gains a field (Iceberg cannot add fields to map keys)
     */
    static SchemaChange between(String tableName, Schema table, Schema target) {
        Comparison comparison = new Comparison();
        for (Types.NestedField wanted : target.columns()) {
            Types.NestedField existing = table.asStruct().field(wanted.name());
            if (existing == null) {
                comparison.added.add(new Addition(null, wanted));
            } else {
                comparison.compare(wanted.name(), "column '" + wanted.name() + "'", existing.type(), wanted.type());
            }
        }
        for (Types.NestedField existing : table.columns()) {
            if (existing.isRequired() && target.asStruct().field(existing.name()) == null) {
                comparison.problems.add("column '" + existing.name() + "' is required in the table, but the target does not "
                        + "declare it, so it would be written as null");
            }
        }
        if (!comparison.problems.isEmpty()) {
            throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + tableName + " cannot take the target's rows: " + String.join("; ", comparison.problems));
        }
        return new SchemaChange(List.copyOf(comparison.added), List.copyOf(comparison.promoted));
    }

    boolean isEmpty() {
        return added.isEmpty() && promoted.isEmpty();
    }

    /** The names of the added columns and fields ({@code home.city} for a field), in target order. */
    List<String> addedNames() {
        return added.stream().map(Addition::name).toList();
    }

    void applyTo(Table table) {
        update(table).commit();
    }

    /** The schema the table will have once this change is applied; nothing is committed. */
    Schema preview(Table table) {
        return isEmpty() ? table.schema() : update(table).apply();
    }

    /** The names and new types of the columns and fields that widen. */
    List<String> promotedNames() {
        return promoted.stream().map(promotion -> promotion.name() + " to " + promotion.type()).toList();
    }

    private UpdateSchema update(Table table) {
        UpdateSchema update = table.updateSchema();
        for (Addition addition : added) {
            Types.NestedField field = addition.field();
            if (addition.parent() == null) {
                update.addColumn(field.name(), field.type(), field.doc());
            } else {
                update.addColumn(addition.parent(), field.name(), field.type(), field.doc());
            }
        }
        promoted.forEach(promotion -> update.updateColumn(promotion.name(), promotion.type()));
        return update;
    }

    /** Walks a table type and a target type side by side, collecting what to change and what cannot be. */
    private static final class Comparison {
        final List<Addition> added = new ArrayList<>();
        final List<Promotion> promoted = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        /**
         * @param name Iceberg's name of the position, e.g. {@code homes.element.zip}
         * @param described the position for messages
         */
        void compare(String name, String described, Type existing, Type wanted) {
            if (sameShape(existing, wanted)) {
                return;
            }
            if (existing.isStructType() && wanted.isStructType()) {
                compareStructs(name, described, existing.asStructType(), wanted.asStructType());
            } else if (existing.isListType() && wanted.isListType()) {
                compare(name + ".element", described + " (list element)", existing.asListType().elementType(),
                        wanted.asListType().elementType());
            } else if (existing.isMapType() && wanted.isMapType()) {
                Types.MapType existingMap = existing.asMapType();
                Types.MapType wantedMap = wanted.asMapType();
                if (!sameShape(existingMap.keyType(), wantedMap.keyType())) {
                    problems.add(described + " has map keys of " + existingMap.keyType() + " in the table, but the target "
                            + "declares " + wantedMap.keyType() + "; Iceberg cannot change a map's key type");
                }
                compare(name + ".value", described + " (map value)", existingMap.valueType(), wantedMap.valueType());
            } else if (existing.isPrimitiveType() && wanted.isPrimitiveType()
                    && TypeUtil.isPromotionAllowed(existing, wanted.asPrimitiveType())) {
                promoted.add(new Promotion(name, wanted.asPrimitiveType()));
            } else {
                problems.add(described + " is " + existing + " in the table, but the target declares " + wanted + "; "
                        + ALLOWED_CHANGES);
            }
        }

        private void compareStructs(String name, String described, Types.StructType existing, Types.StructType wanted) {
            for (Types.NestedField field : wanted.fields()) {
                Types.NestedField current = existing.field(field.name());
                if (current == null) {
                    added.add(new Addition(name, field));
                } else {
                    compare(name + "." + field.name(), described + " field '" + field.name() + "'", current.type(), field.type());
                }
            }
            for (Types.NestedField field : existing.fields()) {
                if (wanted.field(field.name()) == null) {
                    problems.add(described + " has field '" + field.name() + "' in the table, but the target's struct "
                            + "lacks it (Spark cannot write rows without a field of the table's struct)");
                }
            }
        }
    }

    /** Field ids, optionality and docs aside, whether two Iceberg types are the same. */
    private static boolean sameShape(Type left, Type right) {
        return TargetSchema.sameType(SparkSchemaUtil.convert(left), SparkSchemaUtil.convert(right));
    }
}
