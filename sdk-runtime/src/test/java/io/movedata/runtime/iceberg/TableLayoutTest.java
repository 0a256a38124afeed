package io.movedata.runtime.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TableLayoutTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()),
            Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(4, "day", Types.DateType.get()),
            Types.NestedField.optional(5, "born", Types.DateType.get()),
            Types.NestedField.optional(6, "seen", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(7, "tags", Types.MapType.ofOptional(8, 9, Types.StringType.get(),
                    Types.StringType.get())));

    @Test
    void everyAcceptedPartitionFormBecomesItsTransform() {
        PartitionSpec spec = TableLayout.partitionSpec("db.t", SCHEMA, List.of(
                "name", "identity(id)", "bucket(16, id)", "truncate(4, name)", "years(born)", "months(seen)",
                "day(day)", " HOURS ( `ts` ) "));

        assertThat(spec.fields()).extracting(field -> field.transform() + "(" + SCHEMA.findColumnName(field.sourceId()) + ")")
                .containsExactly("identity(name)", "identity(id)", "bucket[16](id)", "truncate[4](name)", "year(born)",
                        "month(seen)", "day(day)", "hour(ts)");
    }

    @Test
    void singularTimeTransformsMeanTheSameAsPlural() {
        PartitionSpec singular = TableLayout.partitionSpec("db.t", SCHEMA, List.of("year(ts)"));
        PartitionSpec plural = TableLayout.partitionSpec("db.t", SCHEMA, List.of("years(ts)"));

        assertThat(singular.fields()).extracting(PartitionField::transform).isEqualTo(
                plural.fields().stream().map(PartitionField::transform).toList());
    }

    @Test
    void unknownPartitionFunctionIsNamedWithTheAcceptedForms() {
        assertThatThrownBy(() -> TableLayout.partitionSpec("db.t", SCHEMA, List.of("id", "zorder(id, name)")))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table db.t: unsupported partition expression 'zorder(id, name)'; expected one of "
                        + TableLayout.PARTITION_FORMS);
        assertThatThrownBy(() -> TableLayout.partitionSpec("db.t", SCHEMA, List.of("bucket(id)")))
                .hasMessageContaining("unsupported partition expression 'bucket(id)'");
    }

    @Test
    void partitionOnAnUndeclaredColumnNamesIt() {
        assertThatThrownBy(() -> TableLayout.partitionSpec("db.t", SCHEMA, List.of("bucket(8, idd)")))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table db.t: 'bucket(8, idd)' names column 'idd', which the target does not declare; "
                        + "its columns are id, name, ts, day, born, seen, tags");
    }

    @Test
    void transformThatDoesNotApplyToTheColumnTypeNamesTheExpression() {
        assertThatThrownBy(() -> TableLayout.partitionSpec("db.t", SCHEMA, List.of("days(name)")))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table db.t: cannot partition by 'days(name)': Invalid source type string for transform: day");
    }

    @Test
    void sortTermsTakeDirectionAndNullOrder() {
        SortOrder order = TableLayout.sortOrder("db.t", SCHEMA,
                List.of("id", "ts desc", "name ASC NULLS LAST", "day DESC nulls first"));

        assertThat(order.fields()).extracting(SortField::direction, SortField::nullOrder).containsExactly(
                tuple(SortDirection.ASC, NullOrder.NULLS_FIRST),
                tuple(SortDirection.DESC, NullOrder.NULLS_LAST),
                tuple(SortDirection.ASC, NullOrder.NULLS_LAST),
                tuple(SortDirection.DESC, NullOrder.NULLS_FIRST));
        assertThat(order.fields()).extracting(field -> SCHEMA.findColumnName(field.sourceId()))
                .containsExactly("id", "ts", "name", "day");
    }

    @Test
    void sortOnAColumnThatCannotBeSortedNamesTheTerm() {
        assertThatThrownBy(() -> TableLayout.sortOrder("db.t", SCHEMA, List.of("id", "tags DESC")))
                .isInstanceOf(SinkException.class)
                .hasMessageStartingWith("Table db.t: cannot sort by 'tags DESC': ");
    }

    @Test
    void malformedSortTermIsNamedWithTheAcceptedForms() {
        assertThatThrownBy(() -> TableLayout.sortOrder("db.t", SCHEMA, List.of("id DOWN")))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table db.t: unsupported sort term 'id DOWN'; expected " + TableLayout.SORT_FORMS);
    }
}
