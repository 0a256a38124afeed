package io.movedata.it.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.KvNamespaceWriter.KeyOrder;
import io.movedata.it.ChildJvm;
import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;

/**
 * One record of two million items is moved by the {@code key-value} connector in a JVM with a 512
 * MiB heap: the items stream from the co-partitioned read through the transform to the Iceberg
 * write, and the record is never held. Holding it could not work: its values alone are
 * 2,000,000 x 280 bytes = 560 MB, more than the whole heap.
 *
 * <p>The items are written in two SSTables whose keys interleave (even items, then odd ones), so
 * the read merges inside the partition, and every 100,000th item is chunked, so the chunks table
 * streams in step with the items across the record. A child JVM ({@link KvLargeRecordMain}) runs
 * the movement, so the heap cap applies to the whole Spark session.
 */
class KvLargeRecordTest {
    private static final int ITEMS = 2_000_000;
    private static final int VALUE_BYTES = 280;
    private static final int CHUNKED_EVERY = 100_000;
    private static final String HEAP = "-Xmx512m";

    private static String key(int i) {
        return String.format("key-%07d", i);
    }

    /** Item i's value: its number repeated, so SSTables and Parquet compress it while the rows stay 280 bytes. */
    private static byte[] value(int i) {
        return ("item " + i + ";").repeat(VALUE_BYTES / 6).substring(0, VALUE_BYTES).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void recordOfTwoMillionItemsMovesWithA512MiBHeap(@TempDir Path temp) throws Exception {
        long started = System.nanoTime();
        Path root = temp.resolve("backup");
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE lr WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                        + KvNamespaceWriter.schema("lr.big", KeyOrder.ASC))
                .nodes(1)
                .bufferSizeMiB(256)
                .build()) {
            KvNamespaceWriter kv = new KvNamespaceWriter(cluster, "lr.big").chunkSize(100);
            for (int parity = 0; parity < 2; parity++) {
                for (int i = parity; i < ITEMS; i += 2) {
                    KvNamespaceWriter.ItemWrite item = kv.item("big", key(i)).value(value(i));
                    (i % CHUNKED_EVERY == 0 ? item.chunked() : item.inline()).write();
                }
                cluster.flush();
            }
            cluster.backup(new FileObjectStore(root), StoreLocation.ofDirectory(root), "b1", BackupMode.FULL);
        }
        long written = System.nanoTime();

        long sumCrc = 0;
        for (int i = 0; i < ITEMS; i++) {
            CRC32 crc = new CRC32();
            crc.update(value(i));
            sumCrc += crc.getValue();
        }
        Map<String, String> result = ChildJvm.run(HEAP, KvLargeRecordMain.class, temp.resolve("child-output.txt"), 600,
                root.toUri().toString(), temp.resolve("warehouse").toString(), temp.resolve("reports").toString());
        long moved = System.nanoTime();

        assertThat(result).containsEntry("rowsWritten", Long.toString(ITEMS))
                .containsEntry("largestPartitionRows", Long.toString(ITEMS))
                .containsEntry("count", Long.toString(ITEMS))
                .containsEntry("ids", "1")
                .containsEntry("firstKey", key(0))
                .containsEntry("lastKey", key(ITEMS - 1))
                .containsEntry("sumCrc32", Long.toString(sumCrc))
                .containsEntry("sumValueSize", Long.toString((long) ITEMS * VALUE_BYTES));
        assertThat(Long.parseLong(result.get("maxHeapMiB"))).as("the child's heap cap").isLessThanOrEqualTo(512);
        assertThat((long) ITEMS * VALUE_BYTES).as("the record's values alone").isGreaterThan(512L << 20);
        System.out.printf("KvLargeRecordTest: %,d items in one record written in %.1f s, moved by a %s child in %.1f s: %s%n",
                ITEMS, (written - started) / 1e9, HEAP, (moved - written) / 1e9, result);
    }
}
