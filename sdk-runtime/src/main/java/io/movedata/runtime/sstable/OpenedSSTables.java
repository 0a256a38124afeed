package io.movedata.runtime.sstable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.cassandra.concurrent.ScheduledExecutors;
import org.apache.cassandra.io.sstable.Component;
import org.apache.cassandra.io.sstable.Descriptor;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.TableMetadataRef;
import org.apache.cassandra.utils.Pair;
import org.apache.cassandra.utils.concurrent.Ref;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.movedata.runtime.manifest.CompressedObjects;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.LocalFiles;

/**
 * The SSTables of one split, opened with cassandra-all: fetched from a remote store into a
 * task-local directory, or read in place from a local store through readers shared across tasks.
 * Closing releases the readers and deletes every fetched file.
 */
public final class OpenedSSTables implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenedSSTables.class);

    private final Path workDirectory;
    private final List<SSTableReader> readers = new ArrayList<>();
    /** Readers of fetched copies, closed with this object. */
    private final List<SSTableReader> owned = new ArrayList<>();
    /** References to readers of in-place files, shared across tasks (see {@link SharedReaders}). */
    private final List<Ref<SSTableReader>> sharedRefs = new ArrayList<>();
    private final List<SSTableFiles> files = new ArrayList<>();
    private long bytesFetched;

    private OpenedSSTables(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /**
     * Fetches and opens {@code sstables} for reading {@code scope}. Components are copied under
     * {@code workDirectory/<node>/<keyspace>/<table-dir>/} as {@link SSTableFetch} says: of a
     * big-format Data.db only the chunks the scope's partitions occupy are fetched and of its
     * Index.db only the sections locating them (each into a sparse file of the object's size), and
     * no Filter.db; a local store is read in place. Compressed objects are always fetched whole and
     * decompressed.
     *
     * @throws SSTableReadException naming the node and object when a component cannot be fetched or
     *     the SSTable cannot be opened
     */
    public static OpenedSSTables open(ObjectStore store, TableMetadata metadata, List<SSTableFiles> sstables,
                                      ReadScope scope, Path workDirectory, String where) {
        CassandraOffline.initialize();
        OpenedSSTables opened = new OpenedSSTables(workDirectory);
        // Every compressed chunk read is checked by its CRC32, whatever crc_check_chance the table has.
        TableMetadataRef ref = TableMetadataRef.forOfflineTools(metadata.unbuild().crcCheckChance(1.0).build());
        try {
            for (SSTableFiles sstable : sstables) {
                opened.files.add(sstable);
                opened.readers.add(opened.openOne(store, metadata, ref, sstable, scope, where));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    private SSTableReader openOne(ObjectStore store, TableMetadata metadata, TableMetadataRef ref,
                                  SSTableFiles sstable, ReadScope scope, String where) {
        Optional<Path> localData = localFile(store, sstable.data(), sstable, where);
        SSTableFetch fetch = SSTableFetch.of(sstable, localData.isPresent());
        if (fetch == SSTableFetch.IN_PLACE) {
            Path data = localData.get();
            Ref<SSTableReader> shared = SharedReaders.acquire(data, sizeOf(data), lastModified(data), metadata,
                    () -> openInPlace(store, metadata, ref, sstable, where));
            sharedRefs.add(shared);
            return shared.get();
        }
        Path directory = workDirectory.resolve(sstable.node()).resolve(sstable.keyspace()).resolve(sstable.tableDirectory());
        Map<String, Path> localFiles = new LinkedHashMap<>();
        Map<String, ContentDigest> digests = new HashMap<>();
        for (Map.Entry<String, ManifestObject> component : sstable.components().entrySet()) {
            if (fetch.part(component.getKey()) == SSTableFetch.Part.WHOLE) {
                localFiles.put(component.getKey(),
                        fetchWhole(store, sstable, component.getValue(), directory, digests, component.getKey(), where));
            }
        }
        SSTableIntegrity.checkWhole(store, sstable, digests, localFiles, where);
        Optional<List<IndexSections.Section>> indexSections = Optional.empty();
        Path sparseData = null;
        if (fetch == SSTableFetch.SECTIONS) {
            indexSections = fetchIndex(store, metadata, sstable, scope, directory, localFiles, where);
            sparseData = directory.resolve(sstable.data().fileName());
            createSparse(sparseData, sstable.data().size());
            localFiles.put(SSTableFiles.DATA, sparseData);
        }
        SSTableReader reader = openReader(metadata, ref, sstable, localFiles, where);
        owned.add(reader);
        indexSections.ifPresent(sections -> IndexSections.check(reader, sections, sstable, where));
        if (sparseData != null) {
            try {
                bytesFetched += DataSections.fetch(store, sstable, reader, scope.positions(reader), sparseData,
                        localFiles.get(DataSections.CRC), where);
            } catch (IntegrityException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch the data of the split from "
                        + sstable.data().key() + ": " + e.getMessage(), e);
            }
        }
        return reader;
    }

    /**
     * Fetches {@code component} whole into {@code directory}, adding its digest to {@code digests}.
     *
     * @return the local file
     */
    private Path fetchWhole(ObjectStore store, SSTableFiles sstable, ManifestObject object, Path directory,
                            Map<String, ContentDigest> digests, String component, String where) {
        Path local = directory.resolve(object.fileName());
        try {
            ContentDigest digest = new ContentDigest();
            bytesFetched += object.storedAsIs() ? store.download(object.key(), local, digest)
                    : CompressedObjects.fetch(store, object, local, digest);
            digests.put(component, digest);
        } catch (IOException | RuntimeException e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch component "
                    + object.key() + ": " + e.getMessage(), e);
        }
        return local;
    }

    /**
     * Fetches of a big-format Index.db the sections reading {@code scope} uses into a sparse file,
     * or the whole file (checked by its MD5) when they are all of it or Summary.db cannot locate them.
     *
     * @return the sections fetched, to check once the SSTable is open; empty when fetched whole
     */
    private Optional<List<IndexSections.Section>> fetchIndex(ObjectStore store, TableMetadata metadata, SSTableFiles sstable,
                                                            ReadScope scope, Path directory, Map<String, Path> localFiles,
                                                            String where) {
        ManifestObject index = sstable.components().get(IndexSections.INDEX);
        if (index == null) {
            return Optional.empty();
        }
        Path summary = localFiles.get(IndexSections.SUMMARY);
        Optional<List<IndexSections.Section>> sections = summary == null ? Optional.empty()
                : IndexSections.locate(summary, metadata, scope, index.size());
        if (sections.isEmpty()) {
            Map<String, ContentDigest> digest = new HashMap<>();
            localFiles.put(IndexSections.INDEX, fetchWhole(store, sstable, index, directory, digest, IndexSections.INDEX, where));
            SSTableIntegrity.checkWhole(store, sstable, digest, localFiles, where);
            return sections;
        }
        Path local = directory.resolve(index.fileName());
        createSparse(local, index.size());
        try {
            bytesFetched += IndexSections.fetch(store, index, sections.get(), local);
        } catch (IOException | RuntimeException e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch component "
                    + index.key() + ": " + e.getMessage(), e);
        }
        localFiles.put(IndexSections.INDEX, local);
        return sections;
    }

    /** Opens an SSTable of a local store in place, after reading each component once to check it. */
    private static SSTableReader openInPlace(ObjectStore store, TableMetadata metadata, TableMetadataRef ref,
                                             SSTableFiles sstable, String where) {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, ContentDigest> digests = new HashMap<>();
        for (Map.Entry<String, ManifestObject> component : sstable.components().entrySet()) {
            Path file = localFile(store, component.getValue(), sstable, where).orElseThrow();
            files.put(component.getKey(), file);
            try {
                digests.put(component.getKey(), ContentDigest.of(file));
            } catch (IOException e) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        SSTableIntegrity.checkWhole(store, sstable, digests, files, where);
        return openReader(metadata, ref, sstable, files, where);
    }

    private static Optional<Path> localFile(ObjectStore store, ManifestObject object, SSTableFiles sstable, String where) {
        try {
            return store.localFile(object.key());
        } catch (RuntimeException e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch component "
                    + object.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the SSTable from local files, after checking each has the size the manifest lists, and
     * checks that its components belong together.
     */
    private static SSTableReader openReader(TableMetadata metadata, TableMetadataRef ref, SSTableFiles sstable,
                                            Map<String, Path> files, String where) {
        Descriptor descriptor = null;
        Set<Component> components = new HashSet<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            ManifestObject object = sstable.components().get(file.getKey());
            long size = sizeOf(file.getValue());
            if (size != object.size()) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": object " + object.key()
                        + " has " + size + " bytes but the manifest lists " + object.size());
            }
            Pair<Descriptor, Component> parsed = Descriptor.fromFileWithComponent(new File(file.getValue()), metadata.keyspace, metadata.name);
            descriptor = parsed.left;
            components.add(parsed.right);
        }
        SSTableReader reader;
        try {
            reader = SSTableReader.open(null, descriptor, components, ref, false, true);
        } catch (RuntimeException | AssertionError e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot open the SSTable: " + e, e);
        }
        try {
            SSTableIntegrity.crossCheck(reader, sstable, files, where);
        } catch (RuntimeException e) {
            reader.selfRef().release();
            throw e;
        }
        return reader;
    }

    /** A file of {@code size} bytes that takes no disk until written. */
    private static void createSparse(Path file, long size) {
        try {
            Files.createDirectories(file.getParent());
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(size);
            }
        } catch (IOException e) {
            throw new SSTableReadException("Cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Bytes fetched from a remote store for this task so far (0 for a local store). */
    public long bytesFetched() {
        return bytesFetched;
    }

    public List<SSTableReader> readers() {
        return readers;
    }

    public List<SSTableFiles> files() {
        return files;
    }

    @Override
    public void close() {
        for (Ref<SSTableReader> ref : sharedRefs) {
            ref.release();
        }
        sharedRefs.clear();
        for (SSTableReader reader : owned) {
            reader.selfRef().release();
        }
        if (!owned.isEmpty()) {
            awaitTidy();
        }
        owned.clear();
        readers.clear();
        try {
            LocalFiles.deleteTree(workDirectory);
        } catch (UncheckedIOException e) {
            // A leftover temporary file must not fail a finished read.
            LOG.warn("Could not remove the task directory: {}", e.getMessage());
        }
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

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new SSTableReadException("Cannot read the modification time of " + file + ": " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SSTableReadException("Cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
