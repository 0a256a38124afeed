package io.movedata.runtime.sstable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.db.PartitionPosition;
import org.apache.cassandra.io.sstable.format.SSTableReader;
import org.apache.cassandra.io.sstable.format.big.BigTableKeyReader;
import org.apache.cassandra.io.sstable.format.big.BigTableReader;
import org.apache.cassandra.io.sstable.format.big.IndexSummaryComponent;
import org.apache.cassandra.io.sstable.indexsummary.IndexSummary;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.utils.ByteBufferUtil;
import org.apache.cassandra.utils.Pair;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ObjectChecksums;
import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.store.ObjectStore;

/**
 * The sections of a big-format Index.db a read's scanners use, located through the SSTable's
 * Summary.db with cassandra-all's {@link IndexSummary}, fetched into a sparse local file of the
 * object's size as {@link DataSections} does for Data.db.
 *
 * <p>A scan of a token range seeks Index.db to the summary sample at or before its first key and
 * reads entries until the first past its last key, which lies before the sample after the last
 * sample at or before that key: a section runs from the first of these samples to the start of
 * the second sample after the last (or to the end of the file).
 *
 * <p>Index.db has no checksum of its own parts, so bytes fetched in sections are checked by their
 * structure once the SSTable is open ({@link #check}); an Index.db every section of which together
 * covers the whole file is fetched whole and checked against its MD5 instead.
 */
final class IndexSections {
    static final String INDEX = "Index.db";
    static final String SUMMARY = "Summary.db";
    private static final int COPY_BUFFER = 64 * 1024;

    /** Bytes {@code [start, end)} of Index.db, starting at the entry of summary sample {@code firstSample}. */
    record Section(int firstSample, long start, long end) {}

    private IndexSections() {}

    /**
     * The sections of Index.db that reading {@code scope} uses, in file order and merged; empty when
     * they are the whole file or Summary.db cannot be used (cassandra-all would then rebuild the
     * summary by reading all of Index.db, so it must be fetched whole).
     *
     * @param summary the local Summary.db, already checked against its listed MD5
     * @param indexSize the size of Index.db
     */
    static Optional<List<Section>> locate(Path summary, TableMetadata metadata, ReadScope scope, long indexSize) {
        IndexSummaryComponent component;
        try {
            component = IndexSummaryComponent.load(new File(summary), metadata);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (component == null) {
            return Optional.empty();
        }
        try (IndexSummary samples = component.indexSummary) {
            if (samples.size() == 0) {
                return Optional.empty();
            }
            List<Section> sections = new ArrayList<>();
            for (Pair<PartitionPosition, PartitionPosition> extent : scope.extents()) {
                int first = sampleAtOrBefore(samples, extent.left);
                int last = extent.right == null ? samples.size() - 1 : sampleAtOrBefore(samples, extent.right);
                long end = last + 2 < samples.size() ? samples.getPosition(last + 2) : indexSize;
                sections.add(new Section(first, samples.getPosition(first), end));
            }
            List<Section> merged = merged(sections);
            return merged.size() == 1 && merged.get(0).start() == 0 && merged.get(0).end() == indexSize
                    ? Optional.empty() : Optional.of(merged);
        }
    }

    /** The last sample at or before {@code position}, or the first when there is none. */
    private static int sampleAtOrBefore(IndexSummary samples, PartitionPosition position) {
        return Math.max(0, IndexSummary.getIndexFromBinarySearchResult(samples.binarySearch(position)));
    }

    /** Sections in file order, overlapping or close ones joined (a small gap costs less than another request). */
    private static List<Section> merged(List<Section> sections) {
        List<Section> sorted = new ArrayList<>(sections);
        sorted.sort(Comparator.comparingLong(Section::start));
        List<Section> merged = new ArrayList<>();
        for (Section section : sorted) {
            Section previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && section.start() <= previous.end() + DataSections.MERGE_GAP) {
                merged.set(merged.size() - 1, new Section(previous.firstSample(), previous.start(), Math.max(previous.end(), section.end())));
            } else {
                merged.add(section);
            }
        }
        return merged;
    }

    /**
     * Fetches {@code sections} of {@code index} into {@code file}, a sparse file of its size.
     *
     * @return the bytes fetched
     */
    static long fetch(ObjectStore store, ManifestObject index, List<Section> sections, Path file) throws IOException {
        long fetched = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (Section section : sections) {
                long position = section.start();
                try (InputStream in = store.openRange(index.key(), section.start(), section.end())) {
                    int read;
                    while (position < section.end()
                            && (read = in.read(buffer, 0, (int) Math.min(buffer.length, section.end() - position))) > 0) {
                        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                        while (bytes.hasRemaining()) {
                            position += channel.write(bytes, position);
                        }
                    }
                }
                if (position != section.end()) {
                    throw new SSTableReadException("expected bytes " + section.start() + "-" + section.end() + ", received "
                            + (position - section.start()));
                }
                fetched += section.end() - section.start();
            }
        }
        return fetched;
    }

    /**
     * Checks the fetched sections of the opened SSTable's Index.db by their structure, reading them
     * with cassandra-all's own key reader: at every summary sample in a section an entry starts and
     * has the sample's key; keys strictly increase in token order; Data.db positions strictly
     * increase and lie inside Data.db. A damaged length or key desynchronizes the walk from the
     * samples, so it fails; a damaged byte inside an entry between two samples that keeps its
     * structure is not seen (an Index.db fetched whole is checked by its MD5).
     *
     * @throws IntegrityException naming node, object, the entry's position and what is wrong
     */
    static void check(SSTableReader reader, List<Section> sections, SSTableFiles sstable, String where) {
        IndexSummary samples = ((BigTableReader) reader).getIndexSummary();
        String object = ObjectChecksums.describe(sstable.node(), sstable.components().get(INDEX));
        long dataLength = reader.uncompressedLength();
        try (BigTableKeyReader entries = (BigTableKeyReader) reader.keyReader()) {
            for (Section section : sections) {
                int sample = section.firstSample();
                DecoratedKey previousKey = null;
                long previousData = -1;
                entries.indexPosition(section.start());
                // The key reader's entry starts at "keyPositionForSecondaryIndex"; its indexPosition is the next entry's.
                while (!entries.isExhausted() && entries.keyPositionForSecondaryIndex() < section.end()) {
                    long at = entries.keyPositionForSecondaryIndex();
                    if (sample < samples.size() && samples.getPosition(sample) < at) {
                        SSTableIntegrity.fail(where, object + ": no entry starts at byte " + samples.getPosition(sample)
                                + ", where " + sstable.components().get(SUMMARY).key() + " places sample " + sample);
                    }
                    if (sample < samples.size() && samples.getPosition(sample) == at) {
                        if (!Arrays.equals(samples.getKey(sample), ByteBufferUtil.getArray(entries.key()))) {
                            SSTableIntegrity.fail(where, object + ": the entry at byte " + at + " has another key than sample "
                                    + sample + " of " + sstable.components().get(SUMMARY).key());
                        }
                        sample++;
                    }
                    DecoratedKey key = reader.getPartitioner().decorateKey(entries.key());
                    if (previousKey != null && key.compareTo(previousKey) <= 0) {
                        SSTableIntegrity.fail(where, object + ": the entry at byte " + at + " has a key not after the previous entry's");
                    }
                    if (entries.dataPosition() <= previousData || entries.dataPosition() >= dataLength) {
                        SSTableIntegrity.fail(where, object + ": the entry at byte " + at + " places its partition at byte "
                                + entries.dataPosition() + " of Data.db, not after " + previousData + " and before " + dataLength);
                    }
                    previousKey = key;
                    previousData = entries.dataPosition();
                    entries.advance();
                }
                if (sample < samples.size() && samples.getPosition(sample) < section.end()) {
                    SSTableIntegrity.fail(where, object + ": no entry starts at byte " + samples.getPosition(sample)
                            + ", where " + sstable.components().get(SUMMARY).key() + " places sample " + sample);
                }
            }
        } catch (IntegrityException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            SSTableIntegrity.fail(where, object + ": its entries cannot be read: " + e);
        }
    }
}
