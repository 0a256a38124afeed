package io.movedata.runtime.sstable;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.cassandra.io.compress.CompressionMetadata;
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

import io.movedata.runtime.backup.CompressedObjects;
import io.movedata.runtime.backup.ManifestObject;
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

    /** Compressed chunks are followed by a 4-byte checksum. */
    private static final int CHECKSUM_BYTES = 4;
    /**
     * Only big-format SSTables are fetched in part: their Index.db alone locates partitions in
     * Data.db. The bti format's tries need Data.db itself to resolve a key, so it is fetched whole.
     */
    private static final String BIG_FORMAT_SUFFIX = "-big";
    /** Gaps below this are fetched rather than paying for another request. */
    private static final long MERGE_GAP = 256 * 1024;

    private OpenedSSTables(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /**
     * Fetches and opens {@code sstables} for reading {@code scope}. Components are copied under
     * {@code workDirectory/<node>/<keyspace>/<table-dir>/}, except that of a big-format Data.db only
     * the chunks the scope's partitions occupy are fetched (into a sparse file of the object's
     * size); a local store is read in place. Compressed objects are always fetched whole and
     * decompressed.
     *
     * @throws SSTableReadException naming the node and object when a component cannot be fetched or
     *     the SSTable cannot be opened
     */
    public static OpenedSSTables open(ObjectStore store, TableMetadata metadata, List<SSTableFiles> sstables,
                                      ReadScope scope, Path workDirectory, String where) {
        CassandraOffline.initialize();
        OpenedSSTables opened = new OpenedSSTables(workDirectory);
        TableMetadataRef ref = TableMetadataRef.forOfflineTools(metadata);
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
        // A compressed object's bytes are not the file's: such an SSTable is fetched and decompressed, never read in place.
        boolean storedAsIs = sstable.components().values().stream().allMatch(ManifestObject::storedAsIs);
        Optional<Path> localData = storedAsIs ? localFile(store, sstable.data(), sstable, where) : Optional.empty();
        if (localData.isPresent()) {
            Path data = localData.get();
            Ref<SSTableReader> shared = SharedReaders.acquire(data, sizeOf(data), lastModified(data), metadata,
                    () -> openInPlace(store, metadata, ref, sstable, where));
            sharedRefs.add(shared);
            return shared.get();
        }
        Path directory = workDirectory.resolve(sstable.node()).resolve(sstable.keyspace()).resolve(sstable.tableDirectory());
        Map<String, Path> localFiles = new LinkedHashMap<>();
        Path sparseData = null;
        for (Map.Entry<String, ManifestObject> component : sstable.components().entrySet()) {
            ManifestObject object = component.getValue();
            Path local = directory.resolve(object.fileName());
            try {
                if (!object.storedAsIs()) {
                    bytesFetched += CompressedObjects.fetch(store, object, local);
                } else if (component.getKey().equals(SSTableFiles.DATA) && sstable.name().endsWith(BIG_FORMAT_SUFFIX)) {
                    createSparse(local, object.size());
                    sparseData = local;
                } else {
                    bytesFetched += store.download(object.key(), local);
                }
            } catch (RuntimeException e) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch component "
                        + object.key() + ": " + e.getMessage(), e);
            }
            localFiles.put(component.getKey(), local);
        }
        SSTableReader reader = openReader(metadata, ref, sstable, localFiles, where);
        owned.add(reader);
        if (sparseData != null) {
            try {
                fetchSections(store, sstable.data(), reader, scope, sparseData);
            } catch (RuntimeException e) {
                throw new SSTableReadException(where + " " + sstable.describe() + ": cannot fetch the data of the split from "
                        + sstable.data().key() + ": " + e.getMessage(), e);
            }
        }
        return reader;
    }

    private static SSTableReader openInPlace(ObjectStore store, TableMetadata metadata, TableMetadataRef ref,
                                             SSTableFiles sstable, String where) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, ManifestObject> component : sstable.components().entrySet()) {
            files.put(component.getKey(), localFile(store, component.getValue(), sstable, where).orElseThrow());
        }
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

    /** Opens the SSTable from local files, after checking each has the size the manifest lists. */
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
        try {
            return SSTableReader.open(null, descriptor, components, ref, false, true);
        } catch (RuntimeException | AssertionError e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot open the SSTable: " + e, e);
        }
    }

    /**
     * Fetches the byte ranges of Data.db the scope's partitions occupy: whole compressed chunks
     * (with their checksums) for compressed tables, the exact positions otherwise. Neighbouring
     * ranges closer than {@link #MERGE_GAP} are fetched as one request.
     */
    private void fetchSections(ObjectStore store, ManifestObject data, SSTableReader reader, ReadScope scope, Path file) {
        List<SSTableReader.PartitionPositionBounds> sections = scope.positions(reader);
        if (sections.isEmpty()) {
            return;
        }
        List<long[]> byteRanges = new ArrayList<>();
        if (reader.compression) {
            for (CompressionMetadata.Chunk chunk : reader.getCompressionMetadata().getChunksForSections(sections)) {
                byteRanges.add(new long[] {chunk.offset, chunk.offset + chunk.length + CHECKSUM_BYTES});
            }
        } else {
            for (SSTableReader.PartitionPositionBounds section : sections) {
                byteRanges.add(new long[] {section.lowerPosition, section.upperPosition});
            }
        }
        byteRanges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : byteRanges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1] + MERGE_GAP) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long[] range : merged) {
                long end = Math.min(range[1], data.size());
                try (InputStream in = store.openRange(data.key(), range[0], end)) {
                    long written = channel.transferFrom(Channels.newChannel(in), range[0], end - range[0]);
                    if (written != end - range[0]) {
                        throw new SSTableReadException("expected bytes " + range[0] + "-" + end + ", received " + written);
                    }
                    bytesFetched += written;
                }
            }
        } catch (IOException e) {
            throw new SSTableReadException("cannot write " + file + ": " + e.getMessage(), e);
        }
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
