package io.movedata.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.validate.ValidationOptions;
import io.movedata.runtime.validate.ValidationReport;
import io.movedata.runtime.validate.ValidationReport.ChangedRow;
import io.movedata.runtime.validate.ValidationReport.ColumnChange;
import io.movedata.runtime.validate.ValidationReport.RowSample;
import io.movedata.runtime.validate.ValidationSource;
import io.movedata.runtime.validate.Validator;

/** {@code movedata validate <C> <M>}: shadow validation, the rows of C not in M and of M not in C, with samples. */
@Command(name = "validate",
        description = {"Compares C, the truth (an Iceberg table or snapshot, or a Cassandra export), with M, what "
                + "movedata produced, row by row as multisets: prints the rows in C but not in M and in M but not in C "
                + "(changed, missing, extra, duplicated) with samples, and writes a JSON report (see docs/validation.md)."},
        exitCodeList = {
                "0:C and M hold the same rows",
                "1:they differ, or the comparison failed (Spark, the object store, or an unexpected error)",
                "2:usage error or invalid input: a bad option, a --report path that cannot be written, an unknown catalog, "
                        + "table or snapshot, a missing export file, a column on one side only or of another type"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "C",
            description = "The truth: a table catalog.namespace.table, optionally @snapshotId or @2026-11-20T00:00:00Z, "
                    + "or an export file (or directory) ending in .jsonl, .json or .csv, read with M's columns.")
    String c;

    @Parameters(index = "1", paramLabel = "M", description = "What movedata produced, in the same forms; "
            + "at least one side must be a table.")
    String m;

    @Option(names = "--key", split = ",", paramLabel = "COLUMN",
            description = "Key columns, comma-separated: rows of C and M under one key are reported as one changed row. "
                    + "Default: the partition key and clustering columns the schema declares (movedata writes them in "
                    + "the Iceberg column docs), else none. --key '' for none.")
    List<String> keys;

    @Option(names = "--ignore", split = ",", paramLabel = "COLUMN",
            description = "Columns left out of the comparison, comma-separated, e.g. _row_writetime.")
    List<String> ignored;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "" + ValidationOptions.DEFAULT_SAMPLE_SIZE,
            description = "How many rows of each kind of difference to show and report. Default: ${DEFAULT-VALUE}.")
    int sample;

    @Option(names = "--report", paramLabel = "FILE|DIR", defaultValue = MovementSpec.DEFAULT_REPORTS,
            description = "Where the JSON report is written: a file ending in .json, or a directory. Default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--catalog", paramLabel = "NAME:KEY=VALUE,...",
            description = "An Iceberg catalog the tables are in, repeatable, e.g. lake:type=hadoop,warehouse=/data/warehouse "
                    + "or lake:type=rest,uri=https://catalog.example. Default: the catalog "
                    + MovementSpec.DEFAULT_CATALOG + " (Hadoop, in " + MovementSpec.DEFAULT_WAREHOUSE + ").")
    List<String> catalogs;

    @Override
    public Integer call() {
        if (sample < 0) {
            throw new ParameterException(spec.commandLine(), "--sample must be 0 or more, found " + sample);
        }
        List<CatalogSettings> settings = new ArrayList<>();
        for (String catalog : catalogs == null ? List.<String>of() : catalogs) {
            settings.add(catalog(catalog));
        }
        ValidationSource truth = ValidationSource.parse(c);
        ValidationSource produced = ValidationSource.parse(m);
        // --key '' says there is no key.
        List<String> keyColumns = keys == null ? null : keys.stream().filter(key -> !key.isBlank()).toList();
        ValidationOptions options = new ValidationOptions(keyColumns, ignored, sample);
        ValidationReport.checkWritable(report);

        SparkSession spark = LocalSpark.session();
        boolean defaultGiven = settings.stream().anyMatch(s -> s.name().equals(MovementSpec.DEFAULT_CATALOG));
        // Always there to be named (Iceberg opens a catalog only when a table in it is read); under
        // spark-submit the session may already configure it, which stands.
        if (!defaultGiven && spark.conf().getOption("spark.sql.catalog." + MovementSpec.DEFAULT_CATALOG).isEmpty()) {
            settings.add(CatalogSettings.hadoop(MovementSpec.DEFAULT_CATALOG, Path.of(MovementSpec.DEFAULT_WAREHOUSE)));
        }
        settings.forEach(catalog -> catalog.register(spark));

        ValidationReport result = Validator.compare(spark, truth, produced, options).write(report);
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.summary());
        out.print(samples(result));
        out.flush();
        return result.outcome() == ValidationReport.Outcome.EQUAL ? MovedataCli.SUCCESS : MovedataCli.FAILED;
    }

    /**
     * A {@code --catalog} value: {@code NAME:KEY=VALUE,...}; a relative local warehouse is resolved
     * against the working directory.
     */
    private CatalogSettings catalog(String text) {
        int colon = text.indexOf(':');
        Map<String, String> properties = new LinkedHashMap<>();
        if (colon > 0) {
            for (String pair : text.substring(colon + 1).split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    properties.clear();
                    break;
                }
                properties.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        if (properties.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--catalog expects NAME:KEY=VALUE,..., for example "
                    + "lake:type=hadoop,warehouse=/data/warehouse; found '" + text + "'");
        }
        String warehouse = properties.get("warehouse");
        if (warehouse != null && !warehouse.contains("://")) {
            properties.put("warehouse", Path.of(warehouse).toAbsolutePath().toString());
        }
        return new CatalogSettings(text.substring(0, colon).strip(), properties);
    }

    /** The samples of each kind of difference as text tables, each under a line saying how many there are. */
    static String samples(ValidationReport report) {
        StringBuilder text = new StringBuilder();
        ValidationReport.Counts counts = report.counts();
        if (!report.changed().isEmpty()) {
            List<String> headers = new ArrayList<>(report.keyColumns());
            headers.addAll(List.of("column", "C", "M"));
            List<List<Object>> rows = new ArrayList<>();
            for (ChangedRow changed : report.changed()) {
                for (ColumnChange change : changed.columns()) {
                    List<Object> cells = new ArrayList<>(changed.key().values());
                    cells.add(change.column());
                    cells.add(change.c());
                    cells.add(change.m());
                    rows.add(cells);
                }
            }
            heading(text, "changed", report.changed().size(), counts.changedKeys(), "key");
            text.append(table(headers, rows));
        }
        rowTable(text, "in C, not in M", report.missingFromM(), counts.missingFromM(), report.columns(), "in C", null);
        rowTable(text, "in M, not in C", report.extraInM(), counts.extraInM(), report.columns(), null, "in M");
        rowTable(text, "in both, a different number of times", report.duplicated(), counts.duplicatedRows(),
                report.columns(), "in C", "in M");
        return text.toString();
    }

    private static void rowTable(StringBuilder text, String title, List<RowSample> samples, long total, List<String> columns,
                                 String cCount, String mCount) {
        if (samples.isEmpty()) {
            return;
        }
        List<String> headers = new ArrayList<>(columns);
        if (cCount != null) {
            headers.add(cCount);
        }
        if (mCount != null) {
            headers.add(mCount);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (RowSample sample : samples) {
            List<Object> cells = new ArrayList<>(sample.row().values());
            if (cCount != null) {
                cells.add(sample.inC());
            }
            if (mCount != null) {
                cells.add(sample.inM());
            }
            rows.add(cells);
        }
        heading(text, title, samples.size(), total, "row");
        text.append(table(headers, rows));
    }

    private static void heading(StringBuilder text, String title, int shown, long total, String unit) {
        String firstShown = shown < total ? String.format(Locale.ROOT, " (first %,d shown)", shown) : "";
        text.append(String.format(Locale.ROOT, "%n%s: %,d %s%s%s%n", title, total, unit, total == 1 ? "" : "s", firstShown));
    }

    /** Report values in a text table; columns of numbers (and nulls) are right-aligned. */
    private static String table(List<String> headers, List<List<Object>> rows) {
        TextTable table = new TextTable(headers);
        for (int column = 0; column < headers.size(); column++) {
            int index = column;
            if (rows.stream().anyMatch(row -> row.get(index) instanceof Number)
                    && rows.stream().allMatch(row -> row.get(index) == null || row.get(index) instanceof Number)) {
                table.alignRight(column);
            }
        }
        for (List<Object> row : rows) {
            table.add(row.stream().map(value -> value == null ? null : ValidationReport.text(value)).toList());
        }
        return table.render();
    }
}
