package io.movedata.runtime.validate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import io.movedata.runtime.util.Instants;
import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.validate.ValidationReport.ChangedRow;
import io.movedata.runtime.validate.ValidationReport.ColumnChange;
import io.movedata.runtime.validate.ValidationReport.Counts;
import io.movedata.runtime.validate.ValidationReport.RowSample;

/**
 * Shadow validation: compares C, the truth (a Cassandra export, an earlier snapshot), with M, what
 * movedata produced, row by row as multisets, and reports C − M and M − C with samples.
 *
 * <pre>{@code
 * ValidationReport report = Validator.compare(spark, ValidationSource.parse("lake.shop.orders@5122"),
 *         ValidationSource.parse("lake.shop.orders"), ValidationOptions.defaults());
 * System.out.print(report.summary());
 * }</pre>
 *
 * <p>How: both sides, maps normalized to sorted entry arrays ({@link Normalization}), are tagged
 * and unioned, then grouped by every column, which counts each distinct row on both sides in one
 * shuffle. A second grouping folds the rows with equal counts into one, so that a single Spark job
 * reads each side once and leaves only the differing rows, which are kept (memory and disk) for the
 * small jobs that classify and sample them. Two {@code exceptAll}s would read each side twice.
 */
public final class Validator {
    private static final String CHANGED = "changed";
    private static final String MISSING = "missing";
    private static final String EXTRA = "extra";
    private static final String DUPLICATED = "duplicated";

    private Validator() {}

    /**
     * Compares two sources. An export file is read with the table's columns and types (the
     * ignored ones left out), so at least one side must be a table.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when a source cannot be read (unknown
     *         catalog, table or snapshot, missing file), both are files, or they cannot be compared
     *         (see {@link #compare(Dataset, Dataset, ValidationOptions)})
     * @throws ExportFileException when a line of an export file does not hold a row of the table
     */
    public static ValidationReport compare(SparkSession spark, ValidationSource c, ValidationSource m,
                                           ValidationOptions options) {
        if (c instanceof ValidationSource.ExportFile && m instanceof ValidationSource.ExportFile) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Both " + c.describe() + " and " + m.describe() + " are files; at least one "
                    + "side must be a table, whose columns and types the file is read with");
        }
        Set<String> ignored = new HashSet<>(options.ignoredColumns());
        Dataset<Row> cRows = c instanceof ValidationSource.Table table ? table.read(spark) : null;
        Dataset<Row> mRows = m instanceof ValidationSource.Table table ? table.read(spark) : null;
        if (cRows == null) {
            cRows = ((ValidationSource.ExportFile) c).read(spark, without(mRows.schema(), ignored), ignored);
        }
        if (mRows == null) {
            mRows = ((ValidationSource.ExportFile) m).read(spark, without(cRows.schema(), ignored), ignored);
        }
        return compare(cRows, mRows, c.describe(), m.describe(), options);
    }

    /**
     * Compares two Datasets: the columns of C but the ignored ones, which M must have too, with
     * equal types (but for nullability) or numbers one side holds wider (then compared as the wider
     * type). Maps compare as their entries, arrays in order, values exactly.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) naming every column at fault, when the
     *         sides cannot be compared: a column on one side only, of types that cannot be compared,
     *         or a key or ignored column on neither side
     */
    public static ValidationReport compare(Dataset<Row> c, Dataset<Row> m, ValidationOptions options) {
        return compare(c, m, null, null, options);
    }

    private static ValidationReport compare(Dataset<Row> c, Dataset<Row> m, String cName, String mName,
                                            ValidationOptions options) {
        Configuration conf = c.sparkSession().sparkContext().hadoopConfiguration();
        try {
            return new Comparison(c, m, cName, mName, options).run();
        } catch (Exception e) {
            // A bad line of an export file fails a Spark job; its message should name the line.
            ExportFileException located = ExportFileReader.located(e, conf);
            if (located != null) {
                throw located;
            }
            throw e;
        }
    }

    private static StructType without(StructType schema, Set<String> ignored) {
        StructType kept = new StructType();
        for (StructField field : schema.fields()) {
            if (!ignored.contains(field.name())) {
                kept = kept.add(field);
            }
        }
        return kept;
    }

    /** What the differing rows hold: the counts of each kind and the first rows of each. */
    private record Differences(Counts counts, List<ChangedRow> changed, List<RowSample> missing, List<RowSample> extra,
                               List<RowSample> duplicated) {}

    /** One comparison: the plan, the counting job and the samples. */
    private static final class Comparison {
        private final String id = UUID.randomUUID().toString();
        private final Dataset<Row> c;
        private final Dataset<Row> m;
        private final String cName;
        private final String mName;
        private final ValidationOptions options;
        private final ComparedColumns plan;
        private final String cCount;
        private final String mCount;
        private final String differs;

        Comparison(Dataset<Row> c, Dataset<Row> m, String cName, String mName, ValidationOptions options) {
            this.c = c;
            this.m = m;
            this.cName = cName;
            this.mName = mName;
            this.options = options;
            this.plan = ComparedColumns.of(c.schema(), m.schema(), options, label("C", cName), label("M", mName));
            Set<String> taken = new HashSet<>(List.of(c.columns()));
            taken.addAll(List.of(m.columns()));
            this.cCount = fresh("c_count", taken);
            this.mCount = fresh("m_count", taken);
            this.differs = fresh("differs", taken);
        }

        ValidationReport run() {
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            // Spark keeps the shuffle's partition count for a plan it caches (canChangeCachedPlanOutputPartitioning),
            // 200 by default and mostly empty here; fewer partitions spare the later jobs as many tasks.
            Dataset<Row> summary = summary().coalesce(c.sparkSession().sparkContext().defaultParallelism())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                Row totals = summary.agg(sum(cCount), sum(mCount),
                        sum(when(col(differs), greatest(col(cCount).minus(col(mCount)), lit(0L)))),
                        sum(when(col(differs), greatest(col(mCount).minus(col(cCount)), lit(0L))))).first();
                long compared = System.nanoTime();
                Counts counts = new Counts(orZero(totals, 0), orZero(totals, 1), orZero(totals, 2), orZero(totals, 3), 0, 0, 0, 0);
                boolean equal = counts.cMinusM() == 0 && counts.mMinusC() == 0;
                Differences found = equal ? new Differences(counts, List.of(), List.of(), List.of(), List.of())
                        : differences(summary, counts);
                long end = System.nanoTime();
                Map<String, Long> millis = new LinkedHashMap<>();
                millis.put("compare", (compared - start) / 1_000_000);
                millis.put("samples", (end - compared) / 1_000_000);
                millis.put("total", (end - start) / 1_000_000);
                return new ValidationReport(id, equal ? ValidationReport.Outcome.EQUAL : ValidationReport.Outcome.DIFFERENT,
                        cName, mName, plan.names(), plan.keys(), plan.ignored(), found.counts(), found.changed(),
                        found.missing(), found.extra(), found.duplicated(), Instants.text(startedAt), Instants.text(Instant.now()),
                        millis, null);
            } finally {
                summary.unpersist();
            }
        }

        /**
         * One row per distinct row of either side that the sides hold a different number of times
         * ({@code differs} true, with both counts), and one row with {@code differs} false and null
         * columns whose counts add up all the others.
         */
        private Dataset<Row> summary() {
            Dataset<Row> tagged = sideColumns(c, 1L, 0L).union(sideColumns(m, 0L, 1L));
            Dataset<Row> counted = tagged.groupBy(columns()).agg(sum(cCount).as(cCount), sum(mCount).as(mCount));
            Column isDifferent = col(cCount).notEqual(col(mCount));
            List<Column> grouping = new ArrayList<>();
            grouping.add(isDifferent.as(differs));
            for (String name : plan.names()) {
                grouping.add(when(isDifferent, column(name)).as(name));
            }
            // Rows with equal counts share one group, which partial aggregation folds before the shuffle.
            return counted.groupBy(grouping.toArray(Column[]::new)).agg(sum(cCount).as(cCount), sum(mCount).as(mCount));
        }

        private Dataset<Row> sideColumns(Dataset<Row> side, long inC, long inM) {
            List<Column> columns = new ArrayList<>();
            for (StructField field : plan.columns()) {
                Column value = column(field.name());
                if (!side.schema().apply(field.name()).dataType().equals(field.dataType())) {
                    value = value.cast(field.dataType());
                }
                columns.add(Normalization.normalized(value, field.dataType()).as(field.name()));
            }
            columns.add(lit(inC).as(cCount));
            columns.add(lit(inM).as(mCount));
            return side.select(columns.toArray(Column[]::new));
        }

        /**
         * The kind of each differing row, the counts of each kind and the first rows of each, in
         * one Spark job: a window by key tells changed rows (rows in C only and rows in M only under
         * one key) from missing and extra ones; a window by kind ranks and counts them. The
         * differences are usually few; a kind's rows are ranked in one task.
         */
        private Differences differences(Dataset<Row> summary, Counts totals) {
            Set<String> taken = new HashSet<>(List.of(summary.columns()));
            String kind = fresh("kind", taken);
            String position = fresh("position", taken);
            String keyPosition = fresh("key_position", taken);
            String kindInC = fresh("kind_in_c", taken);
            String kindInM = fresh("kind_in_m", taken);
            String kindRows = fresh("kind_rows", taken);
            String kindKeys = fresh("kind_keys", taken);

            Column inBoth = col(cCount).gt(0).and(col(mCount).gt(0));
            Column onlyInC = col(mCount).equalTo(0);
            Column category = when(inBoth, DUPLICATED);
            Column keyRank = lit(0);
            WindowSpec byKind = Window.partitionBy(col(kind));
            if (!plan.keys().isEmpty()) {
                WindowSpec byKey = Window.partitionBy(keyColumns());
                Column keyHasOnlyInC = max(when(onlyInC, 1).otherwise(0)).over(byKey).equalTo(1);
                Column keyHasOnlyInM = max(when(col(cCount).equalTo(0), 1).otherwise(0)).over(byKey).equalTo(1);
                category = category.when(keyHasOnlyInC.and(keyHasOnlyInM), CHANGED);
                keyRank = dense_rank().over(byKind.orderBy(keyColumns()));
            }
            // At least one row of each kind, which carries the kind's counts, even without samples.
            int limit = Math.max(1, options.sampleSize());
            List<Row> rows = summary.filter(col(differs)).drop(differs)
                    .withColumn(kind, category.when(onlyInC, MISSING).otherwise(EXTRA))
                    .withColumn(position, row_number().over(byKind.orderBy(sampleOrder())))
                    .withColumn(keyPosition, keyRank)
                    .withColumn(kindInC, sum(cCount).over(byKind))
                    .withColumn(kindInM, sum(mCount).over(byKind))
                    .withColumn(kindRows, count(lit(1)).over(byKind))
                    .withColumn(kindKeys, max(col(keyPosition)).over(byKind))
                    .filter(when(col(kind).equalTo(CHANGED), col(keyPosition)).otherwise(col(position)).leq(limit))
                    .collectAsList();

            Map<String, List<Row>> byKindName = new LinkedHashMap<>();
            for (String name : List.of(CHANGED, MISSING, EXTRA, DUPLICATED)) {
                byKindName.put(name, new ArrayList<>());
            }
            for (Row row : rows) {
                byKindName.get(row.<String>getAs(kind)).add(row);
            }
            byKindName.values().forEach(list -> list.sort(Comparator.comparingInt(row -> row.<Integer>getAs(position))));
            Counts counts = new Counts(totals.rowsInC(), totals.rowsInM(), totals.cMinusM(), totals.mMinusC(),
                    first(byKindName.get(CHANGED), kindKeys), first(byKindName.get(MISSING), kindInC),
                    first(byKindName.get(EXTRA), kindInM), first(byKindName.get(DUPLICATED), kindRows));
            if (options.sampleSize() == 0) {
                return new Differences(counts, List.of(), List.of(), List.of(), List.of());
            }
            return new Differences(counts, changed(byKindName.get(CHANGED)), samples(byKindName.get(MISSING)),
                    samples(byKindName.get(EXTRA)), samples(byKindName.get(DUPLICATED)));
        }

        /** A kind's count, which every row of the kind carries; 0 when the kind has no rows. */
        private static long first(List<Row> rows, String count) {
            return rows.isEmpty() ? 0 : ((Number) rows.get(0).getAs(count)).longValue();
        }

        /** Changed rows by key, each with the columns that differ between its first row in C and its first in M. */
        private List<ChangedRow> changed(List<Row> rows) {
            Map<Map<String, Object>, List<Row>> byKey = new LinkedHashMap<>();
            for (Row row : rows) {
                byKey.computeIfAbsent(values(row, plan.keys()), k -> new ArrayList<>()).add(row);
            }
            List<ChangedRow> changed = new ArrayList<>();
            for (Map.Entry<Map<String, Object>, List<Row>> entry : byKey.entrySet()) {
                Row firstInC = null;
                Row firstInM = null;
                long inC = 0;
                long inM = 0;
                for (Row row : entry.getValue()) {
                    long cRows = row.getAs(cCount);
                    long mRows = row.getAs(mCount);
                    inC += cRows;
                    inM += mRows;
                    if (cRows > 0 && firstInC == null) {
                        firstInC = row;
                    } else if (mRows > 0 && firstInM == null) {
                        firstInM = row;
                    }
                }
                Map<String, Object> cValues = values(firstInC, plan.names());
                Map<String, Object> mValues = values(firstInM, plan.names());
                List<ColumnChange> changes = new ArrayList<>();
                for (String name : plan.names()) {
                    if (!Objects.equals(cValues.get(name), mValues.get(name))) {
                        changes.add(new ColumnChange(name, cValues.get(name), mValues.get(name)));
                    }
                }
                changed.add(new ChangedRow(entry.getKey(), changes, inC, inM));
            }
            return changed;
        }

        private List<RowSample> samples(List<Row> rows) {
            List<RowSample> samples = new ArrayList<>();
            for (Row row : rows) {
                samples.add(new RowSample(values(row, plan.names()), row.getAs(cCount), row.getAs(mCount)));
            }
            return samples;
        }

        /** The named columns of a compared row as report values. */
        private Map<String, Object> values(Row row, List<String> names) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String name : names) {
                int index = row.fieldIndex(name);
                values.put(name, ReportValues.value(row.get(index), plan.columns().get(plan.names().indexOf(name)).dataType()));
            }
            return values;
        }

        /** Key columns first, then the others, so samples come in a stable order. */
        private Column[] sampleOrder() {
            List<Column> order = new ArrayList<>(List.of(keyColumns()));
            for (String name : plan.names()) {
                if (!plan.keys().contains(name)) {
                    order.add(column(name));
                }
            }
            return order.toArray(Column[]::new);
        }

        private Column[] columns() {
            return plan.names().stream().map(Validator::column).toArray(Column[]::new);
        }

        private Column[] keyColumns() {
            return plan.keys().stream().map(Validator::column).toArray(Column[]::new);
        }
    }

    /** A column by name; quoted, since a Cassandra column name may contain dots, which Spark reads as struct fields. */
    private static Column column(String name) {
        return col(quoted(name));
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String label(String side, String name) {
        return name == null ? side : side + " (" + name + ")";
    }

    /** A column name for the comparison's own bookkeeping that no compared column has. */
    private static String fresh(String base, Set<String> taken) {
        String name = "_validate_" + base;
        for (int i = 2; taken.contains(name); i++) {
            name = "_validate_" + base + "_" + i;
        }
        taken.add(name);
        return name;
    }

    private static long orZero(Row row, int index) {
        return row.isNullAt(index) ? 0 : row.getLong(index);
    }
}
