package io.movedata.runtime.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Priam {@code meta_v2_<yyyyMMddHHmm>.json} as read: who wrote it ({@code info}) and every file
 * it lists ({@code data}: per table, per SSTable prefix, the components with their
 * {@code backupPath} and uncompressed {@code fileSizeOnDisk}).
 *
 * @param region the node's region, which Priam's snitches make the datacenter name
 * @param backupIdentifier the node's token, as Priam recorded it; empty when absent
 * @param files every component listed, in file order
 */
record PriamMeta(String region, String rack, List<String> backupIdentifier, List<ListedFile> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One file of the meta file.
     *
     * @param columnFamily the table name (Priam lists it without the table id)
     * @param prefix the SSTable name ({@code nb-1-big}), or {@code schema}/{@code manifest} for the
     *     {@code schema.cql}/{@code manifest.json} of Cassandra's snapshot
     * @param size the file's uncompressed size
     * @param backupPath the object's bucket-relative key
     */
    record ListedFile(String keyspace, String columnFamily, String prefix, String fileName, long size, String backupPath) {}

    /** @throws BackupException naming {@code key} when the bytes are not a meta file */
    static PriamMeta parse(byte[] bytes, String key) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new BackupException("meta file " + key + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("data").isArray()) {
            throw new BackupException("expected meta file " + key + " to be an object {info, data: [...]}, found "
                    + MedusaLayout.abbreviate(root == null ? JSON.nullNode() : root));
        }
        JsonNode info = root.path("info");
        List<String> identifiers = new ArrayList<>();
        info.path("backupIdentifier").forEach(id -> identifiers.add(id.asText()));
        List<ListedFile> files = new ArrayList<>();
        for (JsonNode table : root.path("data")) {
            String keyspace = text(table, "keyspaceName", key);
            String columnFamily = text(table, "columnfamilyName", key);
            for (JsonNode sstable : table.path("sstables")) {
                String prefix = sstable.path("prefix").asText("");
                for (JsonNode component : sstable.path("sstableComponents")) {
                    JsonNode size = component.path("fileSizeOnDisk");
                    if (!size.canConvertToLong() || size.asLong() < 0) {
                        throw new BackupException("meta file " + key + " lists a file of " + keyspace + "." + columnFamily
                                + " without a valid fileSizeOnDisk: " + MedusaLayout.abbreviate(component));
                    }
                    files.add(new ListedFile(keyspace, columnFamily, prefix, text(component, "fileName", key),
                            size.asLong(), text(component, "backupPath", key)));
                }
            }
        }
        return new PriamMeta(info.path("region").asText(""), info.path("rack").asText(""),
                List.copyOf(identifiers), List.copyOf(files));
    }

    private static String text(JsonNode node, String field, String key) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new BackupException("meta file " + key + " has an entry without " + field + ": " + MedusaLayout.abbreviate(node));
        }
        return value.asText();
    }
}
