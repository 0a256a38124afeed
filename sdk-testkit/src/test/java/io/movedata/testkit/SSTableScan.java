package io.movedata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.cassandra.db.rows.UnfilteredRowIterator;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.ISSTableScanner;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.TableMetadataRef;

/** Reads a fixture node's SSTables back with cassandra-all, independently of the writer. */
final class SSTableScan {
    private SSTableScan() {}

    /** The SSTables ({@code *-Data.db}) of a table directory. */
    static List<Path> dataFiles(Path tableDir) {
        if (!Files.isDirectory(tableDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tableDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith("-Data.db")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code visitor} with every partition of every SSTable of the directory. */
    static void forEachPartition(Path tableDir, TableMetadata metadata, Consumer<UnfilteredRowIterator> visitor) {
        for (Path data : dataFiles(tableDir)) {
            Descriptor descriptor = Descriptor.fromFileWithComponent(new File(data), false).left;
            SSTableReader reader = SSTableReader.openNoValidation(null, descriptor, TableMetadataRef.forOfflineTools(metadata));
            try (ISSTableScanner scanner = reader.getScanner()) {
                while (scanner.hasNext()) {
                    try (UnfilteredRowIterator partition = scanner.next()) {
                        visitor.accept(partition);
                    }
                }
            } finally {
                reader.selfRef().release();
            }
        }
    }

    /** The partition keys (serialized) of every SSTable of the directory, with repeats. */
    static List<ByteBuffer> partitionKeys(Path tableDir, TableMetadata metadata) {
        List<ByteBuffer> keys = new ArrayList<>();
        forEachPartition(tableDir, metadata, p -> keys.add(p.partitionKey().getKey()));
        return keys;
    }
}
