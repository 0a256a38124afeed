package io.movedata.runtime.iceberg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReplaceSortOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdatePartitionSpec;
import org.apache.iceberg.expressions.Expressions;

import io.movedata.api.TargetTable;

/**
 * How an existing table's partition spec and sort order must change to follow its target's
 * {@code partitionBy} and {@code sortBy}: Iceberg evolves a partition spec (rows already written
 * keep their layout, new ones take the new spec) and replaces a sort order without rewriting
 * anything. Partition fields compare as a set, sort fields in order.
 *
 * @param specFrom the table's partition fields, described as a target declares them
 * @param specTo the target's
 * @param orderFrom the table's sort fields
 * @param orderTo the target's
 */
record LayoutChange(List<String> specFrom, List<String> specTo, List<String> orderFrom, List<String> orderTo) {

    /**
     * @param schema the schema the table will have when it is written (with the columns the run adds)
     * @throws SinkException when a partition expression or sort term cannot be used on that schema
     */
    static LayoutChange between(String tableName, Table table, Schema schema, TargetTable target) {
        return new LayoutChange(partitionFields(table.spec(), table.schema()),
                partitionFields(TableLayout.partitionSpec(tableName, schema, target.partitionBy()), schema),
                sortFields(table.sortOrder(), table.schema()),
                sortFields(TableLayout.sortOrder(tableName, schema, target.sortBy()), schema));
    }

    private boolean changesSpec() {
        return !new HashSet<>(specFrom).equals(new HashSet<>(specTo));
    }

    private boolean changesOrder() {
        return !orderFrom.equals(orderTo);
    }

    /** One line per change, for reports: {@code partition spec [bucket(16, customer)] to [days(placed)]}. */
    List<String> describe() {
        List<String> changes = new ArrayList<>();
        if (changesSpec()) {
            changes.add("partition spec " + specFrom + " to " + specTo);
        }
        if (changesOrder()) {
            changes.add("sort order " + orderFrom + " to " + orderTo);
        }
        return changes;
    }

    /**
     * Evolves the table's partition spec and replaces its sort order when they differ from the
     * target's. {@code table} is the table of the run's transaction, so the changes commit with its
     * rows; the expressions are resolved against its schema, which by then has the columns the run
     * added.
     */
    void applyTo(String tableName, Table table, TargetTable target) {
        if (changesSpec()) {
            PartitionSpec wanted = TableLayout.partitionSpec(tableName, table.schema(), target.partitionBy());
            Set<String> keep = new HashSet<>(partitionFields(wanted, table.schema()));
            Set<String> have = new HashSet<>();
            UpdatePartitionSpec update = table.updateSpec();
            for (PartitionField field : table.spec().fields()) {
                String described = describe(field, table.schema());
                if (described != null && !keep.contains(described)) {
                    update.removeField(field.name());
                }
                have.add(described);
            }
            for (PartitionField field : wanted.fields()) {
                if (!have.contains(describe(field, table.schema()))) {
                    update.addField(Expressions.transform(table.schema().findColumnName(field.sourceId()), field.transform()));
                }
            }
            update.commit();
        }
        if (changesOrder()) {
            SortOrder wanted = TableLayout.sortOrder(tableName, table.schema(), target.sortBy());
            ReplaceSortOrder replace = table.replaceSortOrder();
            for (SortField field : wanted.fields()) {
                String column = table.schema().findColumnName(field.sourceId());
                if (field.direction() == SortDirection.ASC) {
                    replace.asc(column, field.nullOrder());
                } else {
                    replace.desc(column, field.nullOrder());
                }
            }
            replace.commit();
        }
    }

    /** The fields of a spec as a target declares them ({@code customer}, {@code bucket(16, customer)}); void fields (removed in v1 tables) left out. */
    static List<String> partitionFields(PartitionSpec spec, Schema schema) {
        List<String> fields = new ArrayList<>();
        for (PartitionField field : spec.fields()) {
            String described = describe(field, schema);
            if (described != null) {
                fields.add(described);
            }
        }
        return fields;
    }

    private static String describe(PartitionField field, Schema schema) {
        String transform = field.transform().toString();
        if (transform.equals("void")) {
            return null;
        }
        String column = schema.findColumnName(field.sourceId());
        if (transform.equals("identity")) {
            return column;
        }
        int bracket = transform.indexOf('[');
        // Iceberg writes bucket[16] and day; a target writes bucket(16, col) and days(col).
        return bracket < 0 ? transform + "s(" + column + ")"
                : transform.substring(0, bracket) + "(" + transform.substring(bracket + 1, transform.length() - 1) + ", " + column + ")";
    }

    static List<String> sortFields(SortOrder order, Schema schema) {
        return order.fields().stream().map(field -> schema.findColumnName(field.sourceId()) + " " + field.direction() + " "
                + (field.nullOrder() == org.apache.iceberg.NullOrder.NULLS_FIRST ? "NULLS FIRST" : "NULLS LAST")).toList();
    }
}
