package io.movedata.testkit.cassandra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.movedata.runtime.agent.CassandraJmx;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * One Apache Cassandra node of a {@link CassandraCluster}: a child JVM running Cassandra 5.0 from
 * this JVM's class path, listening on its own loopback address ({@code 127.0.0.<number>}), managed
 * through JMX on {@code 127.0.0.1:}{@link #jmxPort()} like nodetool would.
 *
 * <p>A node keeps its directory, address and ports for its lifetime: {@link #stop()} or
 * {@link #kill()} it and {@link #start()} it again, and it comes back with its data, host id and
 * tokens. Everything it writes lives under {@link #directory()}: {@code data/},
 * {@code commitlog/}, {@code saved_caches/}, {@code hints/}, {@code conf/} (the generated
 * cassandra.yaml) and {@code logs/system.log} (everything the node logs and prints, across
 * restarts).
 *
 * <p>Thread-safe; lifecycle methods of one node are serialized.
 */
public final class CassandraNode {
    /** How many lines of the node's log a failed start reports. */
    private static final int LOG_TAIL_LINES = 40;
    private static final long POLL_MILLIS = 100;
    private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(60);

    private final NodeConfig config;
    private final CassandraCluster cluster;
    private final Duration startTimeout;

    private Process process;
    /** Read without the node's lock by peers waiting to see a starting node join. */
    private volatile CassandraJmx jmx;
    private CqlSession session;
    private UUID hostId;

    CassandraNode(NodeConfig config, CassandraCluster cluster, Duration startTimeout) {
        this.config = config;
        this.cluster = cluster;
        this.startTimeout = startTimeout;
    }

    /** 1 for the first node (the seed), 2, 3. */
    public int number() {
        return config.number();
    }

    /** The loopback address the node listens on for clients and peers, {@code 127.0.0.<number>}. */
    public String address() {
        return config.address();
    }

    /** The CQL port on {@link #address()} (the same for every node of the cluster). */
    public int nativePort() {
        return config.nativePort();
    }

    /** {@link #address()} and {@link #nativePort()}, as a driver contact point. */
    public InetSocketAddress nativeAddress() {
        return new InetSocketAddress(config.address(), config.nativePort());
    }

    /** The inter-node port on {@link #address()} (the same for every node of the cluster). */
    public int storagePort() {
        return config.storagePort();
    }

    /** The node's JMX port on {@code 127.0.0.1} (each node has its own). */
    public int jmxPort() {
        return config.jmxPort();
    }

    /** The node's datacenter, as its snitch reports it. */
    public String datacenter() {
        return config.datacenter();
    }

    /** The node's rack, as its snitch reports it. */
    public String rack() {
        return config.rack();
    }

    /** The node's own directory, holding all of its files. */
    public Path directory() {
        return config.directory();
    }

    /** The node's only {@code data_file_directories} entry: {@code <keyspace>/<table>-<id>/} below it. */
    public Path dataDirectory() {
        return config.dataDirectory();
    }

    /** Everything the node has logged or printed, across restarts. */
    public Path logFile() {
        return config.logFile();
    }

    /**
     * The node's host id, generated at its first start and kept across restarts.
     *
     * @throws IllegalStateException before the node's first start
     */
    public synchronized UUID hostId() {
        if (hostId == null) {
            throw new IllegalStateException("Cassandra " + config.name() + " has not started yet: it has no host id");
        }
        return hostId;
    }

    /** Whether the node's process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the node, or does nothing while it runs. Returns once the node is {@code NORMAL} in
     * its ring, its CQL port accepts connections, and every other running node of the cluster
     * sees it UP with its tokens (and it sees them).
     *
     * @throws IllegalStateException when the node exits or is not ready within the cluster's start
     *     timeout; the message holds the end of its log. The process is gone by then.
     */
    public synchronized CassandraNode start() {
        if (isRunning()) {
            return this;
        }
        releaseConnections();
        config.writeFiles();
        long logOffset = logSize();
        ProcessBuilder builder = new ProcessBuilder(config.command())
                .directory(config.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logFile().toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the JVM of Cassandra " + config.name() + ": " + e.getMessage(), e);
        }
        ChildProcesses.register(process);
        try {
            awaitReady(System.nanoTime() + startTimeout.toNanos(), logOffset);
            hostId = UUID.fromString(jmx.localHostId());
        } catch (RuntimeException e) {
            terminate(true);
            throw e;
        }
        cluster.awaitSessionConnectedTo(this);
        return this;
    }

    /**
     * Stops the node gracefully, or does nothing while it is stopped: drains it through JMX (flush
     * every table, stop accepting requests, tell its peers it is shutting down) and then terminates
     * its process. A restart needs no commit-log replay.
     *
     * @throws IllegalStateException when the drain failed; the process is terminated all the same
     */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        RuntimeException drainFailure = null;
        try {
            jmx.drain();
        } catch (RuntimeException e) {
            drainFailure = e;
        }
        terminate(false);
        if (drainFailure != null) {
            throw drainFailure;
        }
    }

    /**
     * Kills the node's process at once (SIGKILL), or does nothing while it is stopped: no drain, no
     * flush, as in a crash. The next start replays the commit log up to its last sync; with
     * {@code commitlog_sync: periodic} (every 10 s) writes acknowledged since then are lost.
     */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        terminate(true);
    }

    /**
     * Flushes the memtables of {@code tables} of {@code keyspace} (all its tables when none is
     * given) to new SSTables, like {@code nodetool flush}.
     */
    public void flush(String keyspace, String... tables) {
        Objects.requireNonNull(keyspace, "keyspace");
        running().forceKeyspaceFlush(keyspace, tables);
    }

    /**
     * Takes a snapshot named {@code tag} of {@code keyspaces} (all keyspaces when none is given),
     * like {@code nodetool snapshot -t tag}: memtables are flushed, and each table directory gets
     * {@code snapshots/<tag>/} with hard links to its SSTables, {@code manifest.json} and
     * {@code schema.cql}.
     *
     * @throws IllegalStateException when a snapshot of that name exists already, a keyspace is
     *     unknown, or the node is not running
     */
    public void snapshot(String tag, String... keyspaces) {
        Objects.requireNonNull(tag, "tag");
        running().takeSnapshot(tag, keyspaces);
    }

    /** Deletes the snapshots named {@code tag} of {@code keyspaces} (all keyspaces when none is given). */
    public void clearSnapshot(String tag, String... keyspaces) {
        Objects.requireNonNull(tag, "tag");
        running().clearSnapshot(tag, keyspaces);
    }

    /** The node's tokens, in ring order. */
    public List<Long> tokens() {
        return running().tokens().stream().map(Long::valueOf).sorted().toList();
    }

    /** The addresses of the nodes this node's gossip sees as UP, itself included, in ascending order. */
    public List<String> liveNodes() {
        return running().liveNodesWithPort().stream().map(CassandraNode::withoutPort).sorted().toList();
    }

    /** The ring as this node sees it: every token with the address of the node that owns it. */
    public Map<Long, String> tokenRing() {
        Map<Long, String> ring = new TreeMap<>();
        running().tokenToEndpointWithPort().forEach((token, endpoint) -> ring.put(Long.valueOf(token), withoutPort(endpoint)));
        return ring;
    }

    /**
     * The directory of a table's SSTables on this node, {@code <data>/<keyspace>/<table>-<id>},
     * for the table's current id (a dropped and recreated table leaves the old directory behind).
     *
     * @throws IllegalArgumentException when the node has no such table
     */
    public Path tableDirectory(String keyspace, String table) {
        Row row = session().execute("SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                keyspace, table).one();
        if (row == null) {
            throw new IllegalArgumentException("Cassandra " + config.name() + " has no table " + keyspace + "." + table);
        }
        String id = Objects.requireNonNull(row.getUuid("id")).toString().replace("-", "");
        return dataDirectory().resolve(keyspace).resolve(table + "-" + id);
    }

    /**
     * A CQL session that sends every request to this node and no other: this node coordinates
     * each one, so a read at {@code ONE} answers with what this node holds. Shared by callers,
     * closed when the node stops or the cluster closes; do not close it yourself.
     *
     * @throws IllegalStateException when the node is not running
     */
    public synchronized CqlSession session() {
        running();
        if (session == null) {
            session = cluster.newSession(List.of(this), true);
        }
        return session;
    }

    @Override
    public String toString() {
        return "CassandraNode[" + number() + ", " + address() + ", native " + nativePort() + ", jmx " + jmxPort()
                + (isRunning() ? ", running" : ", stopped") + "]";
    }

    /** The JMX connection of a running node, without taking its lock. */
    CassandraJmx jmxIfRunning() {
        return jmx;
    }

    private CassandraJmx running() {
        CassandraJmx j = jmx;
        if (j == null) {
            throw new IllegalStateException("Cassandra " + config.name() + " is not running");
        }
        return j;
    }

    private void awaitReady(long deadline, long logOffset) {
        String self = address() + ":" + storagePort();
        String waitingFor = "its JMX server on 127.0.0.1:" + jmxPort();
        Exception lastError = null;
        while (true) {
            if (!process.isAlive()) {
                throw startFailure("exited with status " + process.exitValue(), logOffset);
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("was not ready within " + startTimeout.toSeconds() + " s, waiting for " + waitingFor
                        + (lastError == null ? "" : " (last error: " + lastError + ")"), logOffset);
            }
            try {
                if (jmx == null) {
                    jmx = CassandraJmx.connect("127.0.0.1", jmxPort());
                }
                waitingFor = notReadyBecause(self);
                if (waitingFor == null) {
                    return;
                }
                lastError = null;
            } catch (RuntimeException e) {
                // JMX not listening yet, or a peer busy: both normal while starting; tried again
                lastError = e;
            }
            sleep();
        }
    }

    /** What the starting node is still waiting for, or null once it is ready. */
    private String notReadyBecause(String self) {
        if (!jmx.registered()) {
            return "StorageService to be registered in JMX";
        }
        String mode = jmx.operationMode();
        if (!"NORMAL".equals(mode)) {
            return "operation mode NORMAL (is " + mode + ")";
        }
        if (!jmx.nativeTransportRunning() || !acceptsConnections(nativeAddress())) {
            return "its CQL port " + nativeAddress();
        }
        List<String> ownTokens = jmx.tokens();
        List<String> seenBySelf = jmx.liveNodesWithPort();
        for (CassandraNode peer : cluster.nodes()) {
            CassandraJmx peerJmx = peer.jmxIfRunning();
            if (peer == this || peerJmx == null) {
                continue;
            }
            String other = peer.address() + ":" + peer.storagePort();
            if (!seenBySelf.contains(other)) {
                return "gossip to see " + peer.config.name() + " UP";
            }
            if (!peerJmx.liveNodesWithPort().contains(self)) {
                return peer.config.name() + " to see it UP";
            }
            Map<String, String> ring = peerJmx.tokenToEndpointWithPort();
            if (!ownTokens.stream().allMatch(token -> self.equals(ring.get(token)))) {
                return peer.config.name() + " to see its tokens";
            }
        }
        return null;
    }

    private static boolean acceptsConnections(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private IllegalStateException startFailure(String what, long logOffset) {
        List<String> lines = logSince(logOffset);
        String error = lines.stream().filter(line -> line.startsWith("Exception (")).findFirst()
                .or(() -> lines.stream().filter(line -> line.contains(" ERROR ")).findFirst())
                .map(line -> ": " + line)
                .orElse("");
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return new IllegalStateException("Cassandra " + config.name() + " of cluster '" + config.clusterName() + "' " + what
                + error + "\nLast lines of " + config.logFile() + ":\n" + String.join("\n", tail));
    }

    /** Ends the process (forcibly, or by SIGTERM and then forcibly after a minute) and forgets its connections. */
    private void terminate(boolean forcibly) {
        releaseConnections();
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(TERMINATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the JMX connection and the CQL session, also those left over from a process that died by itself. */
    private void releaseConnections() {
        CassandraJmx j = jmx;
        jmx = null;
        if (j != null) {
            j.close();
        }
        if (session != null) {
            CqlSession s = session;
            session = null;
            s.close();
        }
    }

    private long logSize() {
        try {
            return Files.exists(config.logFile()) ? Files.size(config.logFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + config.logFile() + ": " + e.getMessage(), e);
        }
    }

    /** The lines the node wrote after {@code offset} (at most the last megabyte of them). */
    private List<String> logSince(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(config.logFile().toFile(), "r")) {
            long length = file.length();
            long from = Math.max(offset, length - 1024 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            return List.of("(cannot read the log: " + e + ")");
        }
    }

    private static String withoutPort(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a Cassandra node to start", e);
        }
    }
}
