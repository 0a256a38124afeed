package io.movedata.runtime.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import io.movedata.runtime.manifest.CompressedObjects;
import io.movedata.runtime.manifest.ManifestObject.Compression;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * Writes node backups in Priam's backup V2 layout and order, for test fixtures: the meta file
 * first, then every file it lists that is not in the store yet. As in Priam, an SSTable
 * component's key carries the file's modification time (whole seconds), so a later snapshot lists
 * the same object and does not upload it again; the meta file's key carries the snapshot time.
 * Every object, the meta file included, is compressed with the writer's compression.
 *
 * <p>Besides the SSTables, a table may bring the {@code schema.cql} of Cassandra's snapshot, which
 * Priam uploads beside them (SSTable prefix {@code schema}). As with Priam, nothing else defines the
 * schema: readers take it from the node's {@code system_schema} tables, listed like any other.
 */
public final class PriamBackupWriter {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    /**
     * The files of one table on the node.
     *
     * @param tableId 32 hex digits, as in the table's directory name
     * @param components SSTable components; a file in a {@code .<index>} directory is a
     *     secondary-index file (uploaded as {@code SECONDARY_INDEX_V2})
     * @param snapshotSchemaCql the per-table {@code schema.cql} of Cassandra's snapshot, or null
     */
    public record TableFiles(String keyspace, String table, String tableId, List<Path> components, String snapshotSchemaCql) {}

    /**
     * How one node backup deviates from a plain one.
     *
     * @param pgp list and store every object, the meta file included, under {@code PGP} keys; the
     *     bytes are left plain, since readers refuse PGP objects without reading them
     * @param uploadFiles false to stop after the meta file, as a crash right after it would
     */
    public record NodeOptions(boolean pgp, boolean uploadFiles) {
        public static NodeOptions plain() {
            return new NodeOptions(false, true);
        }
    }

    /** One file the meta file lists; {@code uploaded} is false when it was already in the store or was left out. */
    public record WrittenObject(String keyspace, String table, String tableId, String key, long size, boolean uploaded) {}

    /**
     * What was written for one node.
     *
     * @param objects every file the meta file lists, in meta-file order
     */
    public record WrittenNodeBackup(String token, String metaKey, List<WrittenObject> objects) {}

    private final ObjectStore store;
    private final String app;
    private final String appPrefix;
    private final Compression compression;

    /**
     * @param base the location of Priam's base folder; the application folder {@code <hash>_<app>} is created below it
     * @throws BackupException ({@link ErrorKind#INVALID_INPUT}) for an app name that is blank or has a '/'
     */
    public PriamBackupWriter(ObjectStore store, StoreLocation base, String app, Compression compression) {
        if (app == null || app.isBlank() || app.contains("/")) {
            throw new BackupException(ErrorKind.INVALID_INPUT, "Priam app name '" + app + "' must be non-blank and without '/'");
        }
        this.store = store;
        this.app = app;
        this.appPrefix = base.keyPrefix() + PriamKey.appFolder(app) + "/";
        this.compression = compression;
    }

    /** {@code <base>/<hash>_<app>/}: where this writer's node backups go. */
    public String appPrefix() {
        return appPrefix;
    }

    /**
     * Writes one node's backup taken at {@code snapshotTime}: the meta file, then the files not yet stored.
     *
     * @param token the node's single token (Priam gives every node one)
     * @param region the node's region, which readers take as its datacenter
     */
    public WrittenNodeBackup write(String token, String region, String rack, Instant snapshotTime, List<TableFiles> tables,
                                   NodeOptions options) {
        long snapshotMs = snapshotTime.toEpochMilli() / 1000 * 1000;
        PriamKey.Encryption encryption = options.pgp() ? PriamKey.Encryption.PGP : PriamKey.Encryption.PLAINTEXT;
        List<Listed> files = new ArrayList<>();
        for (TableFiles table : tables) {
            String directory = table.table() + "-" + table.tableId();
            for (Path file : table.components()) {
                String parent = file.getParent().getFileName().toString();
                String index = parent.startsWith(".") ? parent : null;
                String name = file.getFileName().toString();
                PriamKey key = new PriamKey(token, index == null ? PriamKey.Type.SST_V2 : PriamKey.Type.SECONDARY_INDEX_V2,
                        modifiedSecond(file), table.keyspace(), directory, index, compression, encryption, name);
                files.add(new Listed(table, name.substring(0, Math.max(name.lastIndexOf('-'), 0)), key.key(appPrefix), file, null));
            }
            if (table.snapshotSchemaCql() != null) {
                PriamKey key = new PriamKey(token, PriamKey.Type.SST_V2, snapshotMs, table.keyspace(), directory, null,
                        compression, encryption, PriamLayout.SNAPSHOT_SCHEMA_FILE);
                files.add(new Listed(table, "schema", key.key(appPrefix), null,
                        table.snapshotSchemaCql().getBytes(StandardCharsets.UTF_8)));
            }
        }

        PriamKey metaKey = new PriamKey(token, PriamKey.Type.META_V2, snapshotMs, null, null, null, compression, encryption,
                "meta_v2_" + MINUTE.format(snapshotTime) + ".json");
        List<Boolean> present = files.stream().map(f -> store.stat(f.key()).isPresent()).toList();
        put(metaKey.key(appPrefix), BackupFiles.json(meta(token, region, rack, snapshotMs, files, present, encryption)));

        List<WrittenObject> written = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Listed file = files.get(i);
            boolean upload = options.uploadFiles() && !present.get(i);
            if (upload) {
                upload(file);
            }
            written.add(new WrittenObject(file.table().keyspace(), file.table().table(), file.table().tableId(), file.key(),
                    file.size(), upload));
        }
        return new WrittenNodeBackup(token, metaKey.key(appPrefix), List.copyOf(written));
    }

    /** One file to list: from disk, or generated ({@code content}). */
    private record Listed(TableFiles table, String prefix, String key, Path file, byte[] content) {
        String fileName() {
            return key.substring(key.lastIndexOf('/') + 1);
        }

        long size() {
            return content != null ? content.length : BackupFiles.size(file);
        }

        long modified(long snapshotMs) {
            return file == null ? snapshotMs : modifiedSecond(file);
        }

    }

    /** The meta file as Priam's MetaFileWriter writes it: {@code info}, then {@code data} per table and SSTable. */
    private Map<String, Object> meta(String token, String region, String rack, long snapshotMs, List<Listed> files,
                                     List<Boolean> present, PriamKey.Encryption encryption) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", 1);
        info.put("appName", app);
        info.put("region", region);
        info.put("rack", rack);
        info.put("backupIdentifier", List.of(token));
        Map<TableFiles, Map<String, List<Map<String, Object>>>> byTable = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            Listed file = files.get(i);
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("fileName", file.fileName());
            component.put("lastModifiedTime", file.modified(snapshotMs));
            component.put("fileCreationTime", file.modified(snapshotMs));
            component.put("fileSizeOnDisk", file.size());
            component.put("compression", compression.name());
            component.put("encryption", encryption.name());
            component.put("isUploaded", present.get(i));
            component.put("backupPath", file.key());
            byTable.computeIfAbsent(file.table(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(file.prefix(), p -> new ArrayList<>()).add(component);
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Map.Entry<TableFiles, Map<String, List<Map<String, Object>>>> table : byTable.entrySet()) {
            List<Map<String, Object>> sstables = new ArrayList<>();
            table.getValue().forEach((prefix, components) -> {
                Map<String, Object> sstable = new LinkedHashMap<>();
                sstable.put("prefix", prefix);
                sstable.put("sstableComponents", components);
                sstables.add(sstable);
            });
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("keyspaceName", table.getKey().keyspace());
            entry.put("columnfamilyName", table.getKey().table());
            entry.put("sstables", sstables);
            data.add(entry);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("info", info);
        meta.put("data", data);
        return meta;
    }

    /** Stores {@code bytes} at {@code key}, compressed. */
    private void put(String key, byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (OutputStream out = CompressedObjects.compress(buffer, compression)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compress " + key + ": " + e.getMessage(), e);
        }
        store.put(key, buffer.toByteArray());
    }

    /** Uploads a listed file, compressed through a temporary file so that large SSTables need not fit in memory. */
    private void upload(Listed listed) {
        if (listed.content() != null) {
            put(listed.key(), listed.content());
            return;
        }
        if (compression == Compression.NONE) {
            store.put(listed.key(), listed.file());
            return;
        }
        Path compressed = null;
        try {
            compressed = Files.createTempFile("movedata-priam-", "." + compression.name().toLowerCase());
            try (OutputStream out = CompressedObjects.compress(Files.newOutputStream(compressed), compression)) {
                Files.copy(listed.file(), out);
            }
            store.put(listed.key(), compressed);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compress " + listed.file() + " for " + listed.key() + ": " + e.getMessage(), e);
        } finally {
            if (compressed != null) {
                try {
                    Files.deleteIfExists(compressed);
                } catch (IOException e) {
                    // a leftover temporary file is harmless; the upload's outcome stands
                }
            }
        }
    }

    private static long modifiedSecond(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() / 1000 * 1000;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stat " + file + ": " + e.getMessage(), e);
        }
    }

}
