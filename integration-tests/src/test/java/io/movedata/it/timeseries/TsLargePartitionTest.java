package io.movedata.it.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.it.ChildJvm;
import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;

/**
 * One partition of two million items (200,000 events of 10 items: one series, one time bucket,
 * one event bucket) is moved by the {@code timeseries} connector in a JVM with a 512 MiB heap: the
 * items stream from the read through the per-partition assembly to the Iceberg write, one event at
 * a time, and the partition is never held. Holding it could not work: its values alone are
 * 2,000,000 x 280 bytes = 560 MB, more than the whole heap.
 *
 * <p>The events are written in two SSTables whose rows interleave (even events, then odd ones), so
 * the read merges inside the partition. A child JVM ({@link TsLargePartitionMain}) runs the
 * movement, so the heap cap applies to the whole Spark session.
 */
class TsLargePartitionTest {
    private static final int EVENTS = 200_000;
    private static final int ITEMS_PER_EVENT = 10;
    private static final int VALUE_BYTES = 280;
    private static final String HEAP = "-Xmx512m";
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    /** Item {@code i} of event {@code e}'s value: its numbers repeated, so SSTables and Parquet compress it. */
    private static byte[] value(int e, int i) {
        return ("event " + e + " item " + i + ";").repeat(VALUE_BYTES / 10).substring(0, VALUE_BYTES)
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aPartitionOfTwoMillionItemsMovesWithA512MiBHeap(@TempDir Path temp) throws Exception {
        long started = System.nanoTime();
        Path root = temp.resolve("backup");
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE lp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
                        + TimeSeriesWriter.schema("lp", "big", List.of("big_1")))
                .nodes(1)
                .bufferSizeMiB(256)
                .build()) {
            TimeSeriesWriter ts = new TimeSeriesWriter(cluster, "lp", "big").recording(false);
            ts.slice("big_1", START, START.plusSeconds(86_400)).secondsPerBucket(86_400).eventBuckets(1).write();
            for (int parity = 0; parity < 2; parity++) {
                for (int e = parity; e < EVENTS; e += 2) {
                    TimeSeriesWriter.EventWrite event = ts.event("big", START.plusMillis(e), "e" + e);
                    for (int i = 0; i < ITEMS_PER_EVENT; i++) {
                        event.item(ts.item("k" + i).value(value(e, i)));
                    }
                    event.write();
                }
                cluster.flush();
            }
            cluster.backup(new FileObjectStore(root), StoreLocation.ofDirectory(root), "b1", BackupMode.FULL);
        }
        long written = System.nanoTime();

        long sumCrc = 0;
        for (int e = 0; e < EVENTS; e++) {
            for (int i = 0; i < ITEMS_PER_EVENT; i++) {
                // As the child sums it: the item with its event id, key and event time.
                CRC32 crc = new CRC32();
                crc.update(("e" + e + "|k" + i + "|" + (START.toEpochMilli() + e) + "|").getBytes(StandardCharsets.US_ASCII));
                crc.update(value(e, i));
                sumCrc += crc.getValue();
            }
        }
        Map<String, String> result = ChildJvm.run(HEAP, TsLargePartitionMain.class, temp.resolve("child-output.txt"), 900,
                root.toUri().toString(), temp.resolve("warehouse").toString(), temp.resolve("reports").toString());
        long moved = System.nanoTime();

        assertThat(result).containsEntry("rowsWritten", Long.toString(EVENTS))
                .containsEntry("largestPartitionRows", Long.toString((long) EVENTS * ITEMS_PER_EVENT))
                .containsEntry("events", Long.toString(EVENTS))
                .containsEntry("items", Long.toString((long) EVENTS * ITEMS_PER_EVENT))
                .containsEntry("series", "1")
                .containsEntry("first", Long.toString(START.toEpochMilli()))
                .containsEntry("last", Long.toString(START.toEpochMilli() + EVENTS - 1))
                .containsEntry("sumCrc32", Long.toString(sumCrc));
        assertThat(Long.parseLong(result.get("maxHeapMiB"))).as("the child's heap cap").isLessThanOrEqualTo(512);
        assertThat((long) EVENTS * ITEMS_PER_EVENT * VALUE_BYTES).as("the partition's values alone").isGreaterThan(512L << 20);
        System.out.printf("TsLargePartitionTest: %,d items in one partition written in %.1f s, moved by a %s child in %.1f s: %s%n",
                EVENTS * ITEMS_PER_EVENT, (written - started) / 1e9, HEAP, (moved - written) / 1e9, result);
    }
}
