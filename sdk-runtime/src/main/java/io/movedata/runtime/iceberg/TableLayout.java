package io.movedata.runtime.iceberg;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

import io.movedata.api.ErrorKind;

/**
 * Parses a target's partition transforms and sort order, written as Spark SQL writes them, into
 * Iceberg's {@link PartitionSpec} and {@link SortOrder} over the table's schema.
 */
final class TableLayout {
    static final String PARTITION_FORMS = "col, identity(col), bucket(N, col), truncate(W, col), "
            + "years(col), months(col), days(col), hours(col) (or year, month, day, hour)";
    static final String SORT_FORMS = "col, col ASC, col DESC, each optionally followed by NULLS FIRST or NULLS LAST";

    private static final String COLUMN = "(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)";
    private static final Pattern BARE_COLUMN = Pattern.compile("\\s*" + COLUMN + "\\s*");
    private static final Pattern ONE_ARGUMENT = Pattern.compile("\\s*([A-Za-z]+)\\s*\\(\\s*" + COLUMN + "\\s*\\)\\s*");
    private static final Pattern TWO_ARGUMENTS =
            Pattern.compile("\\s*([A-Za-z]+)\\s*\\(\\s*(\\d+)\\s*,\\s*" + COLUMN + "\\s*\\)\\s*");
    private static final Pattern SORT_TERM = Pattern.compile(
            "\\s*" + COLUMN + "(?:\\s+(ASC|DESC))?(?:\\s+NULLS\\s+(FIRST|LAST))?\\s*", Pattern.CASE_INSENSITIVE);

    private TableLayout() {}

    /**
     * @throws SinkException naming the expression when it is not one of {@link #PARTITION_FORMS},
     *         names a column the schema lacks, or cannot apply to the column's type
     */
    static PartitionSpec partitionSpec(String table, Schema schema, List<String> expressions) {
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        for (String expression : expressions) {
            try {
                // Iceberg checks a transform against its column's type only when a spec is built.
                PartitionSpec.Builder alone = PartitionSpec.builderFor(schema);
                addPartitionField(table, schema, alone, expression);
                alone.build();
                addPartitionField(table, schema, spec, expression);
            } catch (SinkException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + table + ": cannot partition by '" + expression + "': "
                        + e.getMessage(), e);
            }
        }
        return spec.build();
    }

    private static void addPartitionField(String table, Schema schema, PartitionSpec.Builder spec, String expression) {
        Matcher bare = BARE_COLUMN.matcher(expression);
        if (bare.matches()) {
            spec.identity(column(table, schema, expression, bare.group(1)));
            return;
        }
        Matcher one = ONE_ARGUMENT.matcher(expression);
        if (one.matches()) {
            String column = column(table, schema, expression, one.group(2));
            switch (one.group(1).toLowerCase(Locale.ROOT)) {
                case "identity" -> spec.identity(column);
                case "years", "year" -> spec.year(column);
                case "months", "month" -> spec.month(column);
                case "days", "day" -> spec.day(column);
                case "hours", "hour" -> spec.hour(column);
                default -> throw unsupportedPartition(table, expression);
            }
            return;
        }
        Matcher two = TWO_ARGUMENTS.matcher(expression);
        if (two.matches()) {
            int parameter = Integer.parseInt(two.group(2));
            String column = column(table, schema, expression, two.group(3));
            switch (two.group(1).toLowerCase(Locale.ROOT)) {
                case "bucket" -> spec.bucket(column, parameter);
                case "truncate" -> spec.truncate(column, parameter);
                default -> throw unsupportedPartition(table, expression);
            }
            return;
        }
        throw unsupportedPartition(table, expression);
    }

    private static SinkException unsupportedPartition(String table, String expression) {
        return new SinkException(ErrorKind.INVALID_INPUT, "Table " + table + ": unsupported partition expression '" + expression
                + "'; expected one of " + PARTITION_FORMS);
    }

    /**
     * @throws SinkException naming the term when it is not one of {@link #SORT_FORMS} or names a
     *         column the schema lacks
     */
    static SortOrder sortOrder(String table, Schema schema, List<String> terms) {
        SortOrder.Builder order = SortOrder.builderFor(schema);
        for (String term : terms) {
            Matcher matcher = SORT_TERM.matcher(term);
            if (!matcher.matches()) {
                throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + table + ": unsupported sort term '" + term + "'; expected "
                        + SORT_FORMS);
            }
            String column = column(table, schema, term, matcher.group(1));
            SortDirection direction = matcher.group(2) == null
                    ? SortDirection.ASC : SortDirection.valueOf(matcher.group(2).toUpperCase(Locale.ROOT));
            // Spark's and Iceberg's default: nulls sort as the smallest value.
            NullOrder nulls = matcher.group(3) == null
                    ? (direction == SortDirection.ASC ? NullOrder.NULLS_FIRST : NullOrder.NULLS_LAST)
                    : matcher.group(3).equalsIgnoreCase("FIRST") ? NullOrder.NULLS_FIRST : NullOrder.NULLS_LAST;
            try {
                // Iceberg checks that a column can be sorted only when an order is built.
                addSortField(SortOrder.builderFor(schema), column, direction, nulls).build();
            } catch (RuntimeException e) {
                throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + table + ": cannot sort by '" + term + "': " + e.getMessage(), e);
            }
            addSortField(order, column, direction, nulls);
        }
        return order.build();
    }

    private static SortOrder.Builder addSortField(SortOrder.Builder order, String column, SortDirection direction,
                                                  NullOrder nulls) {
        return direction == SortDirection.ASC ? order.asc(column, nulls) : order.desc(column, nulls);
    }

    private static String column(String table, Schema schema, String expression, String written) {
        String name = written.startsWith("`") ? written.substring(1, written.length() - 1) : written;
        if (schema.findField(name) == null) {
            List<String> columns = schema.columns().stream().map(Types.NestedField::name).toList();
            throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + table + ": '" + expression + "' names column '" + name
                    + "', which the target does not declare; its columns are " + String.join(", ", columns));
        }
        return name;
    }
}
