package io.movedata.runtime.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;
import io.movedata.runtime.util.Parallel;

/**
 * Backups written by cassandra-medusa: per node {@code <prefix>/<fqdn>/<backup>/meta/} with
 * {@code schema.cql} (first: the backup started; its time is the backup's), {@code tokenmap.json},
 * {@code server_version.json}, an optional {@code differential} marker and {@code manifest.json}
 * (last: the node backup finished). See shared/BACKUP-LAYOUTS.md.
 */
public final class MedusaLayout implements BackupLayout {
    public static final String NAME = "medusa";
    static final String SCHEMA = "schema.cql";
    static final String TOKENMAP = "tokenmap.json";
    static final String SERVER_VERSION = "server_version.json";
    static final String MANIFEST = "manifest.json";
    /** Medusa's own convenience index at the top of the prefix; never a node. */
    private static final String INDEX_FOLDER = "index";
    /** Differential SSTables live under {@code <fqdn>/data/}; never a backup name. */
    private static final String DATA_FOLDER = "data";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final StoreLocation location;
    /** Meta folder listings {@link #entries()} made, kept for the one {@link #read} of each so it need not list again. */
    private final Map<String, Map<String, StoredObject>> listedMeta = new ConcurrentHashMap<>();

    public MedusaLayout(ObjectStore store, StoreLocation location) {
        this.store = store;
        this.location = location;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recordsRing() {
        return true;
    }

    /** Host names that have at least one object under the location. */
    public List<String> nodes() {
        List<String> nodes = new ArrayList<>();
        for (String child : store.listChildren(location.keyPrefix())) {
            String fqdn = BackupFiles.lastSegment(child);
            if (!fqdn.equals(INDEX_FOLDER)) {
                nodes.add(fqdn);
            }
        }
        return nodes;
    }

    @Override
    public List<NodeBackupEntry> entries() {
        return Parallel.flatMap(nodes(), this::entries);
    }

    /** The node's backups: every {@code <fqdn>/<backup>/meta/} folder holding at least one object. */
    private List<NodeBackupEntry> entries(String fqdn) {
        List<NodeBackupEntry> entries = new ArrayList<>();
        for (String child : store.listChildren(location.keyPrefix() + fqdn + "/")) {
            String name = BackupFiles.lastSegment(child);
            if (name.equals(DATA_FOLDER)) {
                continue;
            }
            String metaPrefix = child + "meta/";
            Map<String, StoredObject> meta = meta(metaPrefix);
            if (meta.isEmpty()) {
                continue;
            }
            listedMeta.put(metaPrefix, meta);
            StoredObject schema = meta.get(SCHEMA);
            Instant started = schema != null ? schema.lastModified()
                    : meta.values().stream().map(StoredObject::lastModified).min(Comparator.naturalOrder()).orElseThrow();
            Optional<Instant> finished = Optional.ofNullable(meta.get(MANIFEST)).map(StoredObject::lastModified);
            entries.add(new NodeBackupEntry(fqdn, name, started, finished, metaPrefix));
        }
        return entries;
    }

    private Map<String, StoredObject> meta(String metaPrefix) {
        Map<String, StoredObject> meta = new TreeMap<>();
        for (StoredObject o : store.list(metaPrefix)) {
            meta.put(o.key().substring(metaPrefix.length()), o);
        }
        return meta;
    }

    @Override
    public NodeBackup read(NodeBackupEntry entry) {
        String metaPrefix = entry.metaKey();
        Map<String, StoredObject> listed = listedMeta.remove(metaPrefix);
        Map<String, StoredObject> meta = listed != null ? listed : meta(metaPrefix);
        if (!meta.containsKey(SCHEMA)) {
            return broken(entry, NodeBackup.State.INVALID, "expected " + metaPrefix + SCHEMA
                    + " (Medusa writes it first), found only " + meta.keySet());
        }
        StoredObject tokenmap = meta.get(TOKENMAP);
        StoredObject manifest = meta.get(MANIFEST);
        Map<String, NodeTopology> tokenMap = Map.of();
        try {
            if (tokenmap != null) {
                tokenMap = parseTokenMap(readJson(tokenmap), tokenmap.key());
            }
            if (manifest == null) {
                return new NodeBackup(entry, NodeBackup.State.STARTED, List.of(metaPrefix + MANIFEST
                        + " is missing: the node backup started at " + entry.started() + " and never finished"),
                        tokenMap, Optional.empty(), false, List.of());
            }
            if (tokenmap == null) {
                return broken(entry, NodeBackup.State.INVALID, "expected " + metaPrefix + TOKENMAP
                        + " beside the manifest, found none");
            }
            if (!tokenMap.containsKey(entry.node())) {
                return broken(entry, NodeBackup.State.INVALID, metaPrefix + TOKENMAP + " does not list the node itself; it lists "
                        + tokenMap.keySet());
            }
            Optional<String> version = Optional.ofNullable(meta.get(SERVER_VERSION))
                    .map(o -> readJson(o).path("release_version").asText(null));
            boolean differential = meta.containsKey("differential") || meta.containsKey("incremental");
            List<ManifestTable> tables = parseManifest(readJson(manifest), manifest.key());
            List<ManifestObject> objects = tables.stream().flatMap(t -> t.objects().stream()).toList();
            List<String> problems = ListedObjects.verify(store, objects, location.keyPrefix() + entry.node() + "/");
            return new NodeBackup(entry, problems.isEmpty() ? NodeBackup.State.COMPLETE : NodeBackup.State.INVALID,
                    problems, tokenMap, version, differential, tables);
        } catch (BackupException e) {
            return new NodeBackup(entry, NodeBackup.State.INVALID, List.of(e.getMessage()), tokenMap, Optional.empty(),
                    false, List.of());
        }
    }

    @Override
    public String schemaCql(NodeBackup backup) {
        return new String(store.readAll(backup.entry().metaKey() + SCHEMA), StandardCharsets.UTF_8);
    }

    private static NodeBackup broken(NodeBackupEntry entry, NodeBackup.State state, String problem) {
        return new NodeBackup(entry, state, List.of(problem), Map.of(), Optional.empty(), false, List.of());
    }

    private JsonNode readJson(StoredObject object) {
        try {
            return JSON.readTree(store.readAll(object.key()));
        } catch (IOException e) {
            throw new BackupException(object.key() + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, NodeTopology> parseTokenMap(JsonNode root, String key) {
        if (!root.isObject() || root.isEmpty()) {
            throw new BackupException("expected " + key + " to be an object of host name -> {tokens, is_up, rack, dc}, found "
                    + abbreviate(root));
        }
        Map<String, NodeTopology> nodes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode tokens = e.getValue().path("tokens");
            if (!tokens.isArray() || tokens.isEmpty()) {
                throw new BackupException(key + " gives node '" + e.getKey() + "' no tokens");
            }
            List<Long> parsed = new ArrayList<>();
            for (JsonNode token : tokens) {
                try {
                    parsed.add(Long.parseLong(token.asText()));
                } catch (NumberFormatException nfe) {
                    throw new BackupException(key + " gives node '" + e.getKey() + "' token '" + token.asText()
                            + "'; expected a Murmur3Partitioner token (a 64-bit integer)", nfe);
                }
            }
            JsonNode n = e.getValue();
            nodes.put(e.getKey(), new NodeTopology(e.getKey(), List.copyOf(parsed), n.path("is_up").asBoolean(true),
                    n.path("rack").asText(""), n.path("dc").asText("")));
        }
        return nodes;
    }

    static List<ManifestTable> parseManifest(JsonNode root, String key) {
        if (!root.isArray()) {
            throw new BackupException("expected " + key + " to be a list of {keyspace, columnfamily, objects}, found "
                    + abbreviate(root));
        }
        List<ManifestTable> tables = new ArrayList<>();
        for (JsonNode entry : root) {
            String keyspace = entry.path("keyspace").asText(null);
            String columnFamily = entry.path("columnfamily").asText(null);
            if (keyspace == null || columnFamily == null) {
                throw new BackupException(key + " has an entry without keyspace or columnfamily: " + abbreviate(entry));
            }
            int dash = columnFamily.lastIndexOf('-');
            String table = dash < 0 ? columnFamily : columnFamily.substring(0, dash);
            String tableId = dash < 0 ? "" : columnFamily.substring(dash + 1);
            List<ManifestObject> objects = new ArrayList<>();
            for (JsonNode o : entry.path("objects")) {
                String path = o.path("path").asText(null);
                if (path == null || !o.path("size").canConvertToLong()) {
                    throw new BackupException(key + " lists an object without path or size in "
                            + keyspace + "." + columnFamily + ": " + abbreviate(o));
                }
                objects.add(new ManifestObject(path, o.path("MD5").asText(""), o.path("size").asLong()));
            }
            tables.add(new ManifestTable(keyspace, table, tableId, List.copyOf(objects)));
        }
        return tables;
    }

    static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
