package io.movedata.runtime.sstable;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.apache.cassandra.io.compress.CompressionMetadata;
import org.apache.cassandra.io.sstable.format.SSTableReader;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ObjectChecksums;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.ObjectStore;

/**
 * Fetches the parts of a big-format Data.db a read uses into a sparse local file of the object's
 * size, checking every chunk they cover by its CRC32 as it arrives: a compressed chunk against the
 * checksum stored after it, an uncompressed one against CRC.db (the ranges are widened to CRC.db's
 * chunks so whole chunks are checked). A read never sees a byte of Data.db that failed its check.
 */
final class DataSections {
    static final String CRC = "CRC.db";
    /** Compressed chunks are followed by a 4-byte checksum. */
    private static final int CHECKSUM_BYTES = 4;
    /** Gaps below this are fetched rather than paying for another request. */
    static final long MERGE_GAP = 256 * 1024;

    /**
     * One checksummed piece of Data.db.
     *
     * @param trailingChecksum whether the CRC32 follows the chunk in Data.db (compressed) rather than in CRC.db
     * @param expected CRC.db's CRC32 of the chunk, when not trailing
     */
    private record Chunk(long offset, int length, boolean trailingChecksum, int expected) {
        long end() {
            return offset + length + (trailingChecksum ? CHECKSUM_BYTES : 0);
        }
    }

    private DataSections() {}

    /**
     * Fetches and checks the chunks holding {@code sections} into {@code file}.
     *
     * @param crcFile the SSTable's local CRC.db, for an uncompressed Data.db
     * @return the bytes fetched
     * @throws IntegrityException naming node, object, chunk, found and expected CRC32
     */
    static long fetch(ObjectStore store, SSTableFiles sstable, SSTableReader reader,
                      List<SSTableReader.PartitionPositionBounds> sections, Path file, Path crcFile, String where) {
        ManifestObject data = sstable.data();
        List<Chunk> chunks = reader.compression ? compressedChunks(reader, sections)
                : uncompressedChunks(sstable, sections, data.size(), crcFile, where);
        long fetched = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (List<Chunk> range : merged(chunks)) {
                long start = range.get(0).offset();
                long end = range.get(range.size() - 1).end();
                try (InputStream in = store.openRange(data.key(), start, end)) {
                    long position = start;
                    for (Chunk chunk : range) {
                        // Bytes between needed chunks are fetched with them (cheaper than another request) but never read.
                        write(channel, in.readNBytes((int) (chunk.offset() - position)), position);
                        byte[] bytes = in.readNBytes((int) (chunk.end() - chunk.offset()));
                        check(chunk, bytes, sstable, where);
                        write(channel, bytes, chunk.offset());
                        position = chunk.end();
                    }
                }
                fetched += end - start;
            }
        } catch (IOException e) {
            throw new SSTableReadException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return fetched;
    }

    private static void write(FileChannel channel, byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }

    private static void check(Chunk chunk, byte[] bytes, SSTableFiles sstable, String where) {
        if (bytes.length != chunk.end() - chunk.offset()) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": expected bytes " + chunk.offset() + "-"
                    + chunk.end() + ", received " + bytes.length);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, chunk.length());
        int found = (int) crc.getValue();
        int expected = chunk.trailingChecksum() ? ByteBuffer.wrap(bytes, chunk.length(), CHECKSUM_BYTES).getInt() : chunk.expected();
        if (found != expected) {
            SSTableIntegrity.fail(where, ObjectChecksums.describe(sstable.node(), sstable.data()) + ": chunk at bytes "
                    + chunk.offset() + "-" + (chunk.offset() + chunk.length()) + " has CRC32 " + Integer.toUnsignedString(found)
                    + " but " + (chunk.trailingChecksum() ? "the checksum stored after it is "
                    : sstable.components().get(CRC).key() + " lists ") + Integer.toUnsignedString(expected));
        }
    }

    private static List<Chunk> compressedChunks(SSTableReader reader, List<SSTableReader.PartitionPositionBounds> sections) {
        List<Chunk> chunks = new ArrayList<>();
        for (CompressionMetadata.Chunk chunk : reader.getCompressionMetadata().getChunksForSections(sections)) {
            chunks.add(new Chunk(chunk.offset, chunk.length, true, 0));
        }
        return chunks;
    }

    /**
     * The CRC.db chunks covering {@code sections}, after checking CRC.db has one checksum per chunk
     * of a Data.db of {@code dataSize} bytes.
     */
    private static List<Chunk> uncompressedChunks(SSTableFiles sstable, List<SSTableReader.PartitionPositionBounds> sections,
                                                  long dataSize, Path crcFile, String where) {
        if (crcFile == null) {
            throw new IntegrityException(where + ": " + sstable.describe() + " has no " + CRC
                    + ": its uncompressed Data.db cannot be checked; refused");
        }
        TreeMap<Long, Chunk> chunks = new TreeMap<>();
        try (RandomAccessFile crc = new RandomAccessFile(crcFile.toFile(), "r")) {
            int chunkSize = crc.readInt();
            long expectedChunks = chunkSize <= 0 ? -1 : (dataSize + chunkSize - 1) / chunkSize;
            long listed = (crc.length() - Integer.BYTES) / Integer.BYTES;
            if (expectedChunks != listed) {
                SSTableIntegrity.fail(where, sstable.describe() + ": " + sstable.components().get(CRC).key() + " lists " + listed
                        + " chunks of " + chunkSize + " bytes but " + sstable.data().key() + " has " + dataSize
                        + " bytes: the components are not of one SSTable");
            }
            for (SSTableReader.PartitionPositionBounds section : sections) {
                for (long index = section.lowerPosition / chunkSize; index * chunkSize < section.upperPosition; index++) {
                    if (!chunks.containsKey(index)) {
                        crc.seek(Integer.BYTES + index * Integer.BYTES);
                        long offset = index * chunkSize;
                        chunks.put(index, new Chunk(offset, (int) Math.min(chunkSize, dataSize - offset), false, crc.readInt()));
                    }
                }
            }
        } catch (IOException e) {
            throw new SSTableReadException(where + " " + sstable.describe() + ": cannot read " + crcFile + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(chunks.values());
    }

    /** Chunks in offset order, grouped into ranges fetched by one request each. */
    private static List<List<Chunk>> merged(List<Chunk> chunks) {
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        List<List<Chunk>> ranges = new ArrayList<>();
        List<Chunk> current = null;
        long currentEnd = 0;
        for (Chunk chunk : sorted) {
            if (current != null && chunk.offset() < currentEnd) {
                continue; // the same chunk, needed by two sections
            }
            if (current == null || chunk.offset() > currentEnd + MERGE_GAP) {
                current = new ArrayList<>();
                ranges.add(current);
            }
            current.add(chunk);
            currentEnd = chunk.end();
        }
        return ranges;
    }
}
