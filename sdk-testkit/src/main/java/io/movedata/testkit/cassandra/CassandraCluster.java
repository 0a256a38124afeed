package io.movedata.testkit.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.NodeState;

import io.movedata.testkit.net.Ports;

/**
 * A real Apache Cassandra 5.0 cluster of one to three nodes on this machine, for tests: each node
 * is a child JVM started from this JVM's class path (cassandra-all and its dependencies), on its
 * own loopback address {@code 127.0.0.1}, {@code .2}, {@code .3}, with a generated cassandra.yaml
 * under {@link #directory()}.
 *
 * <pre>{@code
 * try (CassandraCluster cluster = CassandraCluster.builder().nodes(3).sstableFormat("bti")
 *         .storageCompatibilityMode("NONE").start()) {
 *     CqlSession session = cluster.session();
 *     session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}");
 *     ...
 *     cluster.node(2).snapshot("backup-1", "ks");
 * }
 * }</pre>
 *
 * <p>All nodes are in one datacenter ({@code GossipingPropertyFileSnitch}, so JMX and
 * {@code system.local} report the configured datacenter and racks). Node 1 is the seed. Tokens
 * are fixed before the first start: {@link Builder#numTokens} per node, evenly spread and
 * interleaved over the Murmur3 ring, unless given with {@link Builder#initialTokens}. The nodes
 * share one CQL port and one storage port, chosen free when the cluster starts; each has its own
 * JMX port on {@code 127.0.0.1}.
 *
 * <p>Test-friendly settings: no automatic compaction (SSTables stay as flushed; see
 * {@link Builder#autoCompaction}), no hinted handoff (a replica that was down misses the writes it
 * missed until repair or read repair; see {@link Builder#hintedHandoff}), no snapshots on DROP or
 * TRUNCATE, no authentication, periodic commit-log sync.
 *
 * <p>{@link #close()} closes the sessions and ends every node through its own process handle; a
 * JVM shutdown hook kills nodes still running when this JVM exits, and a node halts by itself when
 * the JVM that started it is gone. Nodes log to {@code node<i>/logs/system.log}; a node that does
 * not start fails with the end of that log. Thread-safe.
 */
public final class CassandraCluster implements AutoCloseable {
    /** The cluster names, datacenter and rack names this class accepts. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,48}");
    private static final Duration RECONNECTION_DELAY = Duration.ofMillis(500);
    private static final Duration SESSION_RECONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Builder settings;
    private final Path directory;
    private final boolean ownsDirectory;
    /** Set once by the first start; read without the lock by nodes waiting for their peers. */
    private volatile List<CassandraNode> nodes;
    /** Read without the lock by nodes that wait until it sees them after a restart. */
    private volatile CqlSession session;
    private boolean closed;

    private CassandraCluster(Builder settings, Path directory, boolean ownsDirectory) {
        this.settings = settings;
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
    }

    /** Starts describing a cluster: one node, formats and settings of a stock Cassandra 5.0. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node that is not running, one after another and node 1 (the seed) first, each
     * once the previous one is UP in the ring. The first call chooses the ports.
     *
     * @throws IllegalStateException when a node does not start (with the end of its log); the nodes
     *     started before it keep running until {@link #close()}
     */
    public synchronized CassandraCluster start() {
        ensureOpen();
        if (nodes == null) {
            nodes = createNodes();
        }
        for (CassandraNode node : nodes) {
            node.start();
        }
        return this;
    }

    /** The nodes, node 1 first. */
    public List<CassandraNode> nodes() {
        List<CassandraNode> all = nodes;
        if (all == null) {
            throw new IllegalStateException("The cluster has not started: call start() first");
        }
        return all;
    }

    /**
     * Node {@code number}, counting from 1.
     *
     * @throws IllegalArgumentException when the cluster has no such node
     */
    public CassandraNode node(int number) {
        List<CassandraNode> all = nodes();
        if (number < 1 || number > all.size()) {
            throw new IllegalArgumentException("The cluster has nodes 1 to " + all.size() + ", not " + number);
        }
        return all.get(number - 1);
    }

    /** The cluster's name, as in cassandra.yaml. */
    public String name() {
        return settings.clusterName;
    }

    /** The datacenter of every node; the local datacenter of the sessions. */
    public String datacenter() {
        return settings.datacenter;
    }

    /** The directory holding one directory per node ({@code node1}, {@code node2}, ...). */
    public Path directory() {
        return directory;
    }

    /**
     * A CQL session on every node of the cluster (the driver's default load balancing over the
     * local datacenter), opened on first use and shared; closed by {@link #close()}, not by callers.
     * For requests coordinated by one given node, use {@link CassandraNode#session()}.
     */
    public synchronized CqlSession session() {
        ensureOpen();
        if (session == null) {
            List<CassandraNode> running = nodes().stream().filter(CassandraNode::isRunning).toList();
            if (running.isEmpty()) {
                throw new IllegalStateException("No node of cluster '" + name() + "' is running");
            }
            session = newSession(running, false);
        }
        return session;
    }

    /**
     * Closes the sessions and ends the running nodes: a cluster in a temporary directory kills its
     * nodes and deletes the directory; a cluster in a given directory stops them gracefully (as
     * {@link CassandraNode#stop()}), leaving flushed SSTables behind. Idempotent.
     */
    @Override
    public void close() {
        List<CassandraNode> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (session != null) {
                session.close();
                session = null;
            }
            toStop = nodes == null ? List.of() : nodes;
        }
        List<RuntimeException> failures = stopAll(toStop);
        if (ownsDirectory) {
            try {
                deleteRecursively(directory);
            } catch (IOException e) {
                failures.add(new UncheckedIOException("Cannot delete the cluster directory " + directory + ": " + e.getMessage(), e));
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public String toString() {
        return "CassandraCluster[" + name() + ", " + settings.nodes + " node(s), " + directory + "]";
    }

    /**
     * Waits until the shared session, if open, has connections to {@code node} again. The driver
     * reconnects to a restarted node on its own, but only at its next reconnection attempt; a test
     * using the session right after a restart must not find the node missing.
     */
    void awaitSessionConnectedTo(CassandraNode node) {
        CqlSession s = session;
        if (s == null) {
            return;
        }
        long deadline = System.nanoTime() + SESSION_RECONNECT_TIMEOUT.toNanos();
        while (!connected(s, node)) {
            if (s.isClosed()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cassandra node " + node.number() + " (" + node.address() + ") has started, but the"
                        + " cluster's session did not reconnect to it within " + SESSION_RECONNECT_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(RECONNECTION_DELAY.toMillis() / 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the session to reconnect to node " + node.number(), e);
            }
        }
    }

    private static boolean connected(CqlSession session, CassandraNode node) {
        return session.getMetadata().getNodes().values().stream().anyMatch(n ->
                node.nativeAddress().equals(n.getEndPoint().resolve()) && n.getState() == NodeState.UP && n.getOpenConnections() > 0);
    }

    /**
     * A new session on {@code targets}; when {@code pinned}, the driver ignores every other node,
     * so each request is coordinated by one of the targets.
     */
    CqlSession newSession(List<CassandraNode> targets, boolean pinned) {
        Set<InetSocketAddress> contactPoints = new HashSet<>();
        targets.forEach(node -> contactPoints.add(node.nativeAddress()));
        // Generous timeouts: DDL waits for schema agreement between JVMs that share a few cores.
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                // Nodes here come back within seconds: try every half second, not after up to a minute.
                .withString(DefaultDriverOption.RECONNECTION_POLICY_CLASS, "ConstantReconnectionPolicy")
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, RECONNECTION_DELAY)
                // Closing a session would otherwise wait two quiet seconds per event-loop group.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        CqlSessionBuilder builder = CqlSession.builder()
                .withConfigLoader(config)
                .addContactPoints(contactPoints)
                .withLocalDatacenter(settings.datacenter);
        if (pinned) {
            builder.withNodeDistanceEvaluator((node, localDc) ->
                    contactPoints.contains(node.getEndPoint().resolve()) ? null : NodeDistance.IGNORED);
        }
        return builder.build();
    }

    private List<CassandraNode> createNodes() {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= settings.nodes; i++) {
            addresses.add("127.0.0." + i);
        }
        Ports ports = new Ports();
        int storagePort = ports.freeOn(addresses);
        int nativePort = ports.freeOn(addresses);
        List<List<Long>> tokens = settings.tokens();
        List<CassandraNode> created = new ArrayList<>();
        for (int i = 1; i <= settings.nodes; i++) {
            NodeConfig config = new NodeConfig(i, addresses.get(i - 1), settings.clusterName, settings.datacenter,
                    settings.racks.get((i - 1) % settings.racks.size()), tokens.get(i - 1), storagePort, nativePort,
                    ports.freeOn(List.of("127.0.0.1")), addresses.get(0), settings.sstableFormat,
                    settings.storageCompatibilityMode, settings.hintedHandoff, settings.autoCompaction, settings.heapMb,
                    directory.resolve("node" + i));
            created.add(new CassandraNode(config, this, settings.startTimeout));
        }
        return List.copyOf(created);
    }

    /**
     * Kills the nodes when their files are about to be deleted anyway; otherwise stops them
     * gracefully, one after another (nodes draining at the same time wait many seconds for each
     * other's connections to close), so that the kept directory holds flushed SSTables.
     */
    private List<RuntimeException> stopAll(List<CassandraNode> toStop) {
        List<RuntimeException> failures = new ArrayList<>();
        for (CassandraNode node : toStop) {
            try {
                if (ownsDirectory) {
                    node.kill();
                } else {
                    node.stop();
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Cluster '" + name() + "' is closed");
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Describes a cluster. Defaults: one node, datacenter {@code dc1}, rack {@code rack1}, 16
     * tokens per node, format {@code big} in storage compatibility mode {@code CASSANDRA_4} (the
     * settings of Cassandra 5.0's stock cassandra.yaml: {@code nb} files), 512 MiB of heap per node,
     * a temporary directory deleted on close.
     */
    public static final class Builder {
        private static final Set<String> FORMATS = Set.of("big", "bti");
        private static final Set<String> COMPATIBILITY_MODES = Set.of("CASSANDRA_4", "UPGRADING", "NONE");
        private static final int MAX_NODES = 3;

        private int nodes = 1;
        private Path directory;
        private String clusterName = "movedata-test";
        private String datacenter = "dc1";
        private List<String> racks = List.of("rack1");
        private String sstableFormat = "big";
        private String storageCompatibilityMode = "CASSANDRA_4";
        private int numTokens = 16;
        private final Map<Integer, List<Long>> initialTokens = new HashMap<>();
        private int heapMb = 512;
        private boolean hintedHandoff;
        private boolean autoCompaction;
        private Duration startTimeout = Duration.ofMinutes(2);

        private Builder() {}

        /**
         * How many nodes, 1 to 3, at {@code 127.0.0.1} to {@code 127.0.0.<count>}. Each takes about
         * a gigabyte of memory (heap, off-heap caches, locked pages); three is what a small test
         * machine runs well.
         */
        public Builder nodes(int count) {
            if (count < 1 || count > MAX_NODES) {
                throw new IllegalArgumentException("A cluster has 1 to " + MAX_NODES + " nodes, not " + count);
            }
            this.nodes = count;
            return this;
        }

        /**
         * Where the nodes keep their files ({@code <directory>/node<i>/}), kept after close. Without
         * it the cluster uses a temporary directory and deletes it on close.
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
            return this;
        }

        /** The cluster name in cassandra.yaml: letters, digits, '_', '.', '-'. */
        public Builder clusterName(String name) {
            this.clusterName = checkName("cluster name", name);
            return this;
        }

        /** The datacenter of every node. */
        public Builder datacenter(String name) {
            this.datacenter = checkName("datacenter", name);
            return this;
        }

        /** The racks the nodes are spread over in turn: node 1 in the first, node 2 in the second... */
        public Builder racks(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("racks needs at least one rack name");
            }
            List<String> checked = new ArrayList<>();
            for (String name : names) {
                checked.add(checkName("rack", name));
            }
            this.racks = List.copyOf(checked);
            return this;
        }

        /**
         * The SSTable format new SSTables are written in ({@code sstable: selected_format:}):
         * {@code big} or {@code bti} (trie-indexed, needs storage compatibility mode {@code NONE}).
         */
        public Builder sstableFormat(String format) {
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("SSTable format must be one of " + FORMATS + ", not '" + format + "'");
            }
            this.sstableFormat = format;
            return this;
        }

        /**
         * Cassandra 5.0's {@code storage_compatibility_mode}: {@code CASSANDRA_4} writes 4.x
         * SSTables ({@code nb} big), {@code UPGRADING} and {@code NONE} 5.0 ones ({@code oa} big,
         * {@code da} bti). A node's mode may move forward across restarts, not back.
         */
        public Builder storageCompatibilityMode(String mode) {
            if (!COMPATIBILITY_MODES.contains(mode)) {
                throw new IllegalArgumentException("Storage compatibility mode must be one of " + COMPATIBILITY_MODES
                        + ", not '" + mode + "'");
            }
            this.storageCompatibilityMode = mode;
            return this;
        }

        /** Tokens per node for nodes without {@link #initialTokens}, evenly spread over the ring. */
        public Builder numTokens(int count) {
            if (count < 1 || count > 256) {
                throw new IllegalArgumentException("numTokens must be 1 to 256, not " + count);
            }
            this.numTokens = count;
            return this;
        }

        /** Node {@code node}'s tokens (Murmur3, distinct across the cluster), instead of computed ones. */
        public Builder initialTokens(int node, long... tokens) {
            if (node < 1 || node > MAX_NODES) {
                throw new IllegalArgumentException("Nodes are numbered 1 to " + MAX_NODES + ", not " + node);
            }
            if (tokens.length == 0) {
                throw new IllegalArgumentException("Node " + node + " needs at least one token");
            }
            List<Long> list = new ArrayList<>();
            for (long token : tokens) {
                if (token == Long.MIN_VALUE) {
                    throw new IllegalArgumentException("Long.MIN_VALUE is Murmur3's minimum token, which no node may own");
                }
                list.add(token);
            }
            initialTokens.put(node, List.copyOf(list));
            return this;
        }

        /** Heap of each node's JVM, at least 256 MiB. */
        public Builder heapMb(int megabytes) {
            if (megabytes < 256) {
                throw new IllegalArgumentException("A Cassandra node needs at least 256 MiB of heap, not " + megabytes);
            }
            this.heapMb = megabytes;
            return this;
        }

        /**
         * Whether coordinators keep hints for replicas that are down and replay them when they come
         * back (Cassandra's default). Off by default, so that a stopped replica misses writes until
         * repair or read repair, deterministically.
         */
        public Builder hintedHandoff(boolean enabled) {
            this.hintedHandoff = enabled;
            return this;
        }

        /**
         * Whether tables created without a compaction option compact automatically (Cassandra's
         * default). Off by default: cassandra.yaml's {@code default_compaction} is
         * SizeTieredCompactionStrategy with {@code enabled: false}, so every flush leaves its own
         * SSTable and a test knows which files exist. A table that names a compaction strategy
         * keeps its own setting.
         */
        public Builder autoCompaction(boolean enabled) {
            this.autoCompaction = enabled;
            return this;
        }

        /** How long one node may take to start before it is killed and its start fails. Two minutes by default. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, not " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * The cluster, not started yet.
         *
         * @throws IllegalArgumentException for settings that cannot work together
         */
        public CassandraCluster build() {
            if ("bti".equals(sstableFormat) && "CASSANDRA_4".equals(storageCompatibilityMode)) {
                throw new IllegalArgumentException("SSTable format bti needs storage compatibility mode UPGRADING or NONE;"
                        + " CASSANDRA_4 writes only what Cassandra 4 reads (big)");
            }
            for (int node : initialTokens.keySet()) {
                if (node > nodes) {
                    throw new IllegalArgumentException("Tokens are given for node " + node + " of a " + nodes + "-node cluster");
                }
            }
            checkDistinct(tokens());
            Builder copy = copy();
            if (directory != null) {
                return new CassandraCluster(copy, directory, false);
            }
            try {
                return new CassandraCluster(copy, Files.createTempDirectory("cassandra-cluster-"), true);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory for a Cassandra cluster: " + e.getMessage(), e);
            }
        }

        /**
         * Builds the cluster and starts it; when a node does not start, stops the others and
         * deletes the cluster's temporary directory before throwing.
         *
         * @throws IllegalStateException when a node does not start (with the end of its log)
         */
        public CassandraCluster start() {
            CassandraCluster cluster = build();
            try {
                return cluster.start();
            } catch (RuntimeException e) {
                try {
                    cluster.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        /** Each node's tokens: given ones, or its share of {@code nodes * numTokens} evenly spaced ones. */
        private List<List<Long>> tokens() {
            BigInteger total = BigInteger.valueOf((long) nodes * numTokens);
            BigInteger ringSize = BigInteger.TWO.pow(64);
            BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
            List<List<Long>> all = new ArrayList<>();
            for (int node = 1; node <= nodes; node++) {
                List<Long> given = initialTokens.get(node);
                if (given != null) {
                    all.add(given);
                    continue;
                }
                List<Long> computed = new ArrayList<>();
                for (int k = 0; k < numTokens; k++) {
                    // Token i of the whole ring sits mid-way in its slice; nodes take every nodes-th one.
                    BigInteger i = BigInteger.valueOf((long) k * nodes + node - 1);
                    BigInteger twice = ringSize.multiply(i.shiftLeft(1).add(BigInteger.ONE));
                    computed.add(min.add(twice.divide(total.shiftLeft(1))).longValueExact());
                }
                all.add(List.copyOf(computed));
            }
            return all;
        }

        private static void checkDistinct(List<List<Long>> tokens) {
            Map<Long, Integer> owners = new HashMap<>();
            for (int node = 1; node <= tokens.size(); node++) {
                for (long token : tokens.get(node - 1)) {
                    Integer previous = owners.put(token, node);
                    if (previous != null) {
                        throw new IllegalArgumentException("Token " + token + " is given to node " + previous + " and node " + node);
                    }
                }
            }
        }

        private static String checkName(String what, String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A " + what + " is 1 to 48 letters, digits, '_', '.' or '-', not '" + name + "'");
            }
            return name;
        }

        /** A snapshot of the settings, so that changing the builder later does not change a built cluster. */
        private Builder copy() {
            Builder b = new Builder();
            b.nodes = nodes;
            b.directory = directory;
            b.clusterName = clusterName;
            b.datacenter = datacenter;
            b.racks = racks;
            b.sstableFormat = sstableFormat;
            b.storageCompatibilityMode = storageCompatibilityMode;
            b.numTokens = numTokens;
            b.initialTokens.putAll(initialTokens);
            b.heapMb = heapMb;
            b.hintedHandoff = hintedHandoff;
            b.autoCompaction = autoCompaction;
            b.startTimeout = startTimeout;
            return b;
        }
    }
}
