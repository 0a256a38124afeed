package io.movedata.testkit.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything one node is started with: its cassandra.yaml, cassandra-rackdc.properties and log
 * configuration under {@code <directory>/conf}, and the command line of its JVM.
 *
 * @param seed address of the node every other node contacts first
 */
record NodeConfig(int number, String address, String clusterName, String datacenter, String rack, List<Long> initialTokens,
                  int storagePort, int nativePort, int jmxPort, String seed, String sstableFormat,
                  String storageCompatibilityMode, boolean hintedHandoff, boolean autoCompaction, int heapMb,
                  Path directory) {

    /**
     * Cassandra 5.0's conf/jvm17-server.options: the modules and packages its server code reaches
     * into reflectively. Without them a node dies early with InaccessibleObjectException.
     */
    private static final List<String> JPMS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    String name() {
        return "node " + number + " (" + address + ")";
    }

    /** The one entry of {@code data_file_directories}. */
    Path dataDirectory() {
        return directory.resolve("data");
    }

    Path logFile() {
        return directory.resolve("logs").resolve("system.log");
    }

    private Path conf() {
        return directory.resolve("conf");
    }

    /**
     * Writes the node's configuration files. Data directories are left to Cassandra, which creates
     * them and says clearly when it cannot.
     */
    void writeFiles() {
        try {
            Files.createDirectories(conf());
            Files.createDirectories(logFile().getParent());
            Files.writeString(conf().resolve("cassandra.yaml"), yaml(), StandardCharsets.UTF_8);
            Files.writeString(conf().resolve("cassandra-rackdc.properties"),
                    "dc=" + datacenter + "\nrack=" + rack + "\n", StandardCharsets.ISO_8859_1);
            Files.writeString(conf().resolve("log4j2.xml"), LOG4J2, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the configuration of Cassandra " + name() + " under " + conf()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * cassandra.yaml: only what differs from Cassandra 5.0's defaults or has no default. Sizes and
     * timeouts suit a few small nodes sharing two cores.
     */
    String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("# Cassandra ").append(name()).append(" of cluster '").append(clusterName)
                .append("', written by io.movedata.testkit.cassandra.CassandraCluster\n");
        y.append("cluster_name: ").append(quote(clusterName)).append('\n');
        y.append("partitioner: org.apache.cassandra.dht.Murmur3Partitioner\n");
        // Tokens are fixed up front (not allocated) so that nodes joining without bootstrap get
        // distinct, evenly spread tokens; Cassandra reads initial_token on first boot only.
        y.append("num_tokens: ").append(initialTokens.size()).append('\n');
        y.append("initial_token: ").append(quote(initialTokens.stream().map(String::valueOf).collect(Collectors.joining(","))))
                .append('\n');
        // The cluster starts empty, so there is nothing to stream: nodes join the ring at once.
        y.append("auto_bootstrap: false\n");
        y.append("listen_address: ").append(address).append('\n');
        y.append("rpc_address: ").append(address).append('\n');
        y.append("storage_port: ").append(storagePort).append('\n');
        y.append("native_transport_port: ").append(nativePort).append('\n');
        y.append("start_native_transport: true\n");
        y.append("seed_provider:\n");
        y.append("  - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n");
        y.append("    parameters:\n");
        y.append("      - seeds: \"").append(seed).append(':').append(storagePort).append("\"\n");
        y.append("endpoint_snitch: GossipingPropertyFileSnitch\n");
        // Without the dynamic snitch a coordinator that is a replica reads from itself first, so a
        // read at ONE through a chosen node shows that node's own data.
        y.append("dynamic_snitch: false\n");
        y.append("data_file_directories:\n");
        y.append("  - ").append(quote(dataDirectory().toString())).append('\n');
        y.append("commitlog_directory: ").append(quote(directory.resolve("commitlog").toString())).append('\n');
        y.append("saved_caches_directory: ").append(quote(directory.resolve("saved_caches").toString())).append('\n');
        y.append("hints_directory: ").append(quote(directory.resolve("hints").toString())).append('\n');
        y.append("commitlog_sync: periodic\n");
        y.append("commitlog_sync_period: 10000ms\n");
        y.append("concurrent_compactors: 1\n");
        y.append("authenticator: AllowAllAuthenticator\n");
        y.append("authorizer: AllowAllAuthorizer\n");
        y.append("hinted_handoff_enabled: ").append(hintedHandoff).append('\n');
        // Snapshot directories then hold only the tags a test takes, not DROP/TRUNCATE safety copies.
        y.append("auto_snapshot: false\n");
        y.append("sstable:\n");
        y.append("  selected_format: ").append(sstableFormat).append('\n');
        y.append("storage_compatibility_mode: ").append(storageCompatibilityMode).append('\n');
        if (!autoCompaction) {
            // The default for every table created without a compaction option: SSTables stay as
            // flushed. Tables that name a strategy keep theirs.
            y.append("default_compaction:\n");
            y.append("  class_name: SizeTieredCompactionStrategy\n");
            y.append("  parameters:\n");
            y.append("    enabled: 'false'\n");
        }
        y.append("file_cache_size: 32MiB\n");
        y.append("read_request_timeout: 10000ms\n");
        y.append("range_request_timeout: 20000ms\n");
        y.append("write_request_timeout: 10000ms\n");
        y.append("request_timeout: 20000ms\n");
        return y.toString();
    }

    /**
     * The node's JVM: this JVM's java and class path, {@link NodeMain}, and the flags of Cassandra
     * 5.0's jvm-server.options, jvm17-server.options and cassandra-env.sh that matter for a test
     * node.
     */
    List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xms" + heapMb + "m");
        c.add("-Xmx" + heapMb + "m");
        c.add("-Xss256k");
        // jvm17-server.options' G1 settings, without its 16 MiB regions: too few for a small heap.
        c.add("-XX:+UseG1GC");
        c.add("-XX:+ParallelRefProcEnabled");
        c.add("-XX:MaxTenuringThreshold=1");
        c.add("-XX:G1RSetUpdatingPauseTimePercent=5");
        c.add("-XX:MaxGCPauseMillis=300");
        c.add("-XX:InitiatingHeapOccupancyPercent=70");
        // Startup on a small machine is CPU-bound: the C1 compiler alone and one GC thread halve a
        // node's start time and CPU use; a test node never runs long enough to profit from C2.
        c.add("-XX:TieredStopAtLevel=1");
        c.add("-XX:CICompilerCount=1");
        c.add("-XX:ParallelGCThreads=1");
        c.add("-XX:ConcGCThreads=1");
        c.add("-XX:+UseThreadPriorities");
        c.add("-XX:+UseTLAB");
        c.add("-XX:+ResizeTLAB");
        c.add("-XX:+PerfDisableSharedMem");
        c.add("-XX:+ExitOnOutOfMemoryError");
        c.add("-ea");
        c.add("-da:net.openhft...");
        c.add("-Djava.net.preferIPv4Stack=true");
        c.add("-Djdk.attach.allowAttachSelf=true");
        c.addAll(JPMS);
        c.add("-Dio.netty.tryReflectionSetAccessible=true");
        c.add("-Dio.netty.allocator.useCacheForAllThreads=true");
        c.add("-Dio.netty.allocator.maxOrder=11");
        // JMX on 127.0.0.1 only, its RMI objects on the same port (one port per node to find).
        c.add("-Dcassandra.jmx.local.port=" + jmxPort);
        c.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
        // Keep stdout and stderr open: they are the node's log file.
        c.add("-Dcassandra-foreground=yes");
        c.add("-Dcassandra.storagedir=" + directory);
        c.add("-Dcassandra.logdir=" + logFile().getParent());
        c.add("-Dcassandra.config=" + conf().resolve("cassandra.yaml").toUri());
        c.add("-Dcassandra-rackdc.properties=" + conf().resolve("cassandra-rackdc.properties").toUri());
        c.add("-Dlog4j2.configurationFile=" + conf().resolve("log4j2.xml"));
        // Test-cluster settings, as Cassandra's own distributed tests use them: no fixed 5+ s wait
        // for gossip to settle, no 100,000-entry memtable measurement at startup, and a shorter
        // pause after announcing a shutdown to peers that are all on this machine.
        c.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        c.add("-Dcassandra.memtable_row_overhead_computation_step=100");
        c.add("-Dcassandra.shutdown_announce_in_ms=500");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(NodeMain.class.getName());
        return c;
    }

    /**
     * log4j2 writes to standard output, which the node's log file receives together with the JVM's
     * own messages. Other SLF4J providers log to the console by default and land there too. Log4j's
     * shutdown hook is off so that Cassandra's shutdown is logged to the end.
     */
    private static final String LOG4J2 = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Configuration status="warn" shutdownHook="disable">
              <Appenders>
                <Console name="stdout" target="SYSTEM_OUT">
                  <PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Root level="INFO">
                  <AppenderRef ref="stdout"/>
                </Root>
              </Loggers>
            </Configuration>
            """;

    /** A YAML single-quoted scalar. */
    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
