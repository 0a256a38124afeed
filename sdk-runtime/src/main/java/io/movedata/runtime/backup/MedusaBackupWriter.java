package io.movedata.runtime.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;


import io.movedata.api.ErrorKind;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.store.StoredObject;

/**
 * Writes node backups in Medusa's layout and order: {@code schema.cql} first (the backup has
 * started), {@code tokenmap.json}, {@code server_version.json}, the {@code differential} marker,
 * the SSTable components, and {@code manifest.json} last, so that a node backup interrupted at any
 * point is never taken for a complete one. In differential mode a component already stored under
 * the node's shared {@code data/} with the same size (and MD5, when the stored ETag is a plain MD5)
 * is listed but not uploaded again.
 */
public final class MedusaBackupWriter {
    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    /**
     * The SSTable components of one table on the node.
     *
     * @param tableId the table id, 32 hex digits, as in the table's directory name
     */
    public record TableFiles(String keyspace, String table, String tableId, List<Path> components) {}

    /** One component as the manifest lists it; {@code uploaded} is false when a differential backup reused it. */
    public record WrittenObject(String keyspace, String table, String tableId, String key, String md5, long size,
                                boolean uploaded) {}

    /**
     * What was written for one node.
     *
     * @param metaKeys the meta objects in the order written (the manifest last, when written)
     * @param manifestKey the manifest's key, empty when the node backup was left unfinished
     */
    public record WrittenNodeBackup(String fqdn, String metaPrefix, List<String> metaKeys, Optional<String> manifestKey,
                                    List<WrittenObject> objects) {}

    private final ObjectStore store;
    private final StoreLocation location;
    private final String backupName;
    private final boolean differential;

    /**
     * @throws BackupException ({@link ErrorKind#INVALID_INPUT}) when the name is blank, has a '/', or is
     *         {@code data} or {@code index}
     */
    public MedusaBackupWriter(ObjectStore store, StoreLocation location, String backupName, boolean differential) {
        if (backupName == null || backupName.isBlank() || backupName.contains("/") || backupName.equals("data")
                || backupName.equals("index")) {
            throw new BackupException(ErrorKind.INVALID_INPUT, "Backup name '" + backupName
                    + "' must be non-blank, without '/', and not 'data' or 'index'");
        }
        this.store = store;
        this.location = location;
        this.backupName = backupName;
        this.differential = differential;
    }

    /** The key of a node's {@code manifest.json} in this backup. */
    public String manifestKey(String fqdn) {
        return metaPrefix(fqdn) + MedusaLayout.MANIFEST;
    }

    /**
     * Writes one node's backup.
     *
     * @param tokenmap the ring as the node sees it, by host name
     * @param releaseVersion the Cassandra version for {@code server_version.json}, or null to leave it out
     * @param md5 the hex MD5 of a component (callers that already know it save a read)
     * @param finish false to stop before the manifest, as a crash would
     */
    public WrittenNodeBackup write(String fqdn, String schemaCql, List<NodeTopology> tokenmap, String releaseVersion,
                                   List<TableFiles> tables, Function<Path, String> md5, boolean finish) {
        String meta = metaPrefix(fqdn);
        String dataPrefix = location.keyPrefix() + fqdn + "/" + (differential ? "" : backupName + "/") + "data/";
        List<String> metaKeys = new ArrayList<>();
        put(meta + "schema.cql", schemaCql.getBytes(StandardCharsets.UTF_8), metaKeys);
        put(meta + MedusaLayout.TOKENMAP, BackupFiles.json(tokenmapJson(tokenmap)), metaKeys);
        if (releaseVersion != null) {
            put(meta + "server_version.json", BackupFiles.json(Map.of("server_type", "cassandra", "release_version", releaseVersion)), metaKeys);
        }
        if (differential) {
            put(meta + "differential", "differential".getBytes(StandardCharsets.UTF_8), metaKeys);
        }
        List<WrittenObject> objects = new ArrayList<>();
        List<Map<String, Object>> manifest = new ArrayList<>();
        for (TableFiles table : tables) {
            String columnFamily = table.table() + "-" + table.tableId();
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Path file : table.components()) {
                long size = BackupFiles.size(file);
                String hash = md5.apply(file);
                String key = dataPrefix + table.keyspace() + "/" + columnFamily + "/" + file.getFileName();
                boolean upload = !differential || !alreadyStored(key, size, hash);
                if (upload) {
                    store.put(key, file);
                }
                objects.add(new WrittenObject(table.keyspace(), table.table(), table.tableId(), key, hash, size, upload));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", key);
                entry.put("MD5", hash);
                entry.put("size", size);
                entries.add(entry);
            }
            Map<String, Object> listed = new LinkedHashMap<>();
            listed.put("keyspace", table.keyspace());
            listed.put("columnfamily", columnFamily);
            listed.put("objects", entries);
            manifest.add(listed);
        }
        Optional<String> manifestKey = Optional.empty();
        if (finish) {
            put(manifestKey(fqdn), BackupFiles.json(manifest), metaKeys);
            manifestKey = Optional.of(manifestKey(fqdn));
        }
        return new WrittenNodeBackup(fqdn, meta, List.copyOf(metaKeys), manifestKey, List.copyOf(objects));
    }

    /** The hex MD5 of a file's bytes. */
    public static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private String metaPrefix(String fqdn) {
        return location.keyPrefix() + fqdn + "/" + backupName + "/meta/";
    }

    private boolean alreadyStored(String key, long size, String md5) {
        Optional<StoredObject> existing = store.stat(key);
        if (existing.isEmpty() || existing.get().size() != size) {
            return false;
        }
        // Multipart and KMS ETags are not MD5s of the content; then the size has to do.
        String etag = existing.get().etag();
        return etag == null || !PLAIN_MD5.matcher(etag).matches() || etag.equalsIgnoreCase(md5);
    }

    private void put(String key, byte[] bytes, List<String> written) {
        store.put(key, bytes);
        written.add(key);
    }

    private static Map<String, Object> tokenmapJson(List<NodeTopology> nodes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTopology node : nodes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tokens", node.tokens());
            entry.put("is_up", node.up());
            entry.put("rack", node.rack());
            entry.put("dc", node.datacenter());
            map.put(node.fqdn(), entry);
        }
        return map;
    }

}
