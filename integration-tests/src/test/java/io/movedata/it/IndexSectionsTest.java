package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.io.sstable.indexsummary.IndexSummary;
import org.apache.cassandra.io.util.File;
import org.apache.cassandra.io.util.FileInputStreamPlus;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.manifest.SSTableFiles;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadSplit;
import io.movedata.runtime.read.SplitReader;
import io.movedata.runtime.sstable.IntegrityException;
import io.movedata.runtime.sstable.OpenedSSTables;
import io.movedata.runtime.sstable.ReadColumn;
import io.movedata.runtime.sstable.ReadScope;
import io.movedata.runtime.sstable.TableDefinition;
import io.movedata.runtime.sstable.TokenRangeScan;
import io.movedata.runtime.spark.ReadOptions;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoredObject;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/**
 * A split of a big-format SSTable fetches from S3 only the sections of Index.db its token range
 * needs, located through Summary.db, and no Filter.db, with exact rows; a damaged entry in a
 * fetched section fails the read by Index.db's structure, as its MD5 cannot be checked on a part.
 */
class IndexSectionsTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("sections");

    /** Narrow partitions, so Index.db is large and its summary has a few dozen samples per SSTable. */
    private static final int PARTITIONS = 6000;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;

    @BeforeAll
    static void writeBackups() {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                        CREATE TABLE ks.narrow (k int PRIMARY KEY, v text);
                        """)
                .nodes(1)
                .build();
        for (int k = 0; k < PARTITIONS; k++) {
            cluster.execute("INSERT INTO ks.narrow (k, v) VALUES (?, ?) USING TIMESTAMP 10", k, value(k));
            if (k == PARTITIONS / 2) {
                cluster.flush();
            }
        }
        try (ObjectStore store = S3.openStore("sections")) {
            cluster.backup(store, S3.location("sections", "intact"), "b1", BackupMode.FULL);
            cluster.backup(store, S3.location("sections", "damaged"), "b1", BackupMode.FULL);
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    private static String value(int k) {
        return CompressedAndPlainTables.randomText(new Random(k), 700);
    }

    private static ReadPlan plan(String prefix) {
        Map<String, String> options = SharedSpark.backupOptions(S3, S3.location("sections", prefix), "ks.narrow", "splitSizeMB", "1");
        return ReadPlanner.plan(ReadOptions.parse(options), null);
    }

    @Test
    void eachSplitFetchesASectionOfIndexDbNoFilterDbAndReadsExactRows() throws Exception {
        ReadPlan plan = plan("intact");
        TableDefinition table = plan.table();
        Map<Integer, String> rows = new TreeMap<>();
        Map<String, List<long[]>> indexRangesOfAllSplits = new HashMap<>();
        Map<String, Long> indexSizes = new HashMap<>();
        Map<String, List<Long>> samples = new HashMap<>();
        assertThat(plan.splits()).hasSizeGreaterThanOrEqualTo(3);
        try (ObjectStore s3 = S3.openStore("sections")) {
            for (ReadSplit split : plan.splits()) {
                RecordingStore store = new RecordingStore(s3);
                ReadScope scope = ReadScope.ranges(List.of(split.range()));
                try (OpenedSSTables opened = table.open(store, split.sstables(), scope, work.resolve("split" + split.index()), "test");
                     TokenRangeScan scan = table.scan(opened, plan.columns(), plan.request().decimal(), scope, plan.nowInSeconds(), "test")) {
                    int k = column(plan, "k");
                    int v = column(plan, "v");
                    while (scan.hasNext()) {
                        InternalRow row = scan.next();
                        int key = row.getInt(k);
                        assertThat(split.range().contains(TableDefinition.token(ByteBuffer.allocate(4).putInt(0, key))))
                                .as("key %d read by split %s", key, split.describe()).isTrue();
                        assertThat(rows.put(key, row.getUTF8String(v).toString())).as("key %d read twice", key).isNull();
                    }
                }
                for (SSTableFiles sstable : split.sstables()) {
                    String index = sstable.components().get("Index.db").key();
                    long size = sstable.components().get("Index.db").size();
                    List<long[]> ranges = store.ranges(index);
                    assertThat(store.wholeReads).doesNotContain(index);
                    assertThat(ranges).as("Index.db ranges of %s", split.describe()).isNotEmpty();
                    assertThat(ranges.stream().mapToLong(r -> r[1] - r[0]).sum()).as("Index.db bytes of %s", split.describe())
                            .isLessThan(size);
                    assertThat(ranges).allSatisfy(r -> assertThat(r[0]).isBetween(0L, r[1]));
                    assertThat(ranges).allSatisfy(r -> assertThat(r[1]).isLessThanOrEqualTo(size));
                    // Each section starts at a summary sample's entry.
                    List<Long> samplePositions = samples.computeIfAbsent(index, key -> samplePositions(s3, sstable));
                    assertThat(ranges).allSatisfy(r -> assertThat(samplePositions).contains(r[0]));
                    indexSizes.put(index, size);
                    indexRangesOfAllSplits.computeIfAbsent(index, key -> new ArrayList<>()).addAll(ranges);
                }
                assertThat(store.wholeReads).noneMatch(key -> key.endsWith("-Filter.db"));
                assertThat(store.rangeReads.keySet()).noneMatch(key -> key.endsWith("-Filter.db"));
            }
        }

        assertThat(rows).hasSize(PARTITIONS);
        rows.forEach((k, v) -> assertThat(v).as("v of key %d", k).isEqualTo(value(k)));
        // Together the splits' sections cover each Index.db: every partition was found.
        indexRangesOfAllSplits.forEach((index, ranges) -> {
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long covered = 0;
            for (long[] range : ranges) {
                assertThat(range[0]).as("%s covered up to %d", index, covered).isLessThanOrEqualTo(covered);
                covered = Math.max(covered, range[1]);
            }
            assertThat(covered).as(index).isEqualTo(indexSizes.get(index));
        });
    }

    @Test
    void aDamagedEntryInAFetchedSectionFailsTheReadNamingIndexDb() throws Exception {
        ReadPlan plan = plan("damaged");
        SSTableFiles sstable = plan.splits().get(0).sstables().get(0);
        String index = sstable.components().get("Index.db").key();
        long entry;
        try (ObjectStore s3 = S3.openStore("sections")) {
            List<Long> samples = samplePositions(s3, sstable);
            entry = samples.get(samples.size() / 2);
            byte[] bytes = s3.readAll(index);
            // The first byte of the entry's key, after its two-byte length.
            bytes[(int) entry + 2] ^= (byte) 0xFF;
            s3.put(index, bytes);
        }

        assertThatThrownBy(() -> {
            for (ReadSplit split : plan.splits()) {
                try (SplitReader reader = new SplitReader(plan.withoutSplits(), split, plan.columns(), work)) {
                    while (reader.hasNext()) {
                        reader.next();
                    }
                }
            }
        }).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("object " + index + ": the entry at byte " + entry + " has another key than sample ");
    }

    private static int column(ReadPlan plan, String name) {
        List<ReadColumn> columns = plan.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name + " in " + columns);
    }

    /**
     * The Index.db positions of the SSTable's summary samples, read with cassandra-all's serializer
     * from its Summary.db (the table's default index intervals).
     */
    private static List<Long> samplePositions(ObjectStore s3, SSTableFiles sstable) {
        Path summary = work.resolve("summaries").resolve(sstable.components().get("Summary.db").key());
        s3.download(sstable.components().get("Summary.db").key(), summary);
        try (FileInputStreamPlus in = new File(summary).newInputStream();
             IndexSummary samples = IndexSummary.serializer.deserialize(in, Murmur3Partitioner.instance, 128, 2048)) {
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                positions.add(samples.getPosition(i));
            }
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The S3 store, recording what is read of each object: whole, or which byte ranges. */
    private static final class RecordingStore implements ObjectStore {
        private final ObjectStore store;
        final List<String> wholeReads = new ArrayList<>();
        final Map<String, List<long[]>> rangeReads = new HashMap<>();

        RecordingStore(ObjectStore store) {
            this.store = store;
        }

        List<long[]> ranges(String key) {
            return rangeReads.getOrDefault(key, List.of());
        }

        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public List<StoredObject> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public List<String> listChildren(String prefix) {
            return store.listChildren(prefix);
        }

        @Override
        public Optional<String> whyEmpty(String prefix) {
            return store.whyEmpty(prefix);
        }

        @Override
        public Optional<StoredObject> stat(String key) {
            return store.stat(key);
        }

        @Override
        public InputStream open(String key) {
            wholeReads.add(key);
            return store.open(key);
        }

        @Override
        public InputStream openRange(String key, long start, long end) {
            rangeReads.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {start, end});
            return store.openRange(key, start, end);
        }

        @Override
        public long download(String key, Path target) {
            wholeReads.add(key);
            return store.download(key, target);
        }

        @Override
        public long download(String key, Path target, ContentDigest digest) {
            wholeReads.add(key);
            return store.download(key, target, digest);
        }

        @Override
        public void put(String key, byte[] bytes) {
            store.put(key, bytes);
        }

        @Override
        public void put(String key, Path file) {
            store.put(key, file);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
