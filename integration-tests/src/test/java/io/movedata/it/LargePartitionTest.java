package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.store.FileObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;

/**
 * One partition of two million rows is read by a Spark session whose JVM has a 512 MiB heap: the
 * read streams rows through cassandra-all's merge and never holds the partition (DESIGN.md §3).
 *
 * <p>The partition is written in two SSTables whose clustering ranges interleave (even rows, then
 * odd rows), so the read really merges inside the partition. A child JVM
 * ({@link LargePartitionReadMain}) does the read, so the heap cap applies to the whole Spark
 * session and not to this test's JVM.
 */
class LargePartitionTest {
    private static final int ROWS = 2_000_000;
    private static final int PK = 7;
    private static final String HEAP = "-Xmx512m";
    private static final long CHILD_TIMEOUT_SECONDS = 300;

    /** Clustering value of row i: spread over negative and positive ints. */
    private static int ck(int i) {
        return 2 * i - 1_000_000;
    }

    private static long v(int i) {
        return 3L * i + 11;
    }

    @Test
    void twoMillionRowPartitionIsReadWithA512MiBHeap(@TempDir Path temp) throws Exception {
        long started = System.nanoTime();
        Path root = temp.resolve("backup");
        try (FixtureCluster cluster = FixtureCluster.builder()
                .schema("CREATE KEYSPACE lp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};"
                        + "CREATE TABLE lp.big (pk int, ck int, v bigint, PRIMARY KEY (pk, ck))")
                .nodes(1)
                .format("big")
                .bufferSizeMiB(512)
                .build()) {
            String insert = "INSERT INTO lp.big (pk, ck, v) VALUES (?, ?, ?)";
            // Even rows in one SSTable, odd rows in another: the partition spans both, interleaved.
            for (int parity = 0; parity < 2; parity++) {
                for (int i = parity; i < ROWS; i += 2) {
                    cluster.execute(insert, PK, ck(i), v(i));
                }
                cluster.flush();
            }
            ClusterBackupInfo backup = cluster.backup(new FileObjectStore(root), StoreLocation.ofDirectory(root), "b1", BackupMode.FULL);
            assertThat(backup.dataKeys().stream().filter(k -> k.endsWith("-Data.db") && k.contains("/lp/")))
                    .as("the partition is split over two SSTables").hasSize(2);
        }
        long written = System.nanoTime();

        long sumCk = 0;
        long sumV = 0;
        for (int i = 0; i < ROWS; i++) {
            sumCk += ck(i);
            sumV += v(i);
        }

        Map<String, String> result = ChildJvm.run(HEAP, LargePartitionReadMain.class, temp.resolve("child-output.txt"),
                CHILD_TIMEOUT_SECONDS, root.toUri().toString(), "lp.big", "local[1]");
        long read = System.nanoTime();
        assertThat(result).containsEntry("count", Long.toString(ROWS))
                .containsEntry("aggCount", Long.toString(ROWS))
                .containsEntry("partitions", "1")
                .containsEntry("minCk", Integer.toString(ck(0)))
                .containsEntry("maxCk", Integer.toString(ck(ROWS - 1)))
                .containsEntry("sumCk", Long.toString(sumCk))
                .containsEntry("sumV", Long.toString(sumV));
        assertThat(Long.parseLong(result.get("maxHeapMiB"))).as("the child's heap cap").isLessThanOrEqualTo(512);
        System.out.printf("LargePartitionTest: %,d rows in one partition written in %.1f s, read by a %s child in %.1f s: %s%n",
                ROWS, (written - started) / 1e9, HEAP, (read - written) / 1e9, result);
    }
}
