package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Spark's JavaModuleOptions, as in the parent pom's movedata.jvm.opens; used when this JVM's own flags are not visible. */
    private static final List<String> DEFAULT_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-Djdk.attach.allowAttachSelf=true");

    private static final Pattern RESULT = Pattern.compile("^RESULT (.*)$", Pattern.MULTILINE);

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

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(moduleFlags());
        command.add("-cp");
        command.add(testClasspath());
        command.add(LargePartitionReadMain.class.getName());
        command.add(root.toUri().toString());
        command.add("lp.big");
        command.add("local[1]");
        Path output = temp.resolve("child-output.txt");
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        String log;
        try {
            boolean finished = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log = read(output);
            assertThat(finished).as("child JVM finished within %d s; its output:%n%s", CHILD_TIMEOUT_SECONDS, log).isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        long read = System.nanoTime();
        assertThat(child.exitValue()).as("child JVM exit code; its output:%n%s", log).isZero();

        Matcher m = RESULT.matcher(log);
        assertThat(m.find()).as("a RESULT line in the child's output:%n%s", log).isTrue();
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : m.group(1).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        assertThat(result).containsEntry("count", Long.toString(ROWS))
                .containsEntry("aggCount", Long.toString(ROWS))
                .containsEntry("partitions", "1")
                .containsEntry("minCk", Integer.toString(ck(0)))
                .containsEntry("maxCk", Integer.toString(ck(ROWS - 1)))
                .containsEntry("sumCk", Long.toString(sumCk))
                .containsEntry("sumV", Long.toString(sumV));
        assertThat(Long.parseLong(result.get("maxHeapMiB"))).as("the child's heap cap").isLessThanOrEqualTo(512);
        System.out.printf("LargePartitionTest: %,d rows in one partition written in %.1f s, read by a %s child in %.1f s: %s%n",
                ROWS, (written - started) / 1e9, HEAP, (read - written) / 1e9, m.group(1));
    }

    /** This JVM's --add-opens/--add-exports flags (surefire's argLine), or Spark's list when none are visible. */
    private static List<String> moduleFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Djdk.attach.allowAttachSelf")) {
                flags.add(arg);
            }
        }
        return flags.isEmpty() ? DEFAULT_OPENS : flags;
    }

    /** The test classpath: surefire's own record of it when present (java.class.path may be a manifest-only booter jar). */
    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }
}
