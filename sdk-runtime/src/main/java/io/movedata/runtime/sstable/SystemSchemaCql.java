package io.movedata.runtime.sstable;

import java.util.Comparator;
import java.util.List;

import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.SchemaConstants;

import io.movedata.runtime.manifest.ManifestTable;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.store.ObjectStore;

/**
 * A schema script built from a node backup's own {@code system_schema} SSTables, for backups that
 * carry no schema dump (Priam) or whose dump lacks dropped columns (a driver's export).
 *
 * <p>The script is what {@code DESCRIBE SCHEMA WITH INTERNALS} prints on the node, written by
 * cassandra-all from the same definitions: per keyspace (by name) its CREATE KEYSPACE, its CREATE
 * TYPE statements in dependency order, and per table (by name) CREATE TABLE with
 * {@code ID = <table id>} among its options, each dropped column declared with its type at the
 * time of the drop and then dropped with {@code ALTER TABLE ... DROP ... USING TIMESTAMP}, a column
 * re-added after a drop added back with {@code ALTER TABLE ... ADD}, and its CREATE INDEX
 * statements. {@link BackupSchema} reads it. The keyspaces {@code system} and
 * {@code system_schema} are left out; views, functions, aggregates, triggers and column masks
 * are not in the script.
 *
 * <p>{@code system_schema} records a drop time in milliseconds: a column dropped at
 * {@code 1700000000123456} µs is dropped at {@code 1700000000123000} in the script, as on the node
 * after a restart.
 */
public final class SystemSchemaCql {
    private SystemSchemaCql() {}

    /**
     * The script of the {@code system_schema} tables among {@code tables} (tables of other
     * keyspaces are ignored), read from {@code store}.
     *
     * @param node the node whose backup lists {@code tables}
     * @param where names the node backup in error messages
     * @throws SchemaException when {@code tables} has no {@code system_schema.keyspaces}, or the
     *     rows cannot be converted
     * @throws SSTableReadException naming the object when an SSTable cannot be fetched or read
     */
    public static String script(ObjectStore store, String node, List<ManifestTable> tables, String where) {
        boolean hasKeyspaces = tables.stream().anyMatch(t -> t.keyspace().equals(SchemaConstants.SCHEMA_KEYSPACE_NAME)
                && t.table().equals(SchemaFromRows.KEYSPACES) && !t.objects().isEmpty());
        if (!hasKeyspaces) {
            throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, where + " has no SSTables of " + SchemaConstants.SCHEMA_KEYSPACE_NAME + "."
                    + SchemaFromRows.KEYSPACES + ", so its schema cannot be read from system_schema; tables of "
                    + SchemaConstants.SCHEMA_KEYSPACE_NAME + " it lists: " + tables.stream()
                    .filter(t -> t.keyspace().equals(SchemaConstants.SCHEMA_KEYSPACE_NAME)).map(ManifestTable::table).sorted().toList());
        }
        Keyspaces keyspaces = SchemaFromRows.keyspaces(SystemSchemaRows.read(store, node, tables, where), where);
        return script(keyspaces);
    }

    /** The statements of {@code keyspaces}, as described above. */
    static String script(Keyspaces keyspaces) {
        StringBuilder script = new StringBuilder();
        keyspaces.stream().sorted(Comparator.comparing(k -> k.name)).forEach(keyspace -> appendKeyspace(script, keyspace));
        return script.toString();
    }

    private static void appendKeyspace(StringBuilder script, KeyspaceMetadata keyspace) {
        append(script, keyspace.toCqlString(false, false));
        keyspace.types.sortedStream().map(t -> t.toCqlString(false, false)).forEach(t -> append(script, t));
        keyspace.tables.stream().sorted(Comparator.comparing(t -> t.name)).forEach(table -> {
            append(script, table.toCqlString(true, true, false));
            table.indexes.stream().sorted(Comparator.comparing(i -> i.name))
                    .forEach(index -> append(script, index.toCqlString(table, false)));
        });
    }

    private static void append(StringBuilder script, String statements) {
        String s = statements.strip();
        script.append(s.endsWith(";") ? s : s + ";").append("\n\n");
    }
}
