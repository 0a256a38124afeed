package io.movedata.runtime.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;

/**
 * Reads backups written by cassandra-medusa: per node {@code <prefix>/<fqdn>/<backup>/meta/} with
 * {@code schema.cql} (first: the backup started), {@code tokenmap.json}, {@code server_version.json},
 * an optional {@code differential} marker and {@code manifest.json} (last: the node backup is
 * complete). See shared/BACKUP-LAYOUTS.md.
 */
public final class MedusaLayout {
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

    public MedusaLayout(ObjectStore store, StoreLocation location) {
        this.store = store;
        this.location = location;
    }

    /** Host names that have at least one object under the location. */
    public List<String> nodes() {
        List<String> nodes = new ArrayList<>();
        for (String child : store.listChildren(location.keyPrefix())) {
            String fqdn = lastSegment(child);
            if (!fqdn.equals(INDEX_FOLDER)) {
                nodes.add(fqdn);
            }
        }
        return nodes;
    }

    /** Names of the backups of any node, sorted. */
    public List<String> backupNames() {
        TreeSet<String> names = new TreeSet<>();
        for (String fqdn : nodes()) {
            for (String child : store.listChildren(location.keyPrefix() + fqdn + "/")) {
                String name = lastSegment(child);
                if (!name.equals(DATA_FOLDER)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Reads the cluster backup {@code name}: every node backup of that name, and which nodes of
     * the token map have none that is complete.
     *
     * @throws BackupException when no node has a backup of that name, or a meta object is unreadable
     */
    public ClusterBackup read(String name) {
        SortedMap<String, NodeBackup> complete = new TreeMap<>();
        SortedMap<String, String> unavailable = new TreeMap<>();
        List<NodeBackup> started = new ArrayList<>();
        for (String fqdn : nodes()) {
            readNode(fqdn, name).ifPresent(started::add);
        }
        if (started.isEmpty()) {
            throw new BackupException("No backup named '" + name + "' at " + location
                    + ": no node has " + location.keyPrefix() + "<node>/" + name + "/meta/" + SCHEMA
                    + "; backups found: " + backupNames());
        }
        for (NodeBackup node : started) {
            if (node.complete()) {
                complete.put(node.fqdn(), node);
            } else {
                unavailable.put(node.fqdn(), "incomplete: " + node.metaPrefix() + MANIFEST
                        + " is missing (the node backup started at " + node.started() + " but never finished)");
            }
        }
        if (complete.isEmpty()) {
            throw new BackupException("Backup '" + name + "' at " + location + " has no complete node backup: "
                    + unavailable);
        }
        SortedMap<String, NodeTopology> topology = new TreeMap<>(complete.values().iterator().next().tokenMap());
        for (String fqdn : topology.keySet()) {
            if (!complete.containsKey(fqdn) && !unavailable.containsKey(fqdn)) {
                unavailable.put(fqdn, "missing: no node backup under " + location.keyPrefix() + fqdn + "/" + name + "/");
            }
        }
        for (String fqdn : new ArrayList<>(complete.keySet())) {
            if (!topology.containsKey(fqdn)) {
                throw new BackupException("Backup '" + name + "' at " + location + ": node '" + fqdn
                        + "' has a node backup but is not in the token map " + topology.keySet());
            }
        }
        return new ClusterBackup(location, name, Collections.unmodifiableSortedMap(complete),
                Collections.unmodifiableSortedMap(unavailable), Collections.unmodifiableSortedMap(topology));
    }

    private Optional<NodeBackup> readNode(String fqdn, String name) {
        String metaPrefix = location.keyPrefix() + fqdn + "/" + name + "/meta/";
        Map<String, StoredObject> meta = new TreeMap<>();
        for (StoredObject o : store.list(metaPrefix)) {
            meta.put(o.key().substring(metaPrefix.length()), o);
        }
        StoredObject schema = meta.get(SCHEMA);
        if (schema == null) {
            return Optional.empty();
        }
        String where = location + " backup '" + name + "' node '" + fqdn + "'";
        String schemaCql = new String(store.readAll(schema.key()), StandardCharsets.UTF_8);
        StoredObject tokenmap = meta.get(TOKENMAP);
        StoredObject manifest = meta.get(MANIFEST);
        if (tokenmap == null) {
            if (manifest != null) {
                throw new BackupException(where + ": expected " + metaPrefix + TOKENMAP + " beside the manifest, found none");
            }
            return Optional.of(new NodeBackup(fqdn, name, metaPrefix, schemaCql, Map.of(), Optional.empty(),
                    false, List.of(), schema.lastModified(), Optional.empty()));
        }
        Map<String, NodeTopology> tokenMap = parseTokenMap(readJson(tokenmap, where), tokenmap.key(), where);
        Optional<String> version = Optional.ofNullable(meta.get(SERVER_VERSION))
                .map(o -> readJson(o, where).path("release_version").asText(null));
        boolean differential = meta.containsKey("differential") || meta.containsKey("incremental");
        List<ManifestTable> tables = manifest == null ? List.of() : parseManifest(readJson(manifest, where), manifest.key(), where);
        Optional<Instant> finished = Optional.ofNullable(manifest).map(StoredObject::lastModified);
        return Optional.of(new NodeBackup(fqdn, name, metaPrefix, schemaCql, tokenMap, version, differential,
                tables, schema.lastModified(), finished));
    }

    private JsonNode readJson(StoredObject object, String where) {
        try {
            return JSON.readTree(store.readAll(object.key()));
        } catch (IOException e) {
            throw new BackupException(where + ": " + object.key() + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, NodeTopology> parseTokenMap(JsonNode root, String key, String where) {
        if (!root.isObject() || root.isEmpty()) {
            throw new BackupException(where + ": expected " + key + " to be an object of host name -> {tokens, is_up, rack, dc}, found " + abbreviate(root));
        }
        Map<String, NodeTopology> nodes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode tokens = e.getValue().path("tokens");
            if (!tokens.isArray() || tokens.isEmpty()) {
                throw new BackupException(where + ": " + key + " gives node '" + e.getKey() + "' no tokens");
            }
            List<Long> parsed = new ArrayList<>();
            for (JsonNode token : tokens) {
                try {
                    parsed.add(Long.parseLong(token.asText()));
                } catch (NumberFormatException nfe) {
                    throw new BackupException(where + ": " + key + " gives node '" + e.getKey() + "' token '" + token.asText()
                            + "'; expected a Murmur3Partitioner token (a 64-bit integer)", nfe);
                }
            }
            JsonNode n = e.getValue();
            nodes.put(e.getKey(), new NodeTopology(e.getKey(), List.copyOf(parsed), n.path("is_up").asBoolean(true),
                    n.path("rack").asText(""), n.path("dc").asText("")));
        }
        return nodes;
    }

    static List<ManifestTable> parseManifest(JsonNode root, String key, String where) {
        if (!root.isArray()) {
            throw new BackupException(where + ": expected " + key + " to be a list of {keyspace, columnfamily, objects}, found " + abbreviate(root));
        }
        List<ManifestTable> tables = new ArrayList<>();
        for (JsonNode entry : root) {
            String keyspace = entry.path("keyspace").asText(null);
            String columnFamily = entry.path("columnfamily").asText(null);
            if (keyspace == null || columnFamily == null) {
                throw new BackupException(where + ": " + key + " has an entry without keyspace or columnfamily: " + abbreviate(entry));
            }
            int dash = columnFamily.lastIndexOf('-');
            String table = dash < 0 ? columnFamily : columnFamily.substring(0, dash);
            String tableId = dash < 0 ? "" : columnFamily.substring(dash + 1);
            List<ManifestObject> objects = new ArrayList<>();
            for (JsonNode o : entry.path("objects")) {
                String path = o.path("path").asText(null);
                if (path == null || !o.path("size").canConvertToLong()) {
                    throw new BackupException(where + ": " + key + " lists an object without path or size in "
                            + keyspace + "." + columnFamily + ": " + abbreviate(o));
                }
                objects.add(new ManifestObject(path, o.path("MD5").asText(""), o.path("size").asLong()));
            }
            tables.add(new ManifestTable(keyspace, table, tableId, List.copyOf(objects)));
        }
        return tables;
    }

    private static String lastSegment(String prefix) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
