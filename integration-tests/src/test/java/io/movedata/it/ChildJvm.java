package io.movedata.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.spark.NioLocalFileSystem;

/**
 * A main class run in a child JVM on the test classpath with a heap cap of its own, so the cap
 * applies to the whole Spark session and not to the test's JVM. The child prints one line
 * {@code RESULT k=v k=v ...}; {@link #run} returns those pairs, after failing the test when the
 * child did not finish in time, exited non-zero or printed no such line (with the child's output).
 */
public final class ChildJvm {
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

    private ChildJvm() {}

    /**
     * Runs {@code main} with {@code args} under {@code heap} (e.g. {@code -Xmx512m}); an
     * OutOfMemoryError ends the child at once. Its output goes to {@code output}.
     */
    public static Map<String, String> run(String heap, Class<?> main, Path output, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(moduleFlags());
        command.add("-cp");
        command.add(testClasspath());
        command.add(main.getName());
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        String log;
        try {
            boolean finished = child.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            log = read(output);
            assertThat(finished).as("child JVM finished within %d s; its output:%n%s", timeoutSeconds, log).isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(child.exitValue()).as("child JVM exit code; its output:%n%s", log).isZero();
        Matcher m = RESULT.matcher(log);
        assertThat(m.find()).as("a RESULT line in the child's output:%n%s", log).isTrue();
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : m.group(1).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return result;
    }

    /** A child's Spark session: {@code master} on the loopback address, no UI, one shuffle partition. */
    public static SparkSession session(String master, String appName) {
        return SparkSession.builder()
                .master(master)
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1")
                .config(NioLocalFileSystem.SPARK_SETTING, NioLocalFileSystem.class.getName())
                .getOrCreate();
    }

    /**
     * For a child's {@code RESULT} line: its heap cap and the peak use of its heap pools, in MiB
     * ({@code maxHeapMiB=.. peakHeapPoolsMiB=..}).
     */
    public static String heapFigures() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return "maxHeapMiB=" + (Runtime.getRuntime().maxMemory() >> 20) + " peakHeapPoolsMiB=" + (peak >> 20);
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
