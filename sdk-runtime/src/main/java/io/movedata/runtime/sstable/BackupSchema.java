package io.movedata.runtime.sstable;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.schema.AlterSchemaStatement;
import org.apache.cassandra.cql3.statements.schema.AlterTableStatement;
import org.apache.cassandra.cql3.statements.schema.CreateKeyspaceStatement;
import org.apache.cassandra.cql3.statements.schema.CreateTableStatement;
import org.apache.cassandra.cql3.statements.schema.CreateTypeStatement;
import org.apache.cassandra.cql3.statements.schema.KeyspaceAttributes;
import org.apache.cassandra.exceptions.RequestValidationException;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.ReplicationParams;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;

import io.movedata.runtime.ring.Replication;
import io.movedata.api.ErrorKind;

/**
 * The keyspace, user types and table definitions of a backup, built by cassandra-all from the
 * backup's own {@code schema.cql} — so an old backup is always read with the schema it was taken
 * with. Only the CREATE KEYSPACE, TYPE and TABLE statements of the keyspace asked for are applied,
 * and its ALTER TABLE statements that add columns or drop them {@code USING TIMESTAMP} (as
 * {@code DESCRIBE ... WITH INTERNALS} and {@link SystemSchemaCql} record dropped columns), so the
 * table knows its dropped columns; everything else in the script (other ALTER statements,
 * indexes, views, functions, other keyspaces) is ignored.
 */
public final class BackupSchema {
    private static final Map<String, KeyspaceMetadata> CACHE = new ConcurrentHashMap<>();

    private BackupSchema() {}

    /**
     * The table's metadata as the script defines it.
     *
     * @param where names the backup in error messages
     * @throws SchemaException when the keyspace or table is not in the script, or a statement of
     *     that keyspace cannot be applied
     */
    public static TableMetadata table(String schemaCql, String keyspace, String table, String where) {
        KeyspaceMetadata ks = keyspace(schemaCql, keyspace, where);
        TableMetadata metadata = ks.tables.getNullable(table);
        if (metadata == null) {
            List<String> tables = new ArrayList<>();
            ks.tables.forEach(t -> tables.add(t.name));
            throw new SchemaException("Table '" + keyspace + "." + table + "' is not in the schema.cql of " + where
                    + "; tables of keyspace '" + keyspace + "': " + new TreeSet<>(tables));
        }
        return metadata;
    }

    /**
     * The keyspace's replication options as the script declares them, with the strategy's full
     * class name under {@link Replication#CLASS_OPTION}.
     *
     * @throws SchemaException when the keyspace is not in the script
     */
    public static Map<String, String> replication(String schemaCql, String keyspace, String where) {
        ReplicationParams replication = keyspace(schemaCql, keyspace, where).params.replication;
        Map<String, String> options = new LinkedHashMap<>(replication.options);
        options.put(Replication.CLASS_OPTION, replication.klass.getName());
        return options;
    }

    /**
     * Whether the keyspace is one of Cassandra's own ({@code system}, {@code system_auth},
     * {@code system_schema}, ...) rather than one of the users'.
     */
    public static boolean systemKeyspace(String keyspace) {
        return SchemaConstants.isSystemKeyspace(keyspace);
    }

    /** The keyspace (replication, types, tables) as the script defines it; cached per script. */
    public static KeyspaceMetadata keyspace(String schemaCql, String keyspace, String where) {
        CassandraOffline.initialize();
        String cacheKey = keyspace + '\u0000' + schemaCql;
        KeyspaceMetadata cached = CACHE.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        KeyspaceMetadata parsed = parse(schemaCql, keyspace, where);
        CACHE.put(cacheKey, parsed);
        return parsed;
    }

    private static KeyspaceMetadata parse(String schemaCql, String keyspace, String where) {
        ClientState state = ClientState.forInternalCalls();
        Keyspaces schema = Keyspaces.none();
        KeyspaceParams params = null;
        TreeSet<String> keyspaces = new TreeSet<>();
        for (String statement : CqlScript.statements(schemaCql)) {
            CQLStatement.Raw raw;
            try {
                raw = QueryProcessor.parseStatement(statement);
            } catch (RuntimeException e) {
                // Statements this Cassandra version cannot parse belong to features we do not read.
                continue;
            }
            if (!(raw instanceof CreateKeyspaceStatement.Raw || raw instanceof CreateTypeStatement.Raw
                    || raw instanceof CreateTableStatement.Raw || raw instanceof AlterTableStatement.Raw)) {
                continue;
            }
            if (raw instanceof AlterTableStatement.Raw alter) {
                schema = alterTable(schema, alter, state, statement, keyspace, where);
                continue;
            }
            AlterSchemaStatement prepared = (AlterSchemaStatement) raw.prepare(state);
            keyspaces.add(prepared.keyspace());
            if (!prepared.keyspace().equals(keyspace)) {
                continue;
            }
            try {
                if (raw instanceof CreateKeyspaceStatement.Raw keyspaceStatement) {
                    params = keyspaceParams(keyspaceStatement);
                    // Types and tables are applied to a keyspace with a replication that needs no ring.
                    schema = schema.withAddedOrUpdated(KeyspaceMetadata.create(keyspace, KeyspaceParams.simple(1)));
                } else {
                    schema = prepared.apply(schema);
                }
            } catch (RequestValidationException e) {
                throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, "Cannot apply the schema.cql of " + where + " for keyspace '" + keyspace
                        + "': " + e.getMessage() + " in statement: " + abbreviate(statement), e);
            }
        }
        KeyspaceMetadata metadata = schema.getNullable(keyspace);
        if (metadata == null || params == null) {
            throw new SchemaException("Keyspace '" + keyspace + "' is not in the schema.cql of " + where
                    + "; keyspaces there: " + keyspaces);
        }
        return metadata.withSwapped(params);
    }

    /** The schema after an ALTER TABLE of {@code keyspace} that adds or drops columns; otherwise unchanged. */
    private static Keyspaces alterTable(Keyspaces schema, AlterTableStatement.Raw raw, ClientState state, String statement,
                                        String keyspace, String where) {
        AlterTableStatement prepared = raw.prepare(state);
        if (!prepared.keyspace().equals(keyspace) || !ColumnChanges.changesColumns(prepared)) {
            return schema;
        }
        try {
            return ColumnChanges.apply(schema, prepared);
        } catch (RequestValidationException e) {
            throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, "Cannot apply the schema.cql of " + where + " for keyspace '" + keyspace
                    + "': " + e.getMessage() + " in statement: " + abbreviate(statement), e);
        }
    }

    /**
     * The keyspace's parameters as written. cassandra-all's CREATE KEYSPACE checks the datacenter
     * names of NetworkTopologyStrategy against the local node's snitch and ring, which an offline
     * reader does not have (and which need not match the backed-up cluster), so the parsed
     * parameters are taken as they are, without that check, and only attached at the end.
     */
    private static KeyspaceParams keyspaceParams(CreateKeyspaceStatement.Raw statement) {
        try {
            Field attributes = CreateKeyspaceStatement.Raw.class.getDeclaredField("attrs");
            attributes.setAccessible(true);
            KeyspaceAttributes attrs = (KeyspaceAttributes) attributes.get(statement);
            attrs.validate();
            Method params = KeyspaceAttributes.class.getDeclaredMethod("asNewKeyspaceParams");
            params.setAccessible(true);
            return (KeyspaceParams) params.invoke(attrs);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This cassandra-all version does not expose CREATE KEYSPACE attributes as expected", e);
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
