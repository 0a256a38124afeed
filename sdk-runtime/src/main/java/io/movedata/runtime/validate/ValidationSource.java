package io.movedata.runtime.validate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.iceberg.CatalogSettings;

/**
 * One side of a validation: a table of a catalog in the Spark session (an Iceberg table, optionally
 * as of a snapshot or an instant), or an export file whose values are read with the columns and
 * types of the other side (see {@code docs/validation.md} for the encodings).
 */
public sealed interface ValidationSource permits ValidationSource.Table, ValidationSource.ExportFile {

    /** How the source is named in reports and messages: the table with its version, or the path. */
    String describe();

    /**
     * A source from its command-line form: a path ending in {@code .jsonl}, {@code .json} or
     * {@code .csv} is an export file (or a directory of them); anything else is a table
     * {@code catalog.namespace.table}, optionally followed by {@code @snapshotId} or
     * {@code @2026-11-20T00:00:00Z}.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the text is neither
     */
    static ValidationSource parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (lower.endsWith(".jsonl") || lower.endsWith(".json")) {
            return new ExportFile(trimmed, ExportFile.Format.JSON_LINES);
        }
        if (lower.endsWith(".csv")) {
            return new ExportFile(trimmed, ExportFile.Format.CSV);
        }
        int at = trimmed.lastIndexOf('@');
        if (at < 0) {
            return new Table(trimmed, null, null);
        }
        String name = trimmed.substring(0, at);
        String version = trimmed.substring(at + 1);
        try {
            return version.matches("\\d+") ? new Table(name, Long.parseLong(version), null)
                    : new Table(name, null, Instant.parse(version));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "'" + trimmed + "': after '@' a snapshot id or an ISO-8601 instant such as "
                    + "2026-11-20T00:00:00Z was expected, found '" + version + "'");
        }
    }

    /**
     * A table {@code catalog.namespace.table} of the Spark session.
     *
     * @param name the table, with its catalog first
     * @param snapshotId the Iceberg snapshot to read, or null
     * @param asOf read the snapshot current at this instant, or null; at most one of the two
     */
    record Table(String name, Long snapshotId, Instant asOf) implements ValidationSource {
        /**
         * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the name has fewer than three
         *         parts, or both a snapshot and an instant are given
         */
        public Table {
            if (name == null || !name.matches("[^.\\s]+(\\.[^.\\s]+){2,}")) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "'" + name + "' is neither a table catalog.namespace.table nor a file "
                        + "ending in .jsonl, .json or .csv");
            }
            if (snapshotId != null && asOf != null) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Table " + name + ": give a snapshot id or an instant, not both");
            }
        }

        @Override
        public String describe() {
            return snapshotId != null ? name + "@" + snapshotId : asOf != null ? name + "@" + asOf : name;
        }

        /** The catalog, the first part of the name. */
        public String catalog() {
            return name.substring(0, name.indexOf('.'));
        }

        /**
         * The table's rows, at the snapshot or instant if one was given (Iceberg time travel).
         *
         * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the catalog is not configured in
         *         the session, or the table, snapshot or instant does not exist there
         */
        public Dataset<Row> read(SparkSession spark) {
            Set<String> catalogs = CatalogSettings.names(spark);
            if (!catalogs.contains(catalog())) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Table " + name + ": no catalog '" + catalog() + "' in this Spark session; "
                        + "catalogs: " + String.join(", ", catalogs));
            }
            DataFrameReader reader = spark.read();
            if (snapshotId != null) {
                reader.option("snapshot-id", snapshotId);
            }
            if (asOf != null) {
                reader.option("as-of-timestamp", asOf.toEpochMilli());
            }
            Dataset<Row> rows;
            try {
                rows = reader.table(name);
            } catch (Exception e) {
                if (e instanceof AnalysisException analysis) {
                    String reason = "TABLE_OR_VIEW_NOT_FOUND".equals(analysis.getCondition())
                            ? "no such table in catalog " + catalog() : analysis.getSimpleMessage();
                    throw new MovedataException(ErrorKind.INVALID_INPUT, "Table " + describe() + " cannot be read: " + reason, e);
                }
                throw e;
            }
            if (snapshotId != null || asOf != null) {
                checkVersion(spark);
            }
            return rows;
        }

        /**
         * Checks that the snapshot or instant is in the table's history, which Iceberg would only
         * find out when the comparison's job starts.
         */
        private void checkVersion(SparkSession spark) {
            org.apache.iceberg.Table table;
            try {
                table = Spark3Util.loadIcebergTable(spark, name);
            } catch (Exception e) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Table " + describe() + " cannot be read: " + e.getMessage(), e);
            }
            List<Snapshot> snapshots = new ArrayList<>();
            table.snapshots().forEach(snapshots::add);
            snapshots.sort(Comparator.comparingLong(Snapshot::timestampMillis));
            if (snapshotId != null && table.snapshot(snapshotId) == null) {
                List<String> newest = new ArrayList<>();
                for (Snapshot snapshot : snapshots.subList(Math.max(0, snapshots.size() - 5), snapshots.size())) {
                    newest.add(snapshot.snapshotId() + " (" + Instant.ofEpochMilli(snapshot.timestampMillis()) + ")");
                }
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Table " + name + " has no snapshot " + snapshotId + "; its newest snapshots: "
                        + (newest.isEmpty() ? "none" : String.join(", ", newest)));
            }
            if (asOf != null && (snapshots.isEmpty() || snapshots.get(0).timestampMillis() > asOf.toEpochMilli())) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Table " + name + " has no snapshot at or before " + asOf
                        + (snapshots.isEmpty() ? "" : "; its first was committed at "
                        + Instant.ofEpochMilli(snapshots.get(0).timestampMillis())));
            }
        }
    }

    /**
     * An export file, or a directory of export files with the same layout, read with the columns
     * and types of the other side.
     *
     * @param path a local path or any Hadoop file system URI
     * @param format how its rows are written
     */
    record ExportFile(String path, Format format) implements ValidationSource {
        /** How an export file writes its rows. */
        public enum Format {
            /** One JSON object per line, keyed by column name ({@code .jsonl} or {@code .json}). */
            JSON_LINES,
            /** A header line of column names, then one line per row ({@code .csv}). */
            CSV
        }

        @Override
        public String describe() {
            return path;
        }

        /**
         * The file's rows as {@code columns} (all nullable), each value cast from its encoding to
         * the column's type. Nothing is read beyond a CSV header until the rows are used; a value
         * that cannot be read then fails the Spark job with an {@link ExportFileException}.
         *
         * @param columns the columns and types to read, usually the other side's
         * @param ignoredColumns columns of the file to skip although {@code columns} lacks them
         * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the file does not exist, a column
         *         has a type that cannot be read from a file, or (an {@link ExportFileException}) a CSV
         *         header lacks a column or has an unknown one
         */
        public Dataset<Row> read(SparkSession spark, StructType columns, Set<String> ignoredColumns) {
            return ExportFileReader.read(spark, this, columns, ignoredColumns);
        }
    }
}
