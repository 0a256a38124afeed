package io.movedata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.cassandra.exceptions.RequestValidationException;
import org.apache.cassandra.io.sstable.CQLSSTableWriter;
import org.apache.cassandra.io.sstable.format.SSTableFormat;

/**
 * The open SSTable writers of a fixture cluster's nodes, one per node and statement shape, each
 * writing into its node's table directory. Rows accumulate until {@link #close()}, which turns
 * them into complete SSTables, the way a memtable flush does. Bound to one schema: a writer keeps
 * the table metadata it was opened with, so a schema change closes these and opens new ones.
 */
final class SSTableWriters {
    private final FixtureSchema schema;
    private final SSTableLayout layout;
    private final SSTableFormat<?, ?> format;
    private final int bufferSizeMiB;
    private final Map<WriterKey, CQLSSTableWriter> writers = new LinkedHashMap<>();

    SSTableWriters(FixtureSchema schema, SSTableLayout layout, SSTableFormat<?, ?> format, int bufferSizeMiB) {
        this.schema = schema;
        this.layout = layout;
        this.format = format;
        this.bufferSizeMiB = bufferSizeMiB;
    }

    /** Adds {@code row} to the node's writer of the row's shape, opening it on first use. */
    void write(String node, StatementShapes.BoundRow row) {
        try {
            writer(node, row.shape()).rawAddRow(row.values());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write SSTables of node " + node + " under " + layout.directory() + ": "
                    + e.getMessage(), e);
        } catch (RequestValidationException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + row.cql(), e);
        }
    }

    /**
     * Closes every open writer: what was written so far becomes complete SSTables. Later writes
     * open new writers, and so new SSTables.
     *
     * @throws UncheckedIOException when a writer cannot be closed (after trying all of them)
     */
    void close() {
        IOException failure = null;
        for (CQLSSTableWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        writers.clear();
        if (failure != null) {
            throw new UncheckedIOException("Cannot close the SSTable writers under " + layout.directory() + ": "
                    + failure.getMessage(), failure);
        }
    }

    private CQLSSTableWriter writer(String node, StatementShapes.Shape shape) {
        WriterKey key = new WriterKey(node, shape.writerCql());
        CQLSSTableWriter writer = writers.get(key);
        if (writer != null) {
            return writer;
        }
        Path dir = layout.tableDirectory(node, shape.table());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        synchronized (CQLSSTableWriter.class) {
            schema.install();
            writer = CQLSSTableWriter.builder()
                    .inDirectory(dir.toString())
                    .forTable(shape.table().toCqlString(false, false, false))
                    .using(shape.writerCql())
                    .withMaxSSTableSizeInMiB(bufferSizeMiB)
                    .withFormat(format)
                    .build();
        }
        writers.put(key, writer);
        return writer;
    }

    private record WriterKey(String node, String cql) {}
}
