package io.movedata.runtime.manifest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * One SSTable of one node in a backup: its component objects, and when known, the tokens of its
 * first and last partition. Serializable: the driver ships these to executors.
 *
 * @param node host name of the replica
 * @param keyspace keyspace name
 * @param tableDirectory {@code <table>-<id>}, the directory name Cassandra uses
 * @param name the SSTable's name without component, e.g. {@code oa-3-big}
 * @param components the component objects, e.g. {@code Data.db -> object}
 * @param firstToken token of the first partition, or null when unknown
 * @param lastToken token of the last partition, or null when unknown
 */
public record SSTableFiles(String node, String keyspace, String tableDirectory, String name,
                           Map<String, ManifestObject> components, Long firstToken, Long lastToken)
        implements Serializable {

    public static final String DATA = "Data.db";

    public ManifestObject data() {
        return components.get(DATA);
    }

    public long dataSize() {
        return data().size();
    }

    public boolean hasTokenBounds() {
        return firstToken != null && lastToken != null;
    }

    public SSTableFiles withTokenBounds(long first, long last) {
        return new SSTableFiles(node, keyspace, tableDirectory, name, components, first, last);
    }

    /** {@code node:keyspace/table-id/name} for messages. */
    public String describe() {
        return "node '" + node + "' SSTable " + data().key();
    }

    /**
     * Groups a node's manifest objects for one table into SSTables. Secondary-index files (in a
     * sub-directory of the table) are skipped.
     *
     * @throws MovedataException naming the SSTable when one has no Data.db
     */
    public static List<SSTableFiles> fromManifest(String node, ManifestTable table, String where) {
        Map<String, Map<String, ManifestObject>> byName = new LinkedHashMap<>();
        String tableDirectory = table.table() + "-" + table.tableId();
        for (ManifestObject object : table.objects()) {
            // Secondary-index files sit in a dot-folder below the table's: <table-dir>/.<index>/<file>.
            if (object.key().contains("/" + tableDirectory + "/.") || object.key().startsWith(tableDirectory + "/.")) {
                continue;
            }
            String file = object.fileName();
            int dash = file.lastIndexOf('-');
            if (dash <= 0) {
                continue;
            }
            byName.computeIfAbsent(file.substring(0, dash), k -> new LinkedHashMap<>()).put(file.substring(dash + 1), object);
        }
        List<SSTableFiles> sstables = new ArrayList<>();
        for (Map.Entry<String, Map<String, ManifestObject>> e : byName.entrySet()) {
            if (!e.getValue().containsKey(DATA)) {
                throw new MovedataException(ErrorKind.UNREADABLE_SOURCE, where + ": the manifest lists SSTable " + e.getKey() + " of "
                        + table.keyspace() + "." + tableDirectory + " without a " + DATA + " component (found "
                        + e.getValue().keySet() + ")");
            }
            sstables.add(new SSTableFiles(node, table.keyspace(), tableDirectory, e.getKey(), Map.copyOf(e.getValue()), null, null));
        }
        return sstables;
    }
}
