package io.movedata.runtime.validate;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import scala.Tuple2;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * Reads export files into rows of given columns. Lines are read with Hadoop's text input format, so
 * a large file splits across tasks; each line's byte offset locates errors, and only when there is
 * one is the offset turned into a line number ({@link #located}).
 */
final class ExportFileReader {
    private ExportFileReader() {}

    static Dataset<Row> read(SparkSession spark, ValidationSource.ExportFile export, StructType columns, Set<String> ignored) {
        for (StructField field : columns.fields()) {
            if (!ExportValues.readable(field.dataType())) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Column '" + field.name() + "' of type " + field.dataType().simpleString()
                        + " cannot be read from file " + export.path());
            }
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<Path> files = files(export.path(), conf);
        StructType nullable = new StructType();
        for (StructField field : columns.fields()) {
            nullable = nullable.add(field.name(), field.dataType(), true, field.metadata());
        }
        LineParser parser = export.format() == ValidationSource.ExportFile.Format.CSV
                ? csvParser(files, conf, nullable, ignored)
                : new JsonParser(nullable, ignored);
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) JavaSparkContext
                .fromSparkContext(spark.sparkContext())
                .newAPIHadoopFile(export.path(), TextInputFormat.class, LongWritable.class, Text.class, new Configuration(conf));
        // Errors name a file as the user gave it, or the file of the directory it is in.
        String given = files.size() == 1 && files.get(0).equals(new Path(export.path())) ? export.path() : null;
        JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit(
                (InputSplit split, Iterator<Tuple2<LongWritable, Text>> records) ->
                        new Rows(given != null ? given : ((FileSplit) split).getPath().toString(), records, parser), false);
        return spark.createDataFrame(rows, nullable);
    }

    /**
     * The failure as an {@link ExportFileException} with its line number, when an export file
     * caused it (anywhere in its causes, as a Spark job failure wraps it); else null.
     */
    static ExportFileException located(Throwable failure, Configuration conf) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ExportFileException export) {
                return export.line() > 0 ? export : export.atLine(lineAt(export.file(), export.byteOffset(), conf));
            }
        }
        return null;
    }

    /** The line starting at {@code offset}: one more than the line breaks before it. */
    private static long lineAt(String file, long offset, Configuration conf) {
        Path path = new Path(file);
        try (InputStream in = new BufferedInputStream(path.getFileSystem(conf).open(path), 1 << 16)) {
            long line = 1;
            for (long read = 0; read < offset; read++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (b == '\n') {
                    line++;
                }
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " to find the line at byte " + offset, e);
        }
    }

    /** The file, or the files of the directory that Hadoop's input formats read (not _ or . files). */
    private static List<Path> files(String location, Configuration conf) {
        Path path = new Path(location);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "File not found: " + location);
            }
            if (fs.getFileStatus(path).isFile()) {
                return List.of(path);
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus status : fs.listStatus(path)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                    files.add(status.getPath());
                }
            }
            if (files.isEmpty()) {
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Directory " + location + " holds no files to read");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + location, e);
        }
    }

    /**
     * The parser of files with the header every file starts with, which says where each column is.
     *
     * @throws ExportFileException when a header lacks a column, has an unknown or repeated one, or
     *         differs from the first file's
     */
    private static CsvParser csvParser(List<Path> files, Configuration conf, StructType columns, Set<String> ignored) {
        List<String> header = null;
        for (Path file : files) {
            List<String> names = new ArrayList<>();
            for (CsvLine.Cell cell : CsvLine.parse(firstLine(file, conf))) {
                names.add(cell.text());
            }
            if (header == null) {
                header = names;
            } else if (!header.equals(names)) {
                throw new ExportFileException(file.toString(), 0, 1, "the header " + names + " differs from "
                        + header + " of " + files.get(0));
            }
        }
        Map<String, Integer> positions = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (positions.put(name, i) != null) {
                problems.add("column '" + name + "' appears more than once");
            } else if (columns.getFieldIndex(name).isEmpty() && !ignored.contains(name)) {
                problems.add("unknown column '" + name + "'");
            }
        }
        int[] indexes = new int[columns.size()];
        for (int c = 0; c < indexes.length; c++) {
            Integer position = positions.get(columns.fields()[c].name());
            if (position == null) {
                problems.add("no column '" + columns.fields()[c].name() + "'");
            } else {
                indexes[c] = position;
            }
        }
        if (!problems.isEmpty()) {
            throw new ExportFileException(files.get(0).toString(), 0, 1, "header: " + String.join("; ", problems)
                    + " (expected the columns " + String.join(", ", columns.fieldNames()) + ")");
        }
        return new CsvParser(columns, indexes, header.size());
    }

    private static String firstLine(Path file, Configuration conf) {
        try (InputStream in = new BufferedInputStream(file.getFileSystem(conf).open(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the header of " + file, e);
        }
    }

    /** Turns one line into a row; runs on executors. */
    private interface LineParser extends Serializable {
        /** The row of a line, or null for a line that holds none (a header). */
        Row parse(long offset, String line);
    }

    /** One JSON object per line, every column present (null as null), no unknown ones. */
    private record JsonParser(StructType columns, Set<String> ignored) implements LineParser {
        @Override
        public Row parse(long offset, String line) {
            JsonNode node;
            try {
                node = ExportValues.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new LineException("not valid JSON: " + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw new LineException("expected a JSON object, found " + ExportValues.cut(node.toString()));
            }
            StructField[] fields = columns.fields();
            Object[] values = new Object[fields.length];
            int found = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                scala.Option<Object> index = columns.getFieldIndex(entry.getKey());
                if (index.isEmpty()) {
                    if (ignored.contains(entry.getKey())) {
                        continue;
                    }
                    throw new LineException("unknown column '" + entry.getKey() + "' (expected the columns "
                            + String.join(", ", columns.fieldNames()) + ")");
                }
                int c = (Integer) index.get();
                values[c] = ExportValues.fromJson(entry.getValue(), fields[c].dataType(), entry.getKey());
                found++;
            }
            if (found < fields.length) {
                for (int c = 0; c < fields.length; c++) {
                    if (!node.has(fields[c].name())) {
                        throw new LineException("no column '" + fields[c].name() + "' (write a null value as null)");
                    }
                }
            }
            return RowFactory.create(values);
        }
    }

    /**
     * A CSV record per line after the header: an empty unquoted cell is null, {@code ""} is the
     * empty string, collections and structs are JSON.
     */
    private record CsvParser(StructType columns, int[] indexes, int width) implements LineParser {
        @Override
        public Row parse(long offset, String line) {
            if (offset == 0) {
                return null;
            }
            List<CsvLine.Cell> cells;
            try {
                cells = CsvLine.parse(line);
            } catch (IllegalArgumentException e) {
                throw new LineException(e.getMessage());
            }
            if (cells.size() != width) {
                throw new LineException("found " + cells.size() + " values, the header has " + width + " columns");
            }
            StructField[] fields = columns.fields();
            Object[] values = new Object[fields.length];
            for (int c = 0; c < fields.length; c++) {
                CsvLine.Cell cell = cells.get(indexes[c]);
                values[c] = cell.isNull() ? null : ExportValues.fromText(cell.text(), fields[c].dataType(), fields[c].name());
            }
            return RowFactory.create(values);
        }
    }

    /** A line that holds no row of the columns; the reader adds where it is. */
    private static final class LineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineException(String message) {
            super(message);
        }
    }

    /** The rows of one split's lines, blank lines skipped, each failure located by file and byte offset. */
    private static final class Rows implements Iterator<Row> {
        private final String file;
        private final Iterator<Tuple2<LongWritable, Text>> lines;
        private final LineParser parser;
        private Row next;

        Rows(String file, Iterator<Tuple2<LongWritable, Text>> lines, LineParser parser) {
            this.file = file;
            this.lines = lines;
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (next == null && lines.hasNext()) {
                Tuple2<LongWritable, Text> record = lines.next();
                long offset = record._1().get();
                String line = record._2().toString();
                if (line.isBlank()) {
                    continue;
                }
                try {
                    next = parser.parse(offset, line);
                } catch (LineException e) {
                    throw new ExportFileException(file, offset, 0, e.getMessage());
                } catch (ExportValues.ValueException e) {
                    throw new ExportFileException(file, offset, 0, "column '" + e.path() + "': " + e.getMessage());
                }
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = next;
            next = null;
            return row;
        }
    }
}
