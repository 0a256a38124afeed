package io.movedata.runtime.sstable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.cassandra.concurrent.ScheduledExecutors;
import org.apache.cassandra.io.sstable.Component;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.TableMetadataRef;
import org.apache.cassandra.utils.Pair;

import io.movedata.runtime.backup.ManifestObject;
import io.movedata.runtime.store.ObjectStore;

/**
 * SSTables fetched from the store into a task-local directory and opened with cassandra-all.
 * Closing releases the readers and deletes every fetched file.
 */
public final class OpenedSSTables implements AutoCloseable {
    private final Path workDirectory;
    private final List<SSTableReader> readers = new ArrayList<>();
    private final List<SSTableFiles> files = new ArrayList<>();

    private OpenedSSTables(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /**
     * Fetches and opens {@code sstables}. Components are copied under
     * {@code workDirectory/<node>/<keyspace>/<table-dir>/} (a local store is read in place).
     *
     * @throws SSTableReadException naming the node and object when a component cannot be fetched or
     *     the SSTable cannot be opened
     */
    public static OpenedSSTables open(ObjectStore store, TableMetadata metadata, List<SSTableFiles> sstables,
                                      Path workDirectory, String where) {
        CassandraOffline.initialize();
        OpenedSSTables opened = new OpenedSSTables(workDirectory);
        TableMetadataRef ref = TableMetadataRef.forOfflineTools(metadata);
        try {
            for (SSTableFiles sstable : sstables) {
                opened.files.add(sstable);
                opened.readers.add(openOne(store, metadata, ref, sstable, workDirectory, where));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private static SSTableReader openOne(ObjectStore store, TableMetadata metadata, TableMetadataRef ref,
                                         SSTableFiles sstable, Path workDirectory, String where) {
        Path directory = workDirectory.resolve(sstable.node()).resolve(sstable.keyspace()).resolve(sstable.tableDirectory());
        Descriptor descriptor = null;
        Set<Component> components = new HashSet<>();
        for (Map.Entry<String, ManifestObject> component : sstable.components().entrySet()) {
            ManifestObject object = component.getValue();
            Path local;
            try {
                local = store.localCopy(object.key(), directory.resolve(object.fileName()));
            } catch (RuntimeException e) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch component "
                        + object.key() + ": " + e.getMessage(), e);
            }
            long size = sizeOf(local);
            if (size != object.size()) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": object " + object.key()
                        + " has " + size + " bytes but the manifest lists " + object.size());
            }
            Pair<Descriptor, Component> parsed = Descriptor.fromFileWithComponent(new File(local), metadata.keyspace, metadata.name);
            descriptor = parsed.left;
            components.add(parsed.right);
        }
        try {
            return SSTableReader.open(null, descriptor, components, ref, false, true);
        } catch (RuntimeException | AssertionError e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot open the SSTable: " + e, e);
        }
    }

    public List<SSTableReader> readers() {
        return readers;
    }

    public List<SSTableFiles> files() {
        return files;
    }

    @Override
    public void close() {
        for (SSTableReader reader : readers) {
            reader.selfRef().release();
        }
        readers.clear();
        awaitTidy();
        deleteRecursively(workDirectory);
    }

    /**
     * cassandra-all closes released readers on its single non-periodic task thread, touching
     * their files; deleting them first would race with it. A no-op queued behind waits it out.
     */
    private static void awaitTidy() {
        try {
            ScheduledExecutors.nonPeriodicTasks.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Files are deleted anyway; a late tidy only logs that they are gone.
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SSTableReadException("Cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temporary file must not fail a finished read.
        }
    }
}
