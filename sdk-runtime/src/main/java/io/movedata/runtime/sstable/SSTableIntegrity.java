package io.movedata.runtime.sstable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.dht.IPartitioner;
import org.apache.cassandra.io.compress.CompressionMetadata;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.io.sstable.format.big.IndexSummaryComponent;
import org.apache.cassandra.io.sstable.format.bti.PartitionIndex;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.utils.Pair;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ObjectChecksums;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;

/**
 * The checks an SSTable's components pass before a read trusts them (docs/reading.md, Integrity):
 * each component read whole against the MD5 the backup lists and a whole Data.db against its
 * {@code Digest.crc32}; then, once opened, that the components belong together.
 */
final class SSTableIntegrity {
    static final String DIGEST = "Digest.crc32";
    private static final String SUMMARY = "Summary.db";
    private static final String PARTITIONS = "Partitions.db";
    private static final String COMPRESSION_INFO = "CompressionInfo.db";

    private SSTableIntegrity() {}

    /**
     * Compares the components read whole with their listed checksums.
     *
     * @param digests the digest of each component read whole, by component
     * @param files the local file of each component
     * @throws IntegrityException naming node, object, found and expected checksum
     */
    static void checkWhole(ObjectStore store, SSTableFiles sstable, Map<String, ContentDigest> digests,
                           Map<String, Path> files, String where) {
        digests.forEach((component, digest) -> ObjectChecksums.md5Mismatch(store, sstable.node(),
                sstable.components().get(component), digest).ifPresent(problem -> fail(where, problem)));
        ContentDigest data = digests.get(SSTableFiles.DATA);
        ManifestObject digestObject = sstable.components().get(DIGEST);
        if (data != null && digestObject != null) {
            ObjectChecksums.digestMismatch(sstable.node(), sstable.data(), data.crc32(), digestObject, read(files.get(DIGEST)))
                    .ifPresent(problem -> fail(where, problem));
        }
    }

    /**
     * Whether the opened SSTable's components describe the same SSTable, by what each states
     * cheaply: the first and last partition key of Statistics.db (formats that record them) and of
     * Summary.db (big) or Partitions.db (bti), and that CompressionInfo.db's chunks end inside Data.db.
     *
     * @throws IntegrityException naming the components that disagree and what each states
     */
    static void crossCheck(SSTableReader reader, SSTableFiles sstable, Map<String, Path> files, String where) {
        if (reader.descriptor.version.hasKeyRange()) {
            boolean bti = files.containsKey(PARTITIONS);
            Path index = files.get(bti ? PARTITIONS : SUMMARY);
            if (index != null) {
                Pair<DecoratedKey, DecoratedKey> keys = indexKeys(index, bti, reader.getPartitioner(), sstable, where);
                if (!keys.left.equals(reader.getFirst()) || !keys.right.equals(reader.getLast())) {
                    fail(where, sstable.describe() + ": " + sstable.components().get(SSTableBounds.STATISTICS).key() + " states "
                            + tokens(reader.getFirst(), reader.getLast()) + " but " + sstable.components().get(bti ? PARTITIONS : SUMMARY).key()
                            + " states " + tokens(keys.left, keys.right) + ": the components are not of one SSTable");
                }
            }
        }
        if (reader.compression) {
            CompressionMetadata compression = reader.getCompressionMetadata();
            if (compression.dataLength > 0) {
                CompressionMetadata.Chunk last = compression.chunkFor(compression.dataLength - 1);
                if (last.length <= 0 || last.offset >= compression.compressedFileLength) {
                    fail(where, sstable.describe() + ": " + sstable.components().get(COMPRESSION_INFO).key() + " places the last chunk at byte "
                            + last.offset + " but " + sstable.data().key() + " has " + compression.compressedFileLength
                            + " bytes: the components are not of one SSTable");
                }
            }
        }
    }

    private static Pair<DecoratedKey, DecoratedKey> indexKeys(Path index, boolean bti, IPartitioner partitioner,
                                                             SSTableFiles sstable, String where) {
        try {
            return bti ? PartitionIndex.readFirstAndLastKey(new File(index), partitioner)
                    : IndexSummaryComponent.loadFirstAndLastKey(new File(index), partitioner);
        } catch (IOException | RuntimeException e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot read the first and last key of "
                    + index.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String tokens(DecoratedKey first, DecoratedKey last) {
        return "partitions from token " + first.getToken() + " to " + last.getToken();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SSTableReadException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void fail(String where, String problem) {
        throw new IntegrityException(where + ": " + problem);
    }
}
