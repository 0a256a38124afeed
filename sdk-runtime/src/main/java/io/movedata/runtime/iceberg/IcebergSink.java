package io.movedata.runtime.iceberg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.iceberg.spark.source.HasIcebergCatalog;
import org.apache.iceberg.spark.source.StagedSparkTable;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.plans.logical.AppendData;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OverwriteByExpression;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

import io.movedata.api.ErrorKind;

/**
 * Writes movement frames to Iceberg tables of one catalog, directly into the final tables.
 *
 * <p>For each table, {@link #write} creates it when absent (schema, partition spec, sort order and
 * properties from the connector's {@link io.movedata.api.TargetTable}); an existing table gets the
 * columns the target gained since and the target's partition spec (Iceberg's partition evolution)
 * and sort order, and keeps its properties. Each table's changes and rows are one Iceberg
 * transaction, so a table appears, or changes, with its new snapshot or not at all. The frame is
 * written with Spark, so rows never pass through the driver. Each snapshot carries the run's
 * {@link Lineage} in its summary, and a table that already holds this movement's snapshot is not
 * written again. A write whose connector decides which rows it replaces ({@link RowReplacement})
 * replaces the rows matching its condition; it needs the overwrite mode.
 *
 * <p>A run writes every table or none. The rows of every table are written first, and the
 * transactions are committed one after the other only then; a failure or a stop before that leaves
 * every table as it was. Iceberg commits one table at a time, so a commit failing after others is
 * compensated, not avoided: the tables already committed are restored (tables the run created are
 * dropped, the others set back to their previous snapshot, schema, partition spec and sort order).
 * Readers may see a committed table for the moments before it is restored, and a table another
 * writer committed to in the meantime is left as it is, and said so.
 */
public final class IcebergSink {
    /** How Iceberg starts its refusal to remove a file only some of whose rows match an overwrite's filter. */
    private static final String PARTLY_MATCHING_FILE = "Cannot delete file where some, but not all, rows match filter";

    private final CatalogSettings settings;
    private final CatalogPlugin sparkCatalog;
    private final Catalog catalog;

    /**
     * Registers the catalog in the session and connects to it.
     *
     * @throws SinkException when the catalog cannot be initialized or is not an Iceberg catalog
     */
    public IcebergSink(SparkSession spark, CatalogSettings catalog) {
        this.settings = catalog;
        catalog.register(spark);
        CatalogPlugin plugin;
        try {
            plugin = spark.sessionState().catalogManager().catalog(catalog.name());
        } catch (Exception e) {
            // Spark reports a catalog it cannot load with its checked SparkException, undeclared.
            throw new SinkException("Catalog '" + catalog.name() + "' could not be initialized: " + Failures.describe(e), e);
        }
        if (!(plugin instanceof HasIcebergCatalog iceberg)) {
            throw new SinkException(ErrorKind.INVALID_INPUT, "Catalog '" + catalog.name() + "' is expected to be an Iceberg catalog, found "
                    + plugin.getClass().getName());
        }
        this.sparkCatalog = plugin;
        this.catalog = iceberg.icebergCatalog();
    }

    /**
     * Writes every table, or none. Before anything is changed, each frame is checked against its
     * target and each existing table against the target's schema; then the tables are created or
     * evolved and written in the order given.
     *
     * @param mode whether the frames replace the tables' rows or add to them (a write with a
     *        {@link TableWrite#replacing} replaces the rows it says)
     * @param lineage recorded in each new snapshot, with the connector's entries of a replacing
     *        write; a table whose current snapshot (overwrite), or any snapshot of whose current
     *        history (append), has the same fingerprint is {@link TableResult.Outcome#UP_TO_DATE}
     *        and not written
     * @return one result per write, in the order given
     * @throws SinkException when a table identifier is malformed or repeated; when a frame lacks a
     *         target column, has one more, or has one of another type; when a partition
     *         expression or sort term cannot be used; when an existing table's column has a type
     *         the target cannot be written to; when a write replacing rows is asked in append mode,
     *         or its connector's lineage would replace the run's; or when creating, evolving or
     *         writing a table fails (also: a row of a replacing write's frame outside its
     *         condition, a data file holding rows on both sides of it), after restoring what the
     *         run had changed. The message names the table and column, and says what was
     *         restored; the cause is the original failure.
     */
    public List<TableResult> write(List<TableWrite> writes, WriteMode mode, Lineage lineage) {
        return write(writes, mode, lineage, () -> false);
    }

    /**
     * {@link #write(List, WriteMode, Lineage)}, stopping when asked: {@code stopRequested} is asked
     * before each table's rows are written, before the commits, and when a write fails; when it
     * says stop, no table is committed, what the run created is removed, and the exception says
     * the write was interrupted. (To stop a write under way, cancel its Spark jobs: the write
     * fails, and the sink restores.) Once the commits have begun, the run finishes them.
     */
    public List<TableResult> write(List<TableWrite> writes, WriteMode mode, Lineage lineage, BooleanSupplier stopRequested) {
        List<PlannedWrite> plans = plan(writes, mode, lineage);
        Restoration restoration = new Restoration(catalog, sparkCatalog, lineage.fingerprint());
        List<Written> written = new ArrayList<>();
        for (PlannedWrite plan : plans) {
            try {
                stopIfAsked(stopRequested);
                written.add(plan.upToDate() ? null : writeRows(plan, mode, lineage, restoration));
            } catch (Exception e) {
                // Spark throws its checked SparkException from the write without declaring it.
                throw restoration.restoreAfter(plan.write().table(), explained(plan, e), stopRequested.getAsBoolean());
            }
        }
        if (!plans.isEmpty() && stopRequested.getAsBoolean()) {
            throw restoration.restoreAfter(plans.get(plans.size() - 1).write().table(),
                    new SinkException("the run was asked to stop"), true);
        }
        List<TableResult> results = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            PlannedWrite plan = plans.get(i);
            try {
                results.add(plan.upToDate() ? upToDate(plan) : written.get(i).commit(lineage.fingerprint()));
            } catch (RuntimeException e) {
                throw restoration.restoreAfter(plan.write().table(), e, false);
            }
        }
        return results;
    }

    private static void stopIfAsked(BooleanSupplier stopRequested) {
        if (stopRequested.getAsBoolean()) {
            throw new SinkException("the run was asked to stop");
        }
    }

    /**
     * What {@link #write} would do to each table, checked as {@code write} checks it, without
     * changing anything.
     *
     * @throws SinkException as {@link #write} does before it changes anything
     */
    public List<TablePlan> preview(List<TableWrite> writes, WriteMode mode, Lineage lineage) {
        List<TablePlan> previews = new ArrayList<>();
        for (PlannedWrite plan : plan(writes, mode, lineage)) {
            String table = plan.write().table();
            if (plan.upToDate()) {
                previews.add(new TablePlan(table, TablePlan.Action.UP_TO_DATE, List.of()));
            } else if (plan.creation() != null) {
                NewTable creation = plan.creation();
                List<String> changes = new ArrayList<>();
                changes.add("columns " + creation.schema().columns().stream()
                        .map(column -> column.name() + " " + column.type() + (column.isRequired() ? " not null" : ""))
                        .collect(Collectors.joining(", ")));
                changes.add("partition spec " + plan.layout().specTo());
                changes.add("sort order " + plan.layout().orderTo());
                if (!plan.write().target().properties().isEmpty()) {
                    changes.add("properties " + new TreeMap<>(plan.write().target().properties()));
                }
                previews.add(new TablePlan(table, TablePlan.Action.CREATE, changes));
            } else {
                List<String> changes = new ArrayList<>();
                RowReplacement replacing = plan.write().replacing();
                changes.add(replacing != null ? "replace its rows where " + replacing.condition()
                        : mode == WriteMode.OVERWRITE ? "overwrite its rows" : "append rows");
                if (!plan.change().addedNames().isEmpty()) {
                    changes.add("add columns " + plan.change().addedNames());
                }
                if (!plan.change().promotedNames().isEmpty()) {
                    changes.add("widen " + plan.change().promotedNames());
                }
                changes.addAll(plan.layout().describe());
                previews.add(new TablePlan(table, TablePlan.Action.WRITE, changes));
            }
        }
        return previews;
    }

    /**
     * The snapshots of the table's current history written by a movement, newest first.
     *
     * @throws SinkException when the table does not exist or cannot be loaded
     */
    public List<SnapshotInfo> history(String table) {
        Table loaded = load(identifier(table));
        if (loaded == null) {
            throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + table + " does not exist in catalog '" + settings.name() + "'");
        }
        List<SnapshotInfo> history = new ArrayList<>();
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(loaded)) {
            if (snapshot.summary().containsKey(Lineage.FINGERPRINT_KEY)) {
                history.add(info(snapshot));
            }
        }
        return history;
    }

    /**
     * The table's current snapshot; empty when the table does not exist or has no snapshot yet.
     *
     * @param table {@code namespace.table} in this sink's catalog
     * @throws SinkException when the table name is malformed or the table cannot be loaded
     */
    public Optional<SnapshotInfo> currentSnapshot(String table) {
        Table loaded = load(identifier(table));
        Snapshot current = loaded == null ? null : loaded.currentSnapshot();
        return Optional.ofNullable(current).map(IcebergSink::info);
    }

    private static SnapshotInfo info(Snapshot snapshot) {
        return new SnapshotInfo(snapshot.snapshotId(), Instant.ofEpochMilli(snapshot.timestampMillis()),
                snapshot.operation(), snapshot.summary());
    }

    /** What to do for one table, decided before anything is changed. */
    private record PlannedWrite(TableWrite write, TableIdentifier id, Table existing, NewTable creation,
                                SchemaChange change, LayoutChange layout, boolean upToDate) {}

    private record NewTable(Schema schema, PartitionSpec spec, SortOrder order) {}

    private List<PlannedWrite> plan(List<TableWrite> writes, WriteMode mode, Lineage lineage) {
        Set<TableIdentifier> seen = new HashSet<>();
        List<PlannedWrite> plans = new ArrayList<>();
        for (TableWrite write : writes) {
            TableIdentifier id = identifier(write.table());
            if (!seen.add(id)) {
                throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + write.table() + " is written twice in one run; expected each table once");
            }
            List<String> misfits = TargetSchema.misfits(write.target().schema(), write.frame().schema());
            if (!misfits.isEmpty()) {
                throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + write.table() + ": the rows do not fit target '"
                        + write.target().name() + "': " + String.join("; ", misfits) + ". Nothing was written.");
            }
            if (write.replacing() != null) {
                checkReplacing(write, mode, lineage);
            }
            Schema schema = TargetSchema.toIceberg(write.target().schema());
            Table existing = load(id);
            if (existing == null) {
                NewTable creation = new NewTable(schema,
                        TableLayout.partitionSpec(write.table(), schema, write.target().partitionBy()),
                        TableLayout.sortOrder(write.table(), schema, write.target().sortBy()));
                LayoutChange layout = new LayoutChange(List.of(), LayoutChange.partitionFields(creation.spec(), schema),
                        List.of(), LayoutChange.sortFields(creation.order(), schema));
                plans.add(new PlannedWrite(write, id, null, creation, null, layout, false));
            } else if (hasFingerprint(existing, mode, lineage.fingerprint())) {
                plans.add(new PlannedWrite(write, id, existing, null, null, null, true));
            } else {
                SchemaChange change = SchemaChange.between(write.table(), existing.schema(), schema);
                LayoutChange layout = LayoutChange.between(write.table(), existing, change.preview(existing), write.target());
                plans.add(new PlannedWrite(write, id, existing, null, change, layout, false));
            }
        }
        return plans;
    }

    /** A replacing write needs the overwrite mode, and its connector's lineage must leave the run's alone. */
    private static void checkReplacing(TableWrite write, WriteMode mode, Lineage lineage) {
        RowReplacement replacing = write.replacing();
        String target = "target '" + write.target().name() + "' of connector '" + replacing.connector() + "'";
        if (mode != WriteMode.OVERWRITE) {
            throw new SinkException(ErrorKind.INVALID_INPUT, "Table " + write.table() + ": mode "
                    + mode.name().toLowerCase(Locale.ROOT) + " cannot write " + target + ", which replaces the target's rows "
                    + "itself (where " + replacing.condition() + "); use mode overwrite");
        }
        try {
            lineage.summary(replacing.lineage());
        } catch (IllegalArgumentException e) {
            throw new SinkException(ErrorKind.INTERNAL, "Table " + write.table() + ": " + target + " records "
                    + e.getMessage() + " (a bug in the connector, not in the movement's input)", e);
        }
    }

    private static boolean hasFingerprint(Table table, WriteMode mode, String fingerprint) {
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return false;
        }
        if (mode == WriteMode.OVERWRITE) {
            return fingerprint.equals(current.summary().get(Lineage.FINGERPRINT_KEY));
        }
        for (Snapshot snapshot : SnapshotUtil.currentAncestors(table)) {
            if (fingerprint.equals(snapshot.summary().get(Lineage.FINGERPRINT_KEY))) {
                return true;
            }
        }
        return false;
    }

    private static TableResult upToDate(PlannedWrite plan) {
        long current = plan.existing().currentSnapshot().snapshotId();
        return new TableResult(plan.write().table(), TableResult.Outcome.UP_TO_DATE, false, current, current,
                0, 0, null, 0, 0, List.of(), List.of());
    }

    /**
     * A table's rows, written into its transaction but not committed: until {@link #commit}, the
     * table is as it was (a table being created does not exist).
     */
    private final class Written {
        private final PlannedWrite plan;
        private final Transaction transaction;
        private final Long previous;
        private final Runnable committed;

        Written(PlannedWrite plan, Transaction transaction, Long previous, Runnable committed) {
            this.plan = plan;
            this.transaction = transaction;
            this.previous = previous;
            this.committed = committed;
        }

        /**
         * Whether a commit whose outcome the catalog could not tell landed after all.
         *
         * @throws SinkException when the table cannot be read to find out: its state is unknown
         */
        private boolean committedDespite(String fingerprint, CommitStateUnknownException unknown) {
            try {
                Snapshot current = catalog.tableExists(plan.id()) ? load(plan.id()).currentSnapshot() : null;
                return current != null && fingerprint.equals(current.summary().get(Lineage.FINGERPRINT_KEY));
            } catch (RuntimeException e) {
                SinkException state = new SinkException("the commit of table " + plan.write().table()
                        + " may or may not have been applied, and the table cannot be read to tell: check it", unknown);
                state.addSuppressed(e);
                throw state;
            }
        }

        TableResult commit(String fingerprint) {
            try {
                transaction.commitTransaction();
            } catch (CommitStateUnknownException e) {
                // The catalog may have applied it: the table says, by whether its snapshot is this run's.
                if (!committedDespite(fingerprint, e)) {
                    throw e;
                }
            }
            committed.run();
            Snapshot snapshot = load(plan.id()).currentSnapshot();
            Map<String, String> summary = snapshot.summary();
            boolean created = plan.creation() != null;
            RowReplacement replacing = plan.write().replacing();
            return new TableResult(plan.write().table(), TableResult.Outcome.WRITTEN, created, previous,
                    snapshot.snapshotId(), count(summary, SnapshotSummary.ADDED_RECORDS_PROP),
                    count(summary, SnapshotSummary.DELETED_RECORDS_PROP), replacing == null ? null : replacing.condition(),
                    count(summary, SnapshotSummary.ADDED_FILES_PROP),
                    count(summary, SnapshotSummary.ADDED_FILE_SIZE_PROP),
                    created ? List.of() : plan.change().addedNames(), created ? List.of() : plan.layout().describe());
        }
    }

    /**
     * Opens the table's transaction (a new table's creation, or an existing one's schema, partition
     * spec and sort order changes) and writes the rows into it.
     */
    private Written writeRows(PlannedWrite plan, WriteMode mode, Lineage lineage, Restoration restoration) {
        Transaction transaction;
        Long previous = null;
        Runnable committed;
        if (plan.creation() != null) {
            restoration.createNamespaces(plan.id().namespace());
            NewTable creation = plan.creation();
            transaction = catalog.buildTable(plan.id(), creation.schema())
                    .withPartitionSpec(creation.spec())
                    .withSortOrder(creation.order())
                    .withProperties(plan.write().target().properties())
                    .createTransaction();
            committed = restoration.creating(plan.id(), transaction);
        } else {
            Table table = plan.existing();
            table.refresh();
            previous = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
            committed = restoration.changing(plan.id(), table, plan.change().addedNames());
            transaction = table.newTransaction();
            if (!plan.change().isEmpty()) {
                plan.change().applyTo(transaction.table());
            }
            plan.layout().applyTo(plan.write().table(), transaction.table(), plan.write().target());
        }
        Dataset<Row> rows = rows(transaction.table(), plan);
        RowReplacement replacing = plan.write().replacing();
        if (replacing != null && !replacing.replacesNothing()) {
            rows = replacing.matching(rows, plan.write().target().name());
        }
        // What DataFrameWriterV2 plans for a table of a catalog, but with the transaction's table
        // instance: nothing is visible in the catalog until the transaction commits. The catalog
        // resolves the Iceberg partition transforms Spark distributes the rows of a partitioned table by.
        DataSourceV2Relation relation = DataSourceV2Relation.create(new StagedSparkTable(transaction),
                Option.apply(sparkCatalog), Option.apply(Identifier.of(plan.id().namespace().levels(), plan.id().name())),
                CaseInsensitiveStringMap.empty());
        scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map.from(
                CollectionConverters.asScala(writeOptions(transaction.table(), lineage, replacing)));
        LogicalPlan query = rows.queryExecution().analyzed();
        Expression replaced = replaced(plan, mode);
        LogicalPlan write = replaced == null ? AppendData.byName(relation, query, options)
                : OverwriteByExpression.byName(relation, query, replaced, options);
        // A command runs as its Dataset is made.
        org.apache.spark.sql.classic.Dataset.ofRows((org.apache.spark.sql.classic.SparkSession) rows.sparkSession(), write);
        return new Written(plan, transaction, previous, committed);
    }

    /**
     * Which of the table's rows the write removes, resolved against the table by Spark; null when it
     * only adds rows (a new table, mode append, a replacement where {@code false}).
     */
    private static Expression replaced(PlannedWrite plan, WriteMode mode) {
        RowReplacement replacing = plan.write().replacing();
        if (plan.creation() != null) {
            return null;
        }
        if (replacing != null) {
            return replacing.replacesNothing() ? null : replacing.expression();
        }
        return mode == WriteMode.OVERWRITE ? Literal.TrueLiteral() : null;
    }

    /**
     * A replacing write's failure said for the table: a row of the frame outside the condition
     * (Spark wraps the check's exception in its own UDF failure), or Iceberg's refusal to remove a
     * data file only some of whose rows match it; any other failure as it is.
     */
    private static Exception explained(PlannedWrite plan, Exception failure) {
        RowReplacement replacing = plan.write().replacing();
        for (Throwable t = failure; replacing != null && t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof RowReplacement.RowOutside) {
                return new SinkException(ErrorKind.INTERNAL, t.getMessage(), failure);
            }
            if (t instanceof ValidationException && t.getMessage() != null && t.getMessage().startsWith(PARTLY_MATCHING_FILE)) {
                return new SinkException(ErrorKind.INVALID_INPUT, "its rows where " + replacing.condition()
                        + " cannot be replaced: a data file holds rows on both sides of that condition, and Iceberg removes "
                        + "whole files only (" + t.getMessage() + ")", failure);
            }
        }
        return failure;
    }

    /** The frame with the table's columns in table order; columns the target no longer declares are null. */
    private static Dataset<Row> rows(Table table, PlannedWrite plan) {
        Set<String> declared = Set.of(plan.write().target().schema().fieldNames());
        List<Column> columns = new ArrayList<>();
        for (Types.NestedField column : table.schema().columns()) {
            columns.add(declared.contains(column.name())
                    ? functions.col(quoted(column.name()))
                    : functions.lit(null).cast(SparkSchemaUtil.convert(column.type())).as(column.name()));
        }
        return plan.write().frame().select(columns.toArray(Column[]::new));
    }

    /** The lineage (and a replacing write's connector's) in the snapshot summary, and the distribution of rows to writers. */
    private static Map<String, String> writeOptions(Table table, Lineage lineage, RowReplacement replacing) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> summary = replacing == null ? lineage.summary() : lineage.summary(replacing.lineage());
        summary.forEach((key, value) -> options.put("snapshot-property." + key, value));
        if (!table.properties().containsKey(TableProperties.WRITE_DISTRIBUTION_MODE)) {
            // Iceberg's default for a sorted table is range distribution, whose sampling job reads the
            // whole backup once more before the write reads it again; hash (or none, unpartitioned)
            // with the per-task sort reads it once.
            options.put(SparkWriteOptions.DISTRIBUTION_MODE, table.spec().isUnpartitioned() ? "none" : "hash");
        }
        return options;
    }

    private static long count(Map<String, String> summary, String key) {
        String value = summary.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }

    private Table load(TableIdentifier id) {
        try {
            Table table = catalog.loadTable(id);
            // The session's catalog caches tables; another writer may have committed since.
            table.refresh();
            return table;
        } catch (NoSuchTableException e) {
            return null;
        } catch (RuntimeException e) {
            throw new SinkException("Table " + id + " could not be loaded from catalog '" + settings.name() + "': "
                    + Failures.describe(e), e);
        }
    }

    private static TableIdentifier identifier(String table) {
        String[] parts = table.split("\\.", -1);
        if (parts.length < 2 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new SinkException(ErrorKind.INVALID_INPUT, "A table must be named namespace.table (the namespace may have several levels, "
                    + "a.b.table), found '" + table + "'");
        }
        return TableIdentifier.parse(table);
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
