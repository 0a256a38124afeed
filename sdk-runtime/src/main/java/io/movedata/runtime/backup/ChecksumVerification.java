package io.movedata.runtime.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.movedata.runtime.manifest.CompressedObjects;
import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.runtime.manifest.ObjectChecksums;
import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.util.Parallel;

/**
 * Reads every object of some node backups to the end and compares its bytes with what the backup
 * lists: its size, the manifest's MD5 where it is a plain one, and for a Data.db the CRC32 of
 * its {@code Digest.crc32}. Objects are streamed (never held in memory), a few at a time; an
 * object several node backups list (a differential backup's shared SSTables) is read once.
 */
public final class ChecksumVerification {
    /** Objects read at once: enough to keep S3 busy, few enough to leave the machine usable. */
    private static final int THREADS = 8;
    private static final String DATA_SUFFIX = "-Data.db";
    private static final String DIGEST_SUFFIX = "-Digest.crc32";

    private ChecksumVerification() {}

    /**
     * One object whose bytes are not what the backup lists.
     *
     * @param listedBy the node backups that list it, as {@code node backup}
     * @param problem what was found and what was listed, naming node and key
     */
    public record Mismatch(String key, List<String> listedBy, String problem) {}

    /**
     * @param objects objects read
     * @param bytes bytes read (decompressed, for compressed objects)
     * @param md5Checked objects compared with a listed MD5
     * @param digestChecked Data.db objects compared with their Digest.crc32
     * @param sizeOnly objects checked by their size alone: the backup lists no MD5 for them (or a
     *     value that is no MD5: a multipart or encrypted S3 object's ETag), and they have no digest
     * @param mismatches objects that differ, in key order
     */
    public record Result(long objects, long bytes, long md5Checked, long digestChecked, long sizeOnly,
                         List<Mismatch> mismatches) {}

    private record Checked(long bytes, boolean md5, boolean digest, Optional<String> problem) {}

    /** Reads and checks every object the node backups' manifests list. */
    public static Result verify(ObjectStore store, Collection<NodeBackup> nodes) {
        Map<ManifestObject, List<NodeBackup>> listers = new LinkedHashMap<>();
        Map<ManifestObject, String> dataFiles = new HashMap<>();
        Map<String, ManifestObject> digests = new HashMap<>();
        for (NodeBackup node : nodes) {
            for (ManifestTable table : node.manifest()) {
                for (ManifestObject object : table.objects()) {
                    listers.computeIfAbsent(object, o -> new ArrayList<>()).add(node);
                    if (object.key().endsWith(DIGEST_SUFFIX)) {
                        digests.put(sstableOf(node, table, object, DIGEST_SUFFIX), object);
                    } else if (object.key().endsWith(DATA_SUFFIX)) {
                        dataFiles.put(object, sstableOf(node, table, object, DATA_SUFFIX));
                    }
                }
            }
        }
        List<ManifestObject> objects = new ArrayList<>(listers.keySet());
        objects.sort((a, b) -> a.key().compareTo(b.key()));
        List<Checked> checked = Parallel.map(objects, THREADS, object -> check(store, listers.get(object).get(0).fqdn(),
                object, digests.get(dataFiles.get(object))));
        long bytes = 0;
        long md5 = 0;
        long digest = 0;
        long sizeOnly = 0;
        List<Mismatch> mismatches = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            Checked result = checked.get(i);
            bytes += result.bytes();
            md5 += result.md5() ? 1 : 0;
            digest += result.digest() ? 1 : 0;
            sizeOnly += result.md5() || result.digest() ? 0 : 1;
            ManifestObject object = objects.get(i);
            result.problem().ifPresent(problem -> mismatches.add(new Mismatch(object.key(),
                    listers.get(object).stream().map(n -> n.fqdn() + " " + n.name()).toList(), problem)));
        }
        return new Result(objects.size(), bytes, md5, digest, sizeOnly, List.copyOf(mismatches));
    }

    private static Checked check(ObjectStore store, String node, ManifestObject object, ManifestObject digestObject) {
        ContentDigest digest = new ContentDigest();
        long read;
        try (InputStream in = CompressedObjects.decompress(store.open(object.key()), object.compression())) {
            read = digest.consume(in, OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            return new Checked(0, false, false, Optional.of(ObjectChecksums.describe(node, object) + ": cannot be read: "
                    + e.getMessage()));
        }
        boolean md5 = ObjectChecksums.plainMd5(object.md5()).isPresent();
        if (read != object.size()) {
            return new Checked(read, md5, false, Optional.of(ObjectChecksums.describe(node, object) + ": has " + read
                    + " bytes but the backup lists " + object.size()));
        }
        try {
            Optional<String> problem = ObjectChecksums.md5Mismatch(store, node, object, digest);
            if (problem.isPresent() || digestObject == null) {
                return new Checked(read, md5, false, problem);
            }
            String listed = new String(CompressedObjects.readAll(store, digestObject.key(), digestObject.compression()),
                    StandardCharsets.US_ASCII);
            return new Checked(read, md5, true, ObjectChecksums.digestMismatch(node, object, digest.crc32(), digestObject, listed));
        } catch (IOException | RuntimeException e) {
            // One object that cannot be compared is one row of the report, not the end of the check.
            return new Checked(read, md5, false, Optional.of(ObjectChecksums.describe(node, object) + ": cannot be compared: "
                    + e.getMessage()));
        }
    }

    /** {@code node/keyspace/table-id/<sstable name>}: what pairs a Data.db with its Digest.crc32. */
    private static String sstableOf(NodeBackup node, ManifestTable table, ManifestObject object, String suffix) {
        String file = object.fileName();
        return node.fqdn() + "/" + table.keyspace() + "/" + table.table() + "-" + table.tableId() + "/"
                + file.substring(0, file.length() - suffix.length());
    }
}
