package io.movedata.testkit;

import java.io.IOException;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;


import java.util.ArrayList;
import java.util.Collection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import java.util.stream.Stream;





import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.ColumnSpecification;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.cql3.statements.ModificationStatement;
import org.apache.cassandra.db.SchemaCQLHelper;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.BytesType;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.db.marshal.TupleType;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.marshal.ByteBufferAccessor;
import org.apache.cassandra.exceptions.RequestValidationException;
import org.apache.cassandra.io.sstable.CQLSSTableWriter;
import org.apache.cassandra.io.sstable.format.SSTableFormat;
import org.apache.cassandra.schema.CQLTypeParser;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.utils.ByteBufferUtil;

import io.movedata.runtime.sstable.CassandraOffline;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.backup.MedusaBackupWriter;
import io.movedata.runtime.backup.PriamBackupWriter;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

import io.movedata.runtime.store.LocalFiles;

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
 */
public final class FixtureCluster implements AutoCloseable {
    /** A bind value that leaves its column untouched (CQL's "unset"). */
    public static final ByteBuffer UNSET = ByteBufferUtil.UNSET_BYTE_BUFFER;

    /** Priam names a snapshot's meta file by its minute. */
    private static final DateTimeFormatter PRIAM_MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    /** Host-name suffix of the nodes {@link Builder#nodes(int)} adds. */
    public static final String DEFAULT_DOMAIN = "fixture.local";


    /** Replaced as a whole by {@link #alter}; volatile for the unsynchronized schema getters. */
    private volatile FixtureSchema schema;
    private final List<FixtureNode> nodes;
    private final Map<String, FixtureNode> nodesByName;
    private final Ring ring;
    private final SSTableFormat<?, ?> format;
    private final int bufferSizeMiB;
    private final Path directory;
    private final boolean ownsDirectory;

    /** Prepared statements by the CQL text the writers use. */
    private final Map<String, Prepared> shapes = new HashMap<>();
    /** How to write each recent statement text (bounded: literal statements may all differ). */
    private final Map<String, Binding> bindings = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Binding> eldest) {
            return size() > 10_000;
        }
    };
    private final Map<WriterKey, CQLSSTableWriter> writers = new LinkedHashMap<>();
    /** Every SSTable component written so far, with what it looked like when its writer closed. */
    private final Map<Path, FileState> files = new HashMap<>();
    private boolean closed;
    /** The keyspaces the nodes' system_schema SSTables define so far, and how many times they were written. */
    private List<KeyspaceMetadata> systemSchema = List.of();
    private long systemSchemaWrites;

    private FixtureCluster(FixtureSchema schema, List<FixtureNode> nodes, SSTableFormat<?, ?> format, int bufferSizeMiB,
                           Path directory, boolean ownsDirectory) {
        this.schema = schema;
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
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
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
        IOException failure = null;
        for (CQLSSTableWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        writers.clear();
        if (failure != null) {
            throw new UncheckedIOException("Cannot close the SSTable writers under " + directory + ": " + failure.getMessage(), failure);
        }
        recordFiles();
        return this;
    }

    private void write(Set<String> only, String cql, Object[] args) {
        ensureOpen();
        Objects.requireNonNull(cql, "cql");
        Object[] values = args == null ? new Object[] {null} : args;
        Binding binding = bindings.get(cql);
        if (binding == null) {
            binding = bind(cql);
            bindings.put(cql, binding);
        }
        Prepared p = binding.shape();
        int expected = binding.literals() == null ? p.binds.size() : 0;
        if (values.length != expected) {
            throw new IllegalArgumentException("The statement has " + expected + " bind marker(s) but " + values.length
                    + " value(s) were given: " + cql);
        }
        List<ByteBuffer> bound;
        if (binding.literals() != null) {
            bound = binding.literals();
        } else {
            bound = new ArrayList<>(values.length);
            for (int i = 0; i < values.length; i++) {
                ColumnSpecification spec = p.binds.get(i);
                Object v = values[i];
                bound.add(v instanceof ByteBuffer bb && bb != UNSET ? ByteBufferUtil.clone(bb)
                        : Values.serialize(spec.type, v, "Bind value " + (i + 1) + " (" + spec.name + " " + spec.type.asCQL3Type() + ")"));
            }
        }
        List<ByteBuffer> keys;
        try {
            keys = p.statement.buildPartitionKeyNames(QueryOptions.forInternalCalls(bound), ClientState.forInternalCalls());
        } catch (RequestValidationException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + cql, e);
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException("The statement writes " + keys.size() + " partitions (IN on the partition key);"
                    + " write one partition per statement: " + cql);
        }
        long token = token(p.table, keys.get(0));
        List<String> replicas = ring.replicas(p.replication, token);
        Collection<String> targets = replicas;
        if (only != null) {
            for (String node : only) {
                node(node);
                if (!replicas.contains(node)) {
                    throw new IllegalArgumentException("Node '" + node + "' is not a replica of the partition (token " + token
                            + ") of " + p.table + "; its replicas are " + replicas + ": " + cql);
                }
            }
            targets = only;
        }
        for (String node : targets) {
            CQLSSTableWriter writer = writer(node, p);
            try {
                writer.rawAddRow(bound);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write SSTables of node " + node + " under " + directory + ": " + e.getMessage(), e);
            } catch (RequestValidationException e) {
                throw new IllegalArgumentException(e.getMessage() + ": " + cql, e);
            }
        }
    }

    /**
     * How to write {@code cql}. A statement with bind markers is written as it is. A statement of
     * literals only is written through its shape with a marker for each literal (CQLSSTableWriter
     * needs markers), bound to the literals' values as cassandra parses them ({@code fromString});
     * statements differing only in their literals then share one prepared shape and one writer.
     */
    private Binding bind(String cql) {
        List<Cql.Token> tokens = Cql.tokenize(cql);
        if (Cql.hasBindMarker(tokens)) {
            return new Binding(shape(cql, cql), null);
        }
        List<Cql.Token> literals = Cql.replaceableLiterals(tokens);
        if (literals.isEmpty()) {
            throw new IllegalArgumentException("The statement has neither bind markers nor a literal a marker could "
                    + "stand for; CQLSSTableWriter cannot write it: " + cql);
        }
        Prepared shape;
        try {
            shape = shape(Cql.withMarkers(cql, literals), cql);
        } catch (IllegalArgumentException e) {
            // e.g. an overloaded function whose argument type a marker leaves open: keep all but the first literal
            literals = literals.subList(0, 1);
            shape = shape(Cql.withMarkers(cql, literals), cql);
        }
        if (shape.binds.size() != literals.size()) {
            throw new IllegalArgumentException("Cannot turn the literals of the statement into bind markers: " + cql);
        }
        List<ByteBuffer> values = new ArrayList<>(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            Cql.Token literal = literals.get(i);
            AbstractType<?> type = shape.binds.get(i).type;
            try {
                values.add(literal.kind() == Cql.Kind.HEX
                        ? BytesType.instance.fromString(literal.text().substring(2))
                        : type.fromString(literal.text()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Literal " + cql.substring(literal.start(), literal.end()) + " is not a valid "
                        + type.asCQL3Type() + ": " + cql, e);
            }
        }
        return new Binding(shape, List.copyOf(values));
    }

    /** The prepared statement for the writers' CQL text, prepared once. */
    private Prepared shape(String writerCql, String original) {
        Prepared shape = shapes.get(writerCql);
        if (shape == null) {
            synchronized (CQLSSTableWriter.class) {
                schema.install();
                ModificationStatement statement = prepareModification(writerCql, original);
                if (statement.getBindVariables().isEmpty()) {
                    throw new IllegalArgumentException("CQLSSTableWriter needs a bind marker: " + original);
                }
                shape = new Prepared(writerCql, statement);
            }
            shapes.put(writerCql, shape);
        }
        return shape;
    }

    private ModificationStatement prepareModification(String cql, String original) {
        CQLStatement.Raw raw;
        try {
            raw = QueryProcessor.parseStatement(cql);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse: " + e.getMessage() + ": " + original, e);
        }
        if (raw instanceof BatchStatement.Parsed) {
            throw new IllegalArgumentException("BATCH is not supported; execute its statements one by one: " + original);
        }
        if (!(raw instanceof ModificationStatement.Parsed parsed)) {
            throw new IllegalArgumentException("Only INSERT, UPDATE and DELETE can be written: " + original);
        }
        ModificationStatement statement;
        try {
            statement = parsed.prepare(ClientState.forInternalCalls());
            statement.validate(ClientState.forInternalCalls());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() + " (tables must be qualified with their keyspace): " + original, e);
        }
        if (statement.hasConditions()) {
            throw new IllegalArgumentException("Conditional (IF ...) statements cannot be written offline: " + original);
        }
        if (statement.isCounter()) {
            throw new IllegalArgumentException("Counter updates cannot be written with CQLSSTableWriter: " + original);
        }
        return statement;
    }

    private CQLSSTableWriter writer(String node, Prepared p) {
        WriterKey key = new WriterKey(node, p.writerCql);
        CQLSSTableWriter writer = writers.get(key);
        if (writer != null) {
            return writer;
        }
        Path dir = tableDirectory(node, p.table.keyspace, p.table.name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        synchronized (CQLSSTableWriter.class) {
            schema.install();
            writer = CQLSSTableWriter.builder()
                    .inDirectory(dir.toString())
                    .forTable(p.table.toCqlString(false, false, false))
                    .using(p.writerCql)
                    .withMaxSSTableSizeInMiB(bufferSizeMiB)
                    .withFormat(format)
                    .build();
        }
        writers.put(key, writer);
        return writer;
    }

    /**
     * Records the components the closed writers produced and checks no earlier one was replaced:
     * SSTable names must stay unique per node for the cluster's whole life, since differential
     * backups key objects by file name.
     */
    private void recordFiles() {
        for (FixtureNode node : nodes) {
            List<Path> dirs = new ArrayList<>();
            for (String[] t : schema.tables()) {
                dirs.add(tableDirectory(node.fqdn(), t[0], t[1]));
            }
            for (TableMetadata t : SystemSchemaSSTables.tables()) {
                dirs.add(SystemSchemaSSTables.tableDirectory(directory.resolve(node.fqdn()), t));
            }
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                for (Path file : list(dir)) {
                    FileState now = FileState.of(file);
                    FileState before = files.get(file);
                    if (before == null) {
                        files.put(file, now);
                    } else if (!before.sameFile(now)) {
                        throw new IllegalStateException("SSTable component " + file + " was rewritten after it was complete "
                                + "(two writers produced the same SSTable name on node " + node.fqdn() + ")");
                    }
                }
            }
        }
        for (Path known : files.keySet()) {
            if (!Files.exists(known)) {
                throw new IllegalStateException("SSTable component " + known + " disappeared");
            }
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(FixtureCluster::isComponent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** SSTable components are {@code <version>-<id>-<format>-<Component>}; txn logs and temp files are not. */
    private static boolean isComponent(Path file) {
        String name = file.getFileName().toString();
        return name.matches("[a-z]{2}-[0-9a-z_]+-[a-z]+-.+") && !name.endsWith(".log") && !name.contains("tmp");
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
        MedusaBackupWriter writer = new MedusaBackupWriter(store, location, name, mode == BackupMode.DIFFERENTIAL);
        for (String fqdn : options.skippedNodes()) {
            node(fqdn);
        }
        for (String fqdn : options.nodesWithoutManifest()) {
            node(fqdn);
        }
        flush();
        writeSystemSchema();
        String schemaCql = schemaCql();
        List<NodeTopology> tokenmap = new ArrayList<>();
        for (FixtureNode node : nodes) {
            tokenmap.add(new NodeTopology(options.publishedName(node.fqdn()), node.tokens(), true, node.rack(), node.datacenter()));
        }
        TreeMap<String, NodeBackupInfo> written = new TreeMap<>();
        for (FixtureNode node : nodes) {
            if (options.skippedNodes().contains(node.fqdn())) {
                continue;
            }
            List<MedusaBackupWriter.TableFiles> tables = new ArrayList<>();
            for (String[] t : schema.tables()) {
                Path dir = tableDirectory(node.fqdn(), t[0], t[1]);
                // Only components of closed writers: complete SSTables.
                List<Path> components = (Files.isDirectory(dir) ? list(dir) : List.<Path>of()).stream()
                        .filter(files::containsKey).toList();
                tables.add(new MedusaBackupWriter.TableFiles(t[0], t[1], tableId(t[0], t[1]), components));
            }
            for (TableMetadata t : SystemSchemaSSTables.tables()) {
                tables.add(new MedusaBackupWriter.TableFiles(t.keyspace, t.name, t.id.toHexString(), systemSchemaFiles(node, t)));
            }
            String published = options.publishedName(node.fqdn());
            MedusaBackupWriter.WrittenNodeBackup backup = writer.write(published, schemaCql, tokenmap,
                    options.serverVersion(), tables, file -> files.get(file).md5(file),
                    !options.nodesWithoutManifest().contains(node.fqdn()));
            String meta = backup.metaPrefix();
            List<BackupObject> objects = backup.objects().stream().map(o -> new BackupObject(o.keyspace(), o.table(),
                    o.tableId(), o.key(), o.md5(), o.size(), o.uploaded())).toList();
            written.put(published, new NodeBackupInfo(published, meta, meta + "schema.cql", meta + "tokenmap.json",
                    options.serverVersion() == null ? Optional.empty() : Optional.of(meta + "server_version.json"),
                    mode == BackupMode.DIFFERENTIAL ? Optional.of(meta + "differential") : Optional.empty(),
                    backup.manifestKey(), objects));
        }
        return new ClusterBackupInfo(location, name, mode, java.util.Collections.unmodifiableSortedMap(written));
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
        for (FixtureNode node : nodes) {
            if (node.tokens().size() != 1) {
                throw new IllegalArgumentException("Priam backups need one token per node (Priam assigns each node a single "
                        + "token, no vnodes); node " + node.fqdn() + " has " + node.tokens().size());
            }
        }
        for (String fqdn : options.skippedNodes()) {
            node(fqdn);
        }
        for (String fqdn : options.nodesWithoutManifest()) {
            node(fqdn);
        }
        for (String fqdn : options.pgpNodes()) {
            node(fqdn);
        }
        flush();
        writeSystemSchema();
        PriamBackupWriter writer = new PriamBackupWriter(store, base, app, compression);
        TreeMap<String, PriamNodeBackupInfo> written = new TreeMap<>();
        for (FixtureNode node : nodes) {
            if (options.skippedNodes().contains(node.fqdn())) {
                continue;
            }
            List<PriamBackupWriter.TableFiles> tables = new ArrayList<>();
            for (String[] t : schema.tables()) {
                Path dir = tableDirectory(node.fqdn(), t[0], t[1]);
                List<Path> components = (Files.isDirectory(dir) ? list(dir) : List.<Path>of()).stream()
                        .filter(files::containsKey).toList();
                tables.add(new PriamBackupWriter.TableFiles(t[0], t[1], tableId(t[0], t[1]), components,
                        snapshotSchemaCql(t[0], t[1])));
            }
            for (TableMetadata t : SystemSchemaSSTables.tables()) {
                // Cassandra's snapshot of a system table has no schema.cql.
                tables.add(new PriamBackupWriter.TableFiles(t.keyspace, t.name, t.id.toHexString(), systemSchemaFiles(node, t), null));
            }
            PriamBackupWriter.WrittenNodeBackup backup = writer.write(String.valueOf(node.tokens().get(0)), node.datacenter(),
                    node.rack(), snapshotTime, tables, new PriamBackupWriter.NodeOptions(options.pgpNodes().contains(node.fqdn()),
                            !options.nodesWithoutManifest().contains(node.fqdn())));
            List<BackupObject> objects = backup.objects().stream()
                    .filter(o -> !o.key().endsWith("/schema.cql"))
                    .map(o -> new BackupObject(o.keyspace(), o.table(), o.tableId(), o.key(), "", o.size(), o.uploaded()))
                    .toList();
            written.put(node.fqdn(), new PriamNodeBackupInfo(node.fqdn(), backup.token(), backup.metaKey(), objects));
        }
        StoreLocation location = base.withPrefix(writer.appPrefix());
        String name = PRIAM_MINUTE.format(snapshotTime);
        return new PriamBackupInfo(location, app, name, Instant.ofEpochSecond(snapshotTime.getEpochSecond()), compression,
                java.util.Collections.unmodifiableSortedMap(written));
    }

    /** The {@code schema.cql} Cassandra writes into a table's snapshot: its types, the table, its dropped columns and indexes. */
    private String snapshotSchemaCql(String keyspace, String table) {
        StringBuilder cql = new StringBuilder();
        SchemaCQLHelper.reCreateStatementsForSchemaCql(schema.table(keyspace, table), schema.keyspace(keyspace))
                .forEach(statement -> cql.append(statement).append('\n'));
        return cql.toString();
    }

    /**
     * Writes the schema into every node's system_schema SSTables when it changed since the last
     * write, each write newer than the one before.
     */
    private void writeSystemSchema() {
        List<KeyspaceMetadata> current = schema.keyspacesAsDeclared();
        if (current.equals(systemSchema)) {
            return;
        }
        systemSchemaWrites++;
        for (FixtureNode node : nodes) {
            SystemSchemaSSTables.write(directory.resolve(node.fqdn()), current, systemSchema, systemSchemaWrites, format);
        }
        systemSchema = current;
        recordFiles();
    }

    /** The components of the node's complete system_schema SSTables of {@code table}. */
    private List<Path> systemSchemaFiles(FixtureNode node, TableMetadata table) {
        Path dir = SystemSchemaSSTables.tableDirectory(directory.resolve(node.fqdn()), table);
        return (Files.isDirectory(dir) ? list(dir) : List.<Path>of()).stream().filter(files::containsKey).toList();
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
        return token(metadata, partitionKey(metadata, partitionKeyValues));
    }

    /** The nodes holding the partition, primary replica first. */
    public synchronized List<String> replicasOf(String table, Object... partitionKeyValues) {
        TableMetadata metadata = schema.table(table);
        return ring.replicas(schema.replication(metadata.keyspace), token(metadata, partitionKey(metadata, partitionKeyValues)));
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
        schema = changed;
        // Prepared statements hold the old table metadata.
        shapes.clear();
        bindings.clear();
        return this;
    }

    /** The CREATE statements of the schema, as backups carry them in {@code schema.cql}. */
    public String schemaCql() {
        return schema.toCql();
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
        TableMetadata metadata = schema.table(keyspace, table);
        return directory.resolve(node).resolve(keyspace).resolve(table + "-" + metadata.id.toHexString());
    }

    /**
     * The SSTable components of the node's closed SSTables (all tables, and system_schema's once a
     * backup wrote them), sorted.
     */
    public synchronized List<Path> sstableFiles(String node) {
        node(node);
        Path nodeDir = directory.resolve(node);
        return files.keySet().stream().filter(p -> p.startsWith(nodeDir)).sorted().toList();
    }

    /** The base directory of the nodes' SSTables. */
    public Path directory() {
        return directory;
    }

    // ------------------------------------------------------------------------------------------
    // Value helpers

    /** A UDT value ({@code type} is {@code ks.type}) from its field values in declaration order; missing trailing fields are null. */
    public ByteBuffer udt(String type, Object... fieldValues) {
        UserType udt = schema.type(type);
        return Values.serialize(udt, java.util.Arrays.asList(fieldValues), "UDT " + type);
    }

    /** A UDT value ({@code type} is {@code ks.type}) from field name to value; absent fields are null. */
    public ByteBuffer udt(String type, Map<String, ?> fields) {
        UserType udt = schema.type(type);
        return Values.serialize(udt, fields, "UDT " + type);
    }

    /**
     * A tuple value of the CQL type {@code tupleType}, e.g. {@code tuple<int, text>}; UDTs in it
     * are looked up in the first keyspace of the schema (use {@link #serialize} for another).
     */
    public ByteBuffer tuple(String tupleType, Object... values) {
        AbstractType<?> type = parseType(schema.keyspaceNames().get(0), tupleType);
        if (!(type.unwrap() instanceof TupleType) || type.unwrap() instanceof UserType) {
            throw new IllegalArgumentException("'" + tupleType + "' is not a tuple type");
        }
        return Values.serialize(type, java.util.Arrays.asList(values), "tuple " + tupleType);
    }

    /** Any Java value serialized as the CQL type {@code cqlType}, UDTs resolved in {@code keyspace}. */
    public ByteBuffer serialize(String keyspace, String cqlType, Object value) {
        return Values.serialize(parseType(keyspace, cqlType), value, cqlType + " value");
    }

    private AbstractType<?> parseType(String keyspace, String cqlType) {
        try {
            return CQLTypeParser.parse(keyspace, cqlType, schema.keyspace(keyspace).types);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse CQL type '" + cqlType + "': " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Closes the writers and deletes the SSTable directory when the cluster created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (CQLSSTableWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
        writers.clear();
        if (ownsDirectory) {
            LocalFiles.deleteTree(directory);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The fixture cluster is closed");
        }
    }

    private ByteBuffer partitionKey(TableMetadata metadata, Object[] values) {
        List<ColumnMetadata> columns = metadata.partitionKeyColumns();
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(metadata + " has partition key " + columns.stream().map(c -> c.name.toString()).toList()
                    + "; got " + values.length + " value(s)");
        }
        ByteBuffer[] parts = new ByteBuffer[values.length];
        for (int i = 0; i < values.length; i++) {
            ColumnMetadata column = columns.get(i);
            parts[i] = Values.serialize(column.type, values[i], "Partition key " + column.name);
            if (parts[i] == null || parts[i] == UNSET) {
                throw new IllegalArgumentException("Partition key column " + column.name + " cannot be null");
            }
        }
        return parts.length == 1 ? parts[0] : CompositeType.build(ByteBufferAccessor.instance, parts);
    }

    private static long token(TableMetadata metadata, ByteBuffer partitionKey) {
        return (Long) metadata.partitioner.getToken(partitionKey).getTokenValue();
    }

    private record WriterKey(String node, String cql) {}

    /** A statement shape ready to write: its bind markers and where its partitions go. */
    private final class Prepared {
        final String writerCql;
        final ModificationStatement statement;
        final List<ColumnSpecification> binds;
        final TableMetadata table;
        final Ring.Replication replication;

        Prepared(String writerCql, ModificationStatement statement) {
            this.writerCql = writerCql;
            this.statement = statement;
            this.binds = statement.getBindVariables();
            this.table = statement.metadata;
            this.replication = schema.replication(statement.metadata.keyspace);
        }
    }

    /**
     * How to write one statement text: its shape, and for a literal statement the values standing
     * in for its literals (null for a statement with bind markers).
     */
    private record Binding(Prepared shape, List<ByteBuffer> literals) {}

    /** What a completed component looked like; MD5 computed once, on first backup. */
    private static final class FileState {
        final long size;
        final long modifiedNanos;
        final Object fileKey;
        private String md5;

        private FileState(long size, long modifiedNanos, Object fileKey) {
            this.size = size;
            this.modifiedNanos = modifiedNanos;
            this.fileKey = fileKey;
        }

        static FileState of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileState(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.fileKey());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stat " + file + ": " + e.getMessage(), e);
            }
        }

        boolean sameFile(FileState other) {
            return size == other.size && modifiedNanos == other.modifiedNanos && Objects.equals(fileKey, other.fileKey);
        }

        String md5(Path file) {
            if (md5 == null) {
                md5 = MedusaBackupWriter.md5(file);
            }
            return md5;
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
        private final List<String[]> nodeSpecs = new ArrayList<>();
        private final List<List<Long>> nodeTokens = new ArrayList<>();
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
            nodeSpecs.add(new String[] {fqdn, datacenter, rack});
            nodeTokens.add(null);
            return this;
        }

        /** Adds a node with explicit tokens. */
        public Builder node(String fqdn, String datacenter, String rack, List<Long> tokens) {
            if (tokens == null || tokens.isEmpty()) {
                throw new IllegalArgumentException("Node " + fqdn + " needs at least one token");
            }
            nodeSpecs.add(new String[] {fqdn, datacenter, rack});
            nodeTokens.add(List.copyOf(tokens));
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
            if (nodeSpecs.isEmpty()) {
                throw new IllegalArgumentException("A fixture cluster needs nodes: call nodes(n) or node(...)");
            }
            FixtureSchema parsed = FixtureSchema.parse(schema.toString());
            SSTableFormat<?, ?> sstableFormat = DatabaseDescriptor.getSSTableFormats().get(format);
            if (sstableFormat == null) {
                throw new IllegalArgumentException("Unknown SSTable format '" + format + "'; known: "
                        + DatabaseDescriptor.getSSTableFormats().keySet());
            }
            List<FixtureNode> nodes = assignTokens();
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

        private List<FixtureNode> assignTokens() {
            Set<Long> used = new HashSet<>();
            int automatic = 0;
            for (List<Long> tokens : nodeTokens) {
                if (tokens == null) {
                    automatic++;
                } else {
                    used.addAll(tokens);
                }
            }
            Random random = new Random(seed);
            BigInteger ringSize = BigInteger.ONE.shiftLeft(64);
            BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
            List<FixtureNode> nodes = new ArrayList<>();
            int auto = 0;
            for (int i = 0; i < nodeSpecs.size(); i++) {
                String[] spec = nodeSpecs.get(i);
                List<Long> tokens = nodeTokens.get(i);
                if (tokens == null) {
                    List<Long> assigned = new ArrayList<>();
                    if (vnodes > 0) {
                        while (assigned.size() < vnodes) {
                            long t = random.nextLong();
                            if (t != Long.MIN_VALUE && used.add(t)) {
                                assigned.add(t);
                            }
                        }
                    } else {
                        long t = ringSize.multiply(BigInteger.valueOf(auto)).divide(BigInteger.valueOf(automatic)).add(min).longValueExact();
                        if (!used.add(t)) {
                            throw new IllegalArgumentException("Evenly spaced token " + t + " of node " + spec[0] + " is taken by another node");
                        }
                        assigned.add(t);
                    }
                    auto++;
                    tokens = assigned;
                }
                nodes.add(new FixtureNode(spec[0], spec[1], spec[2], tokens));
            }
            return nodes;
        }
    }
}
