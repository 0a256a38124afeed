package io.movedata.runtime.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.movedata.runtime.manifest.CompressedObjects;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.sstable.SchemaException;
import io.movedata.runtime.sstable.SystemSchemaCql;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;
import io.movedata.runtime.util.Parallel;

/**
 * Backups written by Netflix Priam's backup V2 ({@link PriamKey} has the key grammar): per node, a
 * token folder under {@code <base>/<hash>_<app>/}; per snapshot a meta file
 * {@code <token>/META_V2/<epochMs>/<compression>/<encryption>/meta_v2_<yyyyMMddHHmm>.json} listing
 * every file with its {@code backupPath}; SSTable components under {@code SST_V2}, uploaded once
 * and shared by later snapshots (the key carries the file's own modification time).
 *
 * <p>Priam uploads the meta file <em>before</em> the files it lists, so a meta file alone proves
 * nothing: a node backup is complete only when every listed object exists, and otherwise it is
 * still uploading or never finished (STARTED). A node backup's name is its meta file's minute
 * ({@code yyyyMMddHHmm}, UTC), which the nodes of one scheduled snapshot share; should one node
 * have several meta files of the same minute, each is named by its second instead
 * ({@code yyyyMMddHHmmss}). Its start, the time its rows stand for, is the snapshot time in the
 * meta file's key. Node names are the token folders; each node backup knows only its own token,
 * rack and region (taken as the datacenter name), so the ring is built from the node backups of a
 * selection.
 *
 * <p>Refused, with the key named: PGP-encrypted objects, tokens that are not Murmur3Partitioner
 * tokens, keys outside the node's token folder, and keys not in the V2 grammar (backup V1's among them). Secondary-index files and
 * the {@code schema.cql}/{@code manifest.json} of Cassandra's snapshots are checked to exist but
 * are not SSTables of their table. Incremental SSTables uploaded after a snapshot are not read:
 * a node backup is the snapshot its meta file lists.
 */
public final class PriamLayout implements BackupLayout {
    public static final String NAME = "priam";

    /** The per-table schema file Cassandra puts in a snapshot; Priam uploads it beside the table's SSTables. */
    static final String SNAPSHOT_SCHEMA_FILE = "schema.cql";
    /** The files of a Cassandra snapshot that are not SSTable components; Priam uploads them beside the SSTables. */
    private static final List<String> SNAPSHOT_FILES = List.of(SNAPSHOT_SCHEMA_FILE, "manifest.json");

    private static final Logger LOG = LoggerFactory.getLogger(PriamLayout.class);
    private static final Pattern META_FILE = Pattern.compile("meta_v2_(\\d{12})\\.json");
    private static final Pattern TABLE_DIRECTORY = Pattern.compile("(.+)-([0-9a-f]{32})");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    private final String appPrefix;

    /** @param appPrefix the application folder {@code <base>/<hash>_<app>/}, bucket-relative */
    public PriamLayout(ObjectStore store, String appPrefix) {
        this.store = store;
        this.appPrefix = appPrefix;
    }

    /**
     * The Priam layout when {@code location} is an application folder {@code <hash>_<app>} or a
     * base folder holding exactly one; empty when it looks like neither. The folder name cannot be
     * mistaken for a Medusa host name: it must start with the Java hash of the rest of the name.
     * Costs at most one listing.
     *
     * @throws BackupException when the base folder holds several applications' backups
     */
    public static Optional<PriamLayout> detect(ObjectStore store, StoreLocation location) {
        // A file:// location is its directory, with no key prefix: its own name is the folder's.
        String folder = location.prefix().isEmpty() && !location.isS3()
                ? String.valueOf(Path.of(location.bucket()).getFileName()) : BackupFiles.lastSegment(location.prefix());
        if (PriamKey.appOf(folder).isPresent()) {
            return Optional.of(new PriamLayout(store, location.keyPrefix()));
        }
        List<String> apps = new ArrayList<>();
        for (String child : store.listChildren(location.keyPrefix())) {
            if (PriamKey.appOf(BackupFiles.lastSegment(child)).isPresent()) {
                apps.add(child);
            }
        }
        if (apps.size() > 1) {
            throw new BackupException(ErrorKind.INVALID_INPUT, location + " holds the Priam backups of " + apps.size() + " applications "
                    + apps.stream().map(BackupFiles::lastSegment).toList() + "; point the location at one of them, e.g. "
                    + location + "/" + BackupFiles.lastSegment(apps.get(0)));
        }
        return apps.isEmpty() ? Optional.empty() : Optional.of(new PriamLayout(store, apps.get(0)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recordsRing() {
        return false;
    }

    /** The token folders: one per node that ever uploaded anything. */
    public List<String> nodes() {
        return store.listChildren(appPrefix).stream().map(BackupFiles::lastSegment).toList();
    }

    @Override
    public List<NodeBackupEntry> entries() {
        return Parallel.flatMap(nodes(), this::entries);
    }

    /** The node's meta files, one entry each. */
    private List<NodeBackupEntry> entries(String token) {
        List<NodeBackupEntry> entries = new ArrayList<>();
        for (StoredObject object : store.list(appPrefix + token + "/" + PriamKey.Type.META_V2 + "/")) {
            PriamKey key;
            try {
                key = PriamKey.parse(object.key(), appPrefix);
            } catch (BackupException e) {
                LOG.warn("Ignoring an object that is not a Priam meta file: {}", e.getMessage());
                continue;
            }
            Matcher name = META_FILE.matcher(key.fileName());
            if (!name.matches()) {
                LOG.warn("Ignoring {}: a meta file is named meta_v2_<yyyyMMddHHmm>.json", object.key());
                continue;
            }
            entries.add(new NodeBackupEntry(token, name.group(1), Instant.ofEpochMilli(key.epochMs()), Optional.empty(),
                    object.key()));
        }
        Map<String, Integer> perName = new HashMap<>();
        entries.forEach(e -> perName.merge(e.name(), 1, Integer::sum));
        return entries.stream().map(e -> perName.get(e.name()) == 1 ? e
                : new NodeBackupEntry(e.node(), SECOND.format(e.started()), e.started(), e.finished(), e.metaKey())).toList();
    }

    @Override
    public NodeBackup read(NodeBackupEntry entry) {
        String node = entry.node();
        String nodePrefix = appPrefix + node + "/";
        Map<String, NodeTopology> tokenMap = Map.of();
        try {
            long token = PriamKey.murmur3Token(node);
            // Until the meta file says where the node is: a node whose meta file cannot be read is
            // still in the ring (with an unknown rack and datacenter) rather than leaving a hole.
            tokenMap = Map.of(node, new NodeTopology(node, List.of(token), true, "", ""));
            PriamMeta meta = readMeta(entry);
            tokenMap = Map.of(node, new NodeTopology(node, List.of(token), true, meta.rack(), meta.region()));
            if (!meta.backupIdentifier().isEmpty() && !meta.backupIdentifier().contains(node)) {
                throw new BackupException("meta file " + entry.metaKey() + " belongs to token " + meta.backupIdentifier()
                        + " but lies in token folder " + nodePrefix);
            }
            Contents contents = contents(meta, nodePrefix, entry.metaKey());
            ListedObjects.Findings findings = ListedObjects.check(store, contents.allObjects(), nodePrefix);
            List<String> invalid = new ArrayList<>(contents.invalid());
            invalid.addAll(findings.wrong());
            if (!invalid.isEmpty()) {
                return new NodeBackup(entry, NodeBackup.State.INVALID, ListedObjects.capped(invalid), tokenMap,
                        Optional.empty(), true, contents.tables());
            }
            if (!findings.missing().isEmpty()) {
                List<String> problems = new ArrayList<>();
                problems.add("Priam uploads the meta file " + entry.metaKey() + " before the files it lists, and "
                        + findings.missing().size() + " of them are not in the store: the node backup never finished or is "
                        + "still uploading");
                problems.addAll(ListedObjects.capped(findings.missing()));
                return new NodeBackup(entry, NodeBackup.State.STARTED, problems, tokenMap, Optional.empty(), true,
                        contents.tables());
            }
            return new NodeBackup(entry, NodeBackup.State.COMPLETE, List.of(), tokenMap, Optional.empty(), true,
                    contents.tables());
        } catch (BackupException e) {
            return new NodeBackup(entry, NodeBackup.State.INVALID, List.of(e.getMessage()), tokenMap, Optional.empty(),
                    true, List.of());
        }
    }

    /**
     * The schema of the node backup's time, from its own {@code system_schema} SSTables, which
     * Priam backs up like any other table. Priam keeps no schema script: the per-table
     * {@code schema.cql} of Cassandra's snapshots defines tables and types but no keyspace or
     * replication.
     *
     * @throws BackupException naming the meta file when the system_schema tables give no schema
     */
    @Override
    public String schemaCql(NodeBackup backup) {
        try {
            return SystemSchemaCql.script(store, backup.fqdn(), backup.manifest(),
                    "node backup '" + backup.name() + "' of node '" + backup.fqdn() + "'");
        } catch (SchemaException e) {
            throw new BackupException("Priam backup " + backup.entry().metaKey() + ": its system_schema tables give no schema: "
                    + e.getMessage(), e);
        }
    }

    private PriamMeta readMeta(NodeBackupEntry entry) {
        PriamKey key = PriamKey.parse(entry.metaKey(), appPrefix);
        if (key.encryption() == PriamKey.Encryption.PGP) {
            throw new BackupException(pgp(entry.metaKey()));
        }
        try {
            return PriamMeta.parse(CompressedObjects.readAll(store, entry.metaKey(), key.compression()), entry.metaKey());
        } catch (IOException e) {
            throw new BackupException(e.getMessage(), e);
        }
    }

    /**
     * The meta file's files as the manifest of a node backup: the SSTable components per table,
     * and the other objects (secondary-index files, Cassandra's snapshot files), which are checked
     * to exist but are not read as SSTables.
     *
     * @param invalid why objects cannot be read (each naming the key); those objects are left out
     */
    private record Contents(List<ManifestTable> tables, List<ManifestObject> others, List<String> invalid) {
        List<ManifestObject> allObjects() {
            List<ManifestObject> all = new ArrayList<>(others);
            tables.forEach(t -> all.addAll(t.objects()));
            return all;
        }
    }

    private Contents contents(PriamMeta meta, String nodePrefix, String metaKey) {
        Map<TableDirectory, List<ManifestObject>> byTable = new LinkedHashMap<>();
        List<ManifestObject> others = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (PriamMeta.ListedFile file : meta.files()) {
            String path = file.backupPath();
            if (ListedObjects.escapes(path, nodePrefix)) {
                invalid.add("key " + path + " is outside the node's prefix " + nodePrefix + "; refused");
                continue;
            }
            PriamKey key;
            try {
                key = PriamKey.parse(path, appPrefix);
            } catch (BackupException e) {
                invalid.add(e.getMessage());
                continue;
            }
            if (key.encryption() == PriamKey.Encryption.PGP) {
                invalid.add(pgp(path));
                continue;
            }
            ManifestObject object = new ManifestObject(path, "", file.size(), key.compression());
            Matcher tableDirectory = key.tableDirectory() == null ? null : TABLE_DIRECTORY.matcher(key.tableDirectory());
            if (key.type() == PriamKey.Type.META_V2 || !key.keyspace().equals(file.keyspace())
                    || !tableDirectory.matches() || !tableDirectory.group(1).equals(file.columnFamily())) {
                invalid.add("meta file " + metaKey + " lists " + path + " as a file of table " + file.keyspace() + "."
                        + file.columnFamily() + ", but its key is not in that table's folder <keyspace>/<table>-<32 hex id>");
                continue;
            }
            List<ManifestObject> tableObjects = byTable.computeIfAbsent(
                    new TableDirectory(key.keyspace(), tableDirectory.group(1), tableDirectory.group(2)), k -> new ArrayList<>());
            boolean sstableComponent = key.type() == PriamKey.Type.SST_V2 && !SNAPSHOT_FILES.contains(key.fileName());
            (sstableComponent ? tableObjects : others).add(object);
        }
        List<ManifestTable> tables = new ArrayList<>();
        byTable.forEach((table, objects) -> tables.add(new ManifestTable(table.keyspace(), table.table(), table.tableId(),
                List.copyOf(objects))));
        return new Contents(List.copyOf(tables), List.copyOf(others), List.copyOf(invalid));
    }

    /** A table's folder {@code <keyspace>/<table>-<id>}. */
    private record TableDirectory(String keyspace, String table, String tableId) {}

    private static String pgp(String key) {
        return "PGP-encrypted objects are not supported: " + key + " (movedata reads PLAINTEXT Priam backups only)";
    }

}
