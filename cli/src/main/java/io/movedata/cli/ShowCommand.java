package io.movedata.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.SourceTable;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.spark.BackupRead;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/** {@code movedata show <location> --table ks.t}: the first rows of a table of a backup, as a text table. */
@Command(name = "show",
        description = {"Prints the first rows of one table of a backup: the rows SELECT * returned when the backup "
                + "was taken, read with the cassandra-backup Spark data source.",
                "Spark runs in this JVM (local[2]), or where spark-submit says when it started the command."})
final class ShowCommand implements Runnable {
    /** The most rows {@code --limit} may ask for: they are all collected on the driver to be aligned. */
    static final int MAX_LIMIT = 1_000_000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix or file:///dir.")
    String location;

    @Option(names = "--table", required = true, paramLabel = "KEYSPACE.TABLE", description = "The table to read.")
    String table;

    @Option(names = "--backup", paramLabel = "NAME",
            description = "The backup to read (see 'movedata backups list'). Default: the location's only backup.")
    String backup;

    @Mixin
    AsOfOptions asOf;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many rows to print, at most " + MAX_LIMIT + ". Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--consistency", paramLabel = "LEVEL",
            description = "Replicas merged per token range: ONE, TWO, THREE, QUORUM, LOCAL_ONE, LOCAL_QUORUM, ALL. "
                    + "Default: LOCAL_QUORUM.")
    String consistency;

    @Option(names = "--columns", paramLabel = "COLUMN", split = ",",
            description = "The columns to print, comma-separated, in this order. Default: all.")
    List<String> columns;

    @Mixin
    S3Options s3;

    @Override
    public void run() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit must be between 1 and " + MAX_LIMIT + ", found " + limit);
        }
        // Checked here, before Spark starts, so that messages name the flags rather than the data source's options.
        String tableProblem = SourceTable.nameProblem(table);
        if (tableProblem != null) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "--table: " + tableProblem);
        }
        if (consistency != null) {
            try {
                Consistency.parse(consistency);
            } catch (IllegalArgumentException e) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "--consistency: " + e.getMessage(), e);
            }
        }
        StoreLocation where = s3.location(location);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> options = new LinkedHashMap<>(s3.settings());
        options.put(ReadOptions.BACKUP, where.toString());
        Duration skewWindow = asOf.skewWindow(spec);
        ClusterBackup selection = null;
        if (asOf.asOf != null) {
            if (backup != null) {
                throw new ParameterException(spec.commandLine(), "--backup and --as-of exclude each other: give one");
            }
            selection = BackupCatalog.open(ObjectStores.shared(where), where).asOf(asOf.asOf, skewWindow);
            out.println("as of " + selection.asOf() + ": reference time " + selection.referenceTime());
            selection.decisions().forEach(d -> out.println("  " + d.describe()));
            options.put(ReadOptions.AS_OF, selection.asOf().toString());
        } else {
            options.put(ReadOptions.NAME, backupToRead(where));
        }
        options.put(ReadOptions.TABLE, table);
        if (consistency != null) {
            options.put(ReadOptions.CONSISTENCY, consistency);
        }
        // The read uses the selection just printed rather than resolving it again.
        Dataset<Row> frame = BackupRead.of(options, selection).load(LocalSpark.session());
        if (columns != null) {
            frame = frame.select(selected(frame));
        }
        // One row more than printed tells whether the table has more, without counting it.
        List<Row> rows = frame.limit(limit + 1).collectAsList();
        boolean more = rows.size() > limit;
        List<Row> shown = more ? rows.subList(0, limit) : rows;

        out.print(render(frame.schema(), shown));
        out.println(more ? "(" + shown.size() + " rows shown; the table has more, see --limit)"
                : "(" + shown.size() + (shown.size() == 1 ? " row)" : " rows)"));
    }

    /** Rows as an aligned text table, numbers right-aligned. */
    static String render(StructType schema, List<Row> rows) {
        StructField[] fields = schema.fields();
        List<String> headers = new ArrayList<>(fields.length);
        for (StructField field : fields) {
            headers.add(field.name());
        }
        TextTable text = new TextTable(headers);
        for (int c = 0; c < fields.length; c++) {
            if (fields[c].dataType() instanceof NumericType) {
                text.alignRight(c);
            }
        }
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(fields.length);
            for (int c = 0; c < fields.length; c++) {
                cells.add(Cells.text(row.get(c)));
            }
            text.add(cells);
        }
        return text.render();
    }

    /**
     * The {@code --backup} asked for, or the location's only backup; checked before Spark starts,
     * from the location's listing alone.
     *
     * @throws BackupException when the location has no backups, or none of that name
     * @throws IllegalArgumentException when no name is given and the location holds several backups
     */
    private String backupToRead(StoreLocation where) {
        BackupCatalog catalog = BackupCatalog.open(ObjectStores.shared(where), where);
        if (backup != null) {
            catalog.requireBackup(backup);
            return backup;
        }
        List<String> names = catalog.requireBackupNames();
        if (names.size() > 1) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, where + " holds " + names.size() + " backups " + names
                    + "; choose one with --backup");
        }
        return names.get(0);
    }

    /**
     * The {@code --columns} of the frame, in the order given.
     *
     * @throws IllegalArgumentException for a column the table does not have, listing those it has
     */
    private Column[] selected(Dataset<Row> frame) {
        List<String> known = List.of(frame.columns());
        Column[] selected = new Column[columns.size()];
        for (int i = 0; i < selected.length; i++) {
            String column = columns.get(i).trim();
            if (!known.contains(column)) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Column '" + column + "' is not in " + table + "; its columns: "
                        + String.join(", ", known));
            }
            // Backquoted: a Cassandra column name may contain dots, which Spark would read as struct fields.
            selected[i] = functions.col("`" + column.replace("`", "``") + "`");
        }
        return selected;
    }
}
