package io.movedata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.io.sstable.CQLSSTableWriter;
import org.apache.cassandra.io.sstable.format.SSTableFormat;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.utils.ByteBufferUtil;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.sstable.CassandraOffline;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * A simulated Cassandra cluster that writes real SSTables with cassandra-all's
 * {@link CQLSSTableWriter} and publishes them as Medusa backups.
 *
 * <pre>{@code
 * try (FixtureCluster cluster = FixtureCluster.builder()
 *         .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};"
 *               + "CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))")
 *         .nodes(3)
 *         .build()) {
 *     cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP ?", 1, 2, "x", 100L);
 *     cluster.execute("DELETE FROM ks.t USING TIMESTAMP 50 WHERE k = 1 AND c > 3");
 *     ClusterBackupInfo backup = cluster.backup(store, location, "backup-1", BackupMode.DIFFERENTIAL);
 * }
 * }</pre>
 *
 * <p>Every write goes to the replicas of its partition, placed as Cassandra places them: the
 * partition's Murmur3 token, the ring of node tokens, and the keyspace's replication
 * (SimpleStrategy or NetworkTopologyStrategy). Each node keeps its own SSTables under
 * {@code <directory>/<fqdn>/<keyspace>/<table>-<id>/}. Writes accumulate in one open writer per
 * node and statement until {@link #flush()}, which closes them; later writes land in new SSTables,
 * so a fixture controls its SSTable layout the way memtable flushes do. {@link #alter} changes the
 * schema between writes (ALTER TABLE / ALTER TYPE), leaving earlier SSTables as they were written.
 *
 * <p>Bind values are Java objects serialized with the CQL type of their bind marker: Integer, Long,
 * Short, Byte, Float, Double, Boolean, String, UUID, BigDecimal, BigInteger, InetAddress,
 * {@link java.time.Instant}/{@link java.util.Date} (timestamp), {@link java.time.LocalDate}
 * (date), {@link java.time.LocalTime} or Long nanoseconds (time), java.time.Duration/Period or
 * cassandra's Duration (duration), byte[] (blob), List/Set/Map of those (nested), a Map of field
 * name to value or a List for a UDT, a List for a tuple, and a {@link ByteBuffer} holding the
 * serialized value for any type (see {@link #udt} and {@link #tuple}). A null value writes a null
 * (a cell tombstone), as CQL does; {@link #UNSET} leaves the column alone.
 *
 * <p>Statements are prepared once per text and writers are kept open across calls, so millions
 * of rows can be written in one loop; literal statements that differ only in their literals share
 * one prepared shape. Every public method is synchronized: a cluster may be shared by threads,
 * whose writes are then serialized. Close it to stop the writers and delete the temporary
 * directory.
 *
 * <p>This class is the facade; each job has its own class: {@code StatementShapes} turns CQL text
 * and Java values into rows, {@code SSTableWriters} writes them into each node's SSTables,
 * {@code CompletedComponents} knows which SSTables are complete, {@code MedusaPublisher} and
 * {@code PriamPublisher} publish a {@code ClusterSnapshot} in each layout, {@code NodeSystemSchemas}
 * keeps the nodes' system_schema SSTables in step with the schema, {@code Ring} and
 * {@code PartitionKeys} place partitions, {@code SchemaValues} converts values of the schema's
 * types, and {@code TokenAssignment} gives the builder's nodes their tokens.
 */
public final class FixtureCluster implements AutoCloseable {
    /** A bind value that leaves its column untouched (CQL's "unset"). */
    public static final ByteBuffer UNSET = ByteBufferUtil.UNSET_BYTE_BUFFER;

    /** Host-name suffix of the nodes {@link Builder#nodes(int)} adds. */
    public static final String DEFAULT_DOMAIN = "fixture.local";

    private final List<FixtureNode> nodes;
    private final Map<String, FixtureNode> nodesByName;
    private final Ring ring;
    private final SSTableFormat<?, ?> format;
    private final int bufferSizeMiB;
    private final SSTableLayout layout;
    private final boolean ownsDirectory;
    private final CompletedComponents completed = new CompletedComponents();
    private final NodeSystemSchemas systemSchemas = new NodeSystemSchemas();

    /** Replaced as a whole by {@link #alter}, with the statements and writers bound to it; volatile for the unsynchronized getters. */
    private volatile FixtureSchema schema;
    private StatementShapes statements;
    private SSTableWriters writers;
    private boolean closed;

    private FixtureCluster(FixtureSchema schema, List<FixtureNode> nodes, SSTableFormat<?, ?> format, int bufferSizeMiB,
                           Path directory, boolean ownsDirectory) {
        this.nodes = List.copyOf(nodes);
        this.nodesByName = new LinkedHashMap<>();
        for (FixtureNode node : nodes) {
            if (nodesByName.put(node.fqdn(), node) != null) {
                throw new IllegalArgumentException("Node '" + node.fqdn() + "' is declared twice");
            }
        }
        this.ring = new Ring(nodes);
        this.format = format;
        this.bufferSizeMiB = bufferSizeMiB;
        this.layout = new SSTableLayout(directory);
        this.ownsDirectory = ownsDirectory;
        useSchema(schema);
    }

    /** Starts describing a cluster. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes one INSERT, UPDATE or DELETE (fully qualified table name) to every replica of its
     * partition. Statements may use bind markers ({@code ?}) with {@code values}, or literals only.
     *
     * @throws IllegalArgumentException for a statement that cannot be written (batch, LWT, counter,
     *     IN on the partition key, unknown table) or values that do not fit the bind markers
     */
    public synchronized FixtureCluster execute(String cql, Object... values) {
        write(null, cql, values);
        return this;
    }

    /**
     * Writes the statement to the given nodes only (simulating a write that some replicas missed).
     *
     * @throws IllegalArgumentException when a node is unknown or not a replica of the partition
     */
    public synchronized FixtureCluster executeOn(Collection<String> nodeNames, String cql, Object... values) {
        Objects.requireNonNull(nodeNames, "nodeNames");
        write(new LinkedHashSet<>(nodeNames), cql, values);
        return this;
    }

    /**
     * Closes every open SSTable writer: what was written so far becomes complete SSTables, and
     * later writes go to new ones. Cheap when nothing is open.
     */
    public synchronized FixtureCluster flush() {
        ensureOpen();
        writers.close();
        recordCompleted();
        return this;
    }

    private void write(Set<String> only, String cql, Object[] values) {
        ensureOpen();
        StatementShapes.BoundRow row = statements.bind(cql, values);
        TableMetadata table = row.shape().table();
        long token = PartitionKeys.token(table, row.partitionKey());
        List<String> replicas = ring.replicas(row.shape().replication(), token);
        Collection<String> targets = replicas;
        if (only != null) {
            for (String node : only) {
                node(node);
                if (!replicas.contains(node)) {
                    throw new IllegalArgumentException("Node '" + node + "' is not a replica of the partition (token " + token
                            + ") of " + table + "; its replicas are " + replicas + ": " + cql);
                }
            }
            targets = only;
        }
        for (String node : targets) {
            writers.write(node, row);
        }
    }

    /** Records the components the closed writers produced (see {@link CompletedComponents}). */
    private void recordCompleted() {
        for (FixtureNode node : nodes) {
            completed.record(node.fqdn(), tables().stream().map(t -> layout.tableDirectory(node.fqdn(), t)).toList());
        }
        completed.checkNoneDisappeared();
    }

    /** The tables every node holds: the schema's, then system_schema's. */
    private List<TableMetadata> tables() {
        List<TableMetadata> tables = new ArrayList<>(schemaTables());
        tables.addAll(SystemSchemaSSTables.tables());
        return tables;
    }

    // ------------------------------------------------------------------------------------------
    // Backups

    /** {@link #backup(ObjectStore, StoreLocation, String, BackupMode, BackupOptions)} with default options. */
    public synchronized ClusterBackupInfo backup(ObjectStore store, StoreLocation location, String name, BackupMode mode) {
        return backup(store, location, name, mode, BackupOptions.defaults());
    }

    /**
     * Flushes, then writes a Medusa backup named {@code name} of every node under
     * {@code location.keyPrefix()}, node after node, each in Medusa's order: {@code schema.cql},
     * {@code tokenmap.json}, {@code server_version.json}, the {@code differential} marker
     * (differential mode), the SSTable components, and {@code manifest.json} last. The manifest
     * lists every SSTable the node holds (all flushed generations) for every table of the schema,
     * and, as Medusa backs up system keyspaces too, the node's {@code system_schema} SSTables:
     * cassandra-all's schema rows for the fixture's keyspaces, written again in new SSTables
     * whenever the schema changed since the last backup.
     *
     * @return the keys written, per node
     */
    public synchronized ClusterBackupInfo backup(ObjectStore store, StoreLocation location, String name, BackupMode mode,
                                                 BackupOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        requireNodes(options.skippedNodes());
        requireNodes(options.nodesWithoutManifest());
        return MedusaPublisher.publish(snapshot(), store, location, name, mode, options);
    }

    /**
     * {@link #backupPriam(ObjectStore, StoreLocation, String, Instant, ManifestObject.Compression, BackupOptions)}
     * with default options.
     */
    public synchronized PriamBackupInfo backupPriam(ObjectStore store, StoreLocation base, String app, Instant snapshotTime,
                                                    ManifestObject.Compression compression) {
        return backupPriam(store, base, app, snapshotTime, compression, BackupOptions.defaults());
    }

    /**
     * Flushes, then writes a Priam backup V2 snapshot of every node under
     * {@code <base>/<hash>_<app>/<token>/}, node after node, each in Priam's order: the meta file
     * (key time {@code snapshotTime}), then the files it lists that an earlier snapshot has not
     * stored yet — every SSTable the node holds (its system_schema SSTables included, as for
     * {@link #backup}), and per user table the {@code schema.cql} of Cassandra's snapshot. Each
     * node's region and rack are its datacenter and rack. As in Priam's backups, no schema script is
     * listed: readers take the schema from the node's system_schema SSTables.
     *
     * @throws IllegalArgumentException when a node has more than one token: Priam gives every node one
     */
    public synchronized PriamBackupInfo backupPriam(ObjectStore store, StoreLocation base, String app, Instant snapshotTime,
                                                    ManifestObject.Compression compression, BackupOptions options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(snapshotTime, "snapshotTime");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(options, "options");
        PriamPublisher.requireOneTokenPerNode(nodes);
        requireNodes(options.skippedNodes());
        requireNodes(options.nodesWithoutManifest());
        requireNodes(options.pgpNodes());
        return PriamPublisher.publish(snapshot(), store, base, app, snapshotTime, compression, options);
    }

    private void requireNodes(Collection<String> fqdns) {
        fqdns.forEach(this::node);
    }

    /**
     * Flushes, brings the nodes' system_schema SSTables up to date with the schema, and says what
     * each node holds now.
     */
    private ClusterSnapshot snapshot() {
        flush();
        if (systemSchemas.update(schema, nodes, layout, format)) {
            recordCompleted();
        }
        Map<String, List<ClusterSnapshot.TableSSTables>> tables = new LinkedHashMap<>();
        for (FixtureNode node : nodes) {
            tables.put(node.fqdn(), tables().stream().map(t -> new ClusterSnapshot.TableSSTables(t,
                    completed.in(layout.tableDirectory(node.fqdn(), t)), SchemaConstants.SCHEMA_KEYSPACE_NAME.equals(t.keyspace))).toList());
        }
        return new ClusterSnapshot(schema, nodes, tables, completed::md5);
    }

    // ------------------------------------------------------------------------------------------
    // Topology and schema

    /** Host names of the nodes, in declaration order. */
    public List<String> nodeNames() {
        return List.copyOf(nodesByName.keySet());
    }

    /** The nodes, in declaration order. */
    public List<FixtureNode> nodes() {
        return nodes;
    }

    /** The node named {@code fqdn}. */
    public FixtureNode node(String fqdn) {
        FixtureNode node = nodesByName.get(fqdn);
        if (node == null) {
            throw new IllegalArgumentException("No node '" + fqdn + "' in the fixture cluster; nodes: " + nodesByName.keySet());
        }
        return node;
    }

    /**
     * The Murmur3 token of a partition of {@code table} ({@code ks.table}), given the values of
     * its partition key columns in order (Java values as for {@link #execute}).
     */
    public synchronized long tokenOf(String table, Object... partitionKeyValues) {
        TableMetadata metadata = schema.table(table);
        return PartitionKeys.token(metadata, PartitionKeys.of(metadata, partitionKeyValues));
    }

    /** The nodes holding the partition, primary replica first. */
    public synchronized List<String> replicasOf(String table, Object... partitionKeyValues) {
        return replicasOfToken(schema.table(table).keyspace, tokenOf(table, partitionKeyValues));
    }

    /** The nodes holding {@code token} for {@code keyspace}'s replication, primary replica first. */
    public List<String> replicasOfToken(String keyspace, long token) {
        return ring.replicas(schema.replication(keyspace), token);
    }

    /**
     * Changes the schema with one {@code ALTER TABLE} or {@code ALTER TYPE} statement (qualified
     * names), as a node applies it, e.g. {@code ALTER TABLE ks.t ADD c2 int},
     * {@code ALTER TABLE ks.t DROP c1} or {@code ALTER TYPE ks.u ADD f3 text}.
     *
     * <p>Flushes first, since a writer is bound to the table metadata it was opened with: what was
     * written before stays in SSTables of the old shape (after a DROP they still hold the dropped
     * column's cells, as a node's SSTables do until compaction), and later writes and later backups'
     * {@code schema.cql} use the new schema. Like the schema dump Medusa stores, that
     * {@code schema.cql} has no record of dropped columns. Tables keep their ids and directories.
     *
     * @throws IllegalArgumentException for another kind of statement, or a change cassandra-all
     *     refuses (unknown column, primary key column, ...)
     */
    public synchronized FixtureCluster alter(String cql) {
        ensureOpen();
        Objects.requireNonNull(cql, "cql");
        FixtureSchema changed = schema.altered(cql);
        flush();
        useSchema(changed);
        return this;
    }

    /** Writes from now on with {@code next}: prepared statements and open writers hold the old table metadata. */
    private void useSchema(FixtureSchema next) {
        schema = next;
        statements = new StatementShapes(next);
        writers = new SSTableWriters(next, layout, format, bufferSizeMiB);
    }

    /** The CREATE statements of the schema, as backups carry them in {@code schema.cql}. */
    public String schemaCql() {
        return schema.toCql();
    }

    /** cassandra-all's metadata of every table of the schema, in declaration order. */
    public List<TableMetadata> schemaTables() {
        FixtureSchema current = schema;
        return current.tables().stream().map(name -> current.table(name[0], name[1])).toList();
    }

    /** The table's id (32 hex digits), as in its data directory name; stable for the cluster's life. */
    public String tableId(String keyspace, String table) {
        return schema.table(keyspace, table).id.toHexString();
    }

    /** cassandra-all's metadata of the table, e.g. to open the fixture's SSTables in a test. */
    public TableMetadata tableMetadata(String keyspace, String table) {
        return schema.table(keyspace, table);
    }

    /** Where the SSTables of the table live on the node (may not exist yet). */
    public Path tableDirectory(String node, String keyspace, String table) {
        node(node);
        return layout.tableDirectory(node, schema.table(keyspace, table));
    }

    /**
     * The SSTable components of the node's closed SSTables (all tables, and system_schema's once a
     * backup wrote them), sorted.
     */
    public synchronized List<Path> sstableFiles(String node) {
        node(node);
        return completed.below(layout.nodeDirectory(node));
    }

    /** The base directory of the nodes' SSTables. */
    public Path directory() {
        return layout.directory();
    }

    // ------------------------------------------------------------------------------------------
    // Value helpers

    /** A UDT value ({@code type} is {@code ks.type}) from its field values in declaration order; missing trailing fields are null. */
    public ByteBuffer udt(String type, Object... fieldValues) {
        return new SchemaValues(schema).udt(type, fieldValues);
    }

    /** A UDT value ({@code type} is {@code ks.type}) from field name to value; absent fields are null. */
    public ByteBuffer udt(String type, Map<String, ?> fields) {
        return new SchemaValues(schema).udt(type, fields);
    }

    /**
     * A tuple value of the CQL type {@code tupleType}, e.g. {@code tuple<int, text>}; UDTs in it
     * are looked up in the first keyspace of the schema (use {@link #serialize} for another).
     */
    public ByteBuffer tuple(String tupleType, Object... values) {
        return new SchemaValues(schema).tuple(tupleType, values);
    }

    /** Any Java value serialized as the CQL type {@code cqlType}, UDTs resolved in {@code keyspace}. */
    public ByteBuffer serialize(String keyspace, String cqlType, Object value) {
        return new SchemaValues(schema).serialize(keyspace, cqlType, value);
    }

    // ------------------------------------------------------------------------------------------

    /** Closes the writers and deletes the SSTable directory when the cluster created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writers.close();
        } catch (UncheckedIOException e) {
            // closing anyway: what the writers held is thrown away with the cluster
        }
        if (ownsDirectory) {
            LocalFiles.deleteTree(layout.directory());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The fixture cluster is closed");
        }
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Describes a fixture cluster: schema, nodes and tokens, SSTable format and writer buffer size.
     * Nodes without explicit tokens get evenly spaced single tokens ({@code i * 2^64 / n - 2^63}),
     * or {@link #vnodes(int)} random tokens each, drawn from {@link #seed(long)}.
     */
    public static final class Builder {
        private final StringBuilder schema = new StringBuilder();
        private final List<TokenAssignment.Declared> declared = new ArrayList<>();
        private int generated;
        private int vnodes;
        private long seed = 20_260_101L;
        private String format = "big";
        private int bufferSizeMiB = 64;
        private Path directory;

        private Builder() {}

        /**
         * Adds CQL DDL: CREATE KEYSPACE / TYPE / TABLE statements separated by ';' (qualified
         * names, or a {@code USE ks;} before them). CREATE INDEX statements are copied into the
         * backups' schema.cql as given, but write no index files. Keyspaces use SimpleStrategy or
         * NetworkTopologyStrategy with explicit datacenters. May be called several times.
         */
        public Builder schema(String cql) {
            schema.append(Objects.requireNonNull(cql, "cql")).append(";\n");
            return this;
        }

        /** Adds {@code count} nodes {@code node<i>.fixture.local} in datacenter {@code dc1}, rack {@code rack1}. */
        public Builder nodes(int count) {
            return nodes(count, "dc1", "rack1");
        }

        /** Adds {@code count} nodes {@code node<i>.fixture.local} in {@code datacenter}, spread over {@code racks} in turn. */
        public Builder nodes(int count, String datacenter, String... racks) {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1");
            }
            String[] r = racks.length == 0 ? new String[] {"rack1"} : racks;
            for (int i = 0; i < count; i++) {
                generated++;
                node("node" + generated + "." + DEFAULT_DOMAIN, datacenter, r[i % r.length]);
            }
            return this;
        }

        /** Adds a node whose tokens are assigned (evenly spaced, or random with {@link #vnodes}). */
        public Builder node(String fqdn, String datacenter, String rack) {
            declared.add(new TokenAssignment.Declared(fqdn, datacenter, rack, null));
            return this;
        }

        /** Adds a node with explicit tokens. */
        public Builder node(String fqdn, String datacenter, String rack, List<Long> tokens) {
            if (tokens == null || tokens.isEmpty()) {
                throw new IllegalArgumentException("Node " + fqdn + " needs at least one token");
            }
            declared.add(new TokenAssignment.Declared(fqdn, datacenter, rack, List.copyOf(tokens)));
            return this;
        }

        /** Gives each node without explicit tokens {@code tokensPerNode} random tokens (seeded). */
        public Builder vnodes(int tokensPerNode) {
            if (tokensPerNode < 1) {
                throw new IllegalArgumentException("tokensPerNode must be at least 1");
            }
            this.vnodes = tokensPerNode;
            return this;
        }

        /** Seed of the random vnode tokens; the same seed gives the same ring. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** SSTable format: {@code big} (default; files {@code oa-*}) or {@code bti} (files {@code da-*}). */
        public Builder format(String format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Size of each writer's buffer (default 64 MiB): a writer starts a new SSTable each time
         * this much data has accumulated, so it bounds the SSTable size of bulk fixtures.
         */
        public Builder bufferSizeMiB(int mib) {
            if (mib < 1) {
                throw new IllegalArgumentException("bufferSizeMiB must be at least 1");
            }
            this.bufferSizeMiB = mib;
            return this;
        }

        /** Where the nodes' SSTables are written (kept on close); a temporary directory by default (deleted on close). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }


        /** Parses the schema, places the nodes on the ring and prepares the SSTable directory. */
        public FixtureCluster build() {
            CassandraOffline.initialize();
            if (declared.isEmpty()) {
                throw new IllegalArgumentException("A fixture cluster needs nodes: call nodes(n) or node(...)");
            }
            FixtureSchema parsed = FixtureSchema.parse(schema.toString());
            SSTableFormat<?, ?> sstableFormat = DatabaseDescriptor.getSSTableFormats().get(format);
            if (sstableFormat == null) {
                throw new IllegalArgumentException("Unknown SSTable format '" + format + "'; known: "
                        + DatabaseDescriptor.getSSTableFormats().keySet());
            }
            List<FixtureNode> nodes = TokenAssignment.assign(declared, vnodes, seed);
            Path dir = directory;
            boolean owns = false;
            try {
                if (dir == null) {
                    dir = Files.createTempDirectory("movedata-fixture-");
                    owns = true;
                } else {
                    Files.createDirectories(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the fixture directory: " + e.getMessage(), e);
            }
            return new FixtureCluster(parsed, nodes, sstableFormat, bufferSizeMiB, dir.toAbsolutePath().normalize(), owns);
        }
    }
}
