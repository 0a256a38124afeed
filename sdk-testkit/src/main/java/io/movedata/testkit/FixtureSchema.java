package io.movedata.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.PropertyDefinitions;
import org.apache.cassandra.cql3.statements.schema.AlterKeyspaceStatement;
import org.apache.cassandra.cql3.statements.schema.AlterSchemaStatement;
import org.apache.cassandra.cql3.statements.schema.AlterTableStatement;
import org.apache.cassandra.cql3.statements.schema.AlterTypeStatement;
import org.apache.cassandra.cql3.statements.schema.CreateIndexStatement;
import org.apache.cassandra.cql3.statements.schema.CreateKeyspaceStatement;
import org.apache.cassandra.cql3.statements.schema.KeyspaceAttributes;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.io.sstable.CQLSSTableWriter;
import org.apache.cassandra.locator.NetworkTopologyStrategy;
import org.apache.cassandra.locator.SimpleStrategy;
import org.apache.cassandra.schema.IndexMetadata;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.ReplicationParams;
import org.apache.cassandra.schema.Schema;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.utils.ByteBufferUtil;

import io.movedata.runtime.sstable.ColumnChanges;

/**
 * The schema of a fixture cluster, built from CQL DDL with cassandra-all's own statements (so the
 * table metadata, and its id, are what a real node would have), and installed into cassandra-all's
 * process-wide {@link Schema} whenever this cluster prepares statements or opens writers.
 */
final class FixtureSchema {
    /**
     * The keyspaces with placeholder replication (SimpleStrategy, RF 1): cassandra-all instantiates
     * a keyspace's replication strategy when tables are created, and NetworkTopologyStrategy then
     * asks the local snitch for its datacenter, which an offline process has not got (and a failed
     * attempt breaks cassandra's Datacenters class for the rest of the JVM). The real parameters
     * are in {@link #params}; replication plays no part in writing SSTables.
     */
    private final Keyspaces keyspaces;
    private final Map<String, KeyspaceParams> params;
    private final List<String> keyspaceOrder;
    private final List<String[]> typeOrder;
    private final List<String[]> tableOrder;
    /** CREATE INDEX statements, carried into schema.cql as given (offline, cassandra-all cannot apply them). */
    private final List<String> indexStatements;
    private final Map<String, Ring.Replication> replication;

    private FixtureSchema(Keyspaces keyspaces, Map<String, KeyspaceParams> params, List<String> keyspaceOrder, List<String[]> typeOrder,
                          List<String[]> tableOrder, List<String> indexStatements, Map<String, Ring.Replication> replication) {
        this.keyspaces = keyspaces;
        this.params = params;
        this.keyspaceOrder = keyspaceOrder;
        this.typeOrder = typeOrder;
        this.tableOrder = tableOrder;
        this.indexStatements = indexStatements;
        this.replication = replication;
    }

    /**
     * Parses a CQL script of CREATE KEYSPACE / TYPE / TABLE statements (and USE, ALTER TABLE/TYPE,
     * DROP). CREATE INDEX statements are kept as text for schema.cql only.
     */
    static FixtureSchema parse(String script) {
        Keyspaces keyspaces = Keyspaces.none();
        LinkedHashSet<String> ksOrder = new LinkedHashSet<>();
        LinkedHashMap<String, String[]> typeOrder = new LinkedHashMap<>();
        LinkedHashMap<String, String[]> tableOrder = new LinkedHashMap<>();
        Map<String, KeyspaceParams> params = new LinkedHashMap<>();
        List<String> indexes = new java.util.ArrayList<>();
        String currentKeyspace = null;
        for (String cql : Cql.split(script)) {
            String use = useKeyspace(cql);
            if (use != null) {
                currentKeyspace = use;
                continue;
            }
            CQLStatement.Raw raw;
            try {
                raw = QueryProcessor.parseStatement(cql);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Cannot parse schema statement: " + e.getMessage() + "\n  " + cql, e);
            }
            try {
                if (raw instanceof CreateKeyspaceStatement.Raw create) {
                    keyspaces = createKeyspace(keyspaces, create, params);
                } else if (raw instanceof CreateIndexStatement.Raw) {
                    // Applying it needs a live keyspace (Keyspace.open); fixtures write no index files anyway.
                    indexes.add(cql);
                } else if (raw instanceof AlterKeyspaceStatement.Raw) {
                    throw new IllegalArgumentException("ALTER KEYSPACE is not supported in a fixture schema; "
                            + "give the final replication in CREATE KEYSPACE");
                } else {
                    ClientState state = currentKeyspace == null ? ClientState.forInternalCalls() : ClientState.forInternalCalls(currentKeyspace);
                    CQLStatement statement = raw.prepare(state);
                    if (!(statement instanceof AlterSchemaStatement alter)) {
                        throw new IllegalArgumentException("Not a schema statement (expected CREATE KEYSPACE/TYPE/TABLE/INDEX)");
                    }
                    keyspaces = alter.apply(keyspaces);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "\n  in: " + cql, e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid schema statement: " + e.getMessage() + "\n  in: " + cql, e);
            }
            for (KeyspaceMetadata ksm : keyspaces) {
                ksOrder.add(ksm.name);
                for (UserType type : ksm.types) {
                    typeOrder.putIfAbsent(ksm.name + "." + type.getNameAsString(), new String[] {ksm.name, type.getNameAsString()});
                }
                for (TableMetadata table : ksm.tables) {
                    tableOrder.putIfAbsent(ksm.name + "." + table.name, new String[] {ksm.name, table.name});
                }
            }
        }
        if (keyspaces.isEmpty()) {
            throw new IllegalArgumentException("The fixture schema creates no keyspace");
        }
        Keyspaces done = keyspaces;
        List<String> keyspaceNames = ksOrder.stream().filter(done::containsKeyspace).toList();
        List<String[]> types = typeOrder.values().stream()
                .filter(t -> done.getNullable(t[0]) != null && done.getNullable(t[0]).types.getNullable(ByteBufferUtil.bytes(t[1])) != null)
                .toList();
        List<String[]> tables = tableOrder.values().stream()
                .filter(t -> done.getNullable(t[0]) != null && done.getNullable(t[0]).tables.getNullable(t[1]) != null)
                .toList();
        Map<String, Ring.Replication> replication = new LinkedHashMap<>();
        for (String ks : keyspaceNames) {
            replication.put(ks, replicationOf(ks, params.get(ks)));
        }
        return new FixtureSchema(keyspaces, Map.copyOf(params), keyspaceNames, types, tables, List.copyOf(indexes), replication);
    }

    /**
     * This schema after one ALTER TABLE or ALTER TYPE statement (qualified names), applied by
     * cassandra-all as a node applies it: tables keep their ids, a dropped column is recorded as
     * dropped in the table's metadata, and a type's new field reaches every table using the type.
     *
     * @throws IllegalArgumentException for another kind of statement, or one cassandra-all refuses
     */
    FixtureSchema altered(String cql) {
        CQLStatement.Raw raw;
        try {
            raw = QueryProcessor.parseStatement(cql);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse schema change: " + e.getMessage() + "\n  " + cql, e);
        }
        if (!(raw instanceof AlterTableStatement.Raw || raw instanceof AlterTypeStatement.Raw)) {
            throw new IllegalArgumentException("A fixture schema changes by ALTER TABLE or ALTER TYPE only, found: " + cql);
        }
        Keyspaces changed;
        try {
            AlterSchemaStatement statement = (AlterSchemaStatement) raw.prepare(ClientState.forInternalCalls());
            // cassandra-all's own DROP looks up dependent indexes in the live keyspace, which offline code lacks.
            changed = statement instanceof AlterTableStatement alter && ColumnChanges.drops(alter)
                    ? ColumnChanges.drop(keyspaces, alter, ClientState.getTimestamp())
                    : statement.apply(keyspaces);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid schema change: " + e.getMessage() + "\n  in: " + cql, e);
        }
        return new FixtureSchema(changed, params, keyspaceOrder, typeOrder, tableOrder, indexStatements, replication);
    }

    private static String useKeyspace(String cql) {
        List<Cql.Token> tokens = Cql.tokenize(cql).stream().filter(Cql.Token::significant).toList();
        if (tokens.size() == 2 && tokens.get(0).kind() == Cql.Kind.IDENT && tokens.get(0).text().equalsIgnoreCase("USE")) {
            Cql.Token ks = tokens.get(1);
            if (ks.kind() == Cql.Kind.QUOTED_IDENT) {
                return ks.text().substring(1, ks.text().length() - 1).replace("\"\"", "\"");
            }
            return ks.text().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /**
     * CREATE KEYSPACE without its validation: that instantiates the replication strategy against
     * the local node's snitch, which an offline process does not have.
     */
    private static Keyspaces createKeyspace(Keyspaces keyspaces, CreateKeyspaceStatement.Raw raw, Map<String, KeyspaceParams> realParams) {
        try {
            KeyspaceAttributes attrs = (KeyspaceAttributes) field(CreateKeyspaceStatement.Raw.class, "attrs").get(raw);
            boolean ifNotExists = (Boolean) field(CreateKeyspaceStatement.Raw.class, "ifNotExists").get(raw);
            attrs.validate();
            if (keyspaces.containsKeyspace(raw.keyspaceName)) {
                if (ifNotExists) {
                    return keyspaces;
                }
                throw new IllegalArgumentException("Keyspace " + raw.keyspaceName + " is created twice");
            }
            Method getMap = PropertyDefinitions.class.getDeclaredMethod("getMap", String.class);
            getMap.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, String> options = (Map<String, String>) getMap.invoke(attrs, "replication");
            if (options == null || options.get("class") == null) {
                throw new IllegalArgumentException("CREATE KEYSPACE " + raw.keyspaceName + " needs a replication class");
            }
            String klass = options.get("class");
            if (klass.endsWith("NetworkTopologyStrategy") && options.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("replication_factor"))) {
                throw new IllegalArgumentException("Keyspace " + raw.keyspaceName + ": NetworkTopologyStrategy needs explicit datacenters "
                        + "in a fixture ({'class': 'NetworkTopologyStrategy', 'dc1': 3}), not replication_factor");
            }
            Method asParams = KeyspaceAttributes.class.getDeclaredMethod("asNewKeyspaceParams");
            asParams.setAccessible(true);
            KeyspaceParams params = (KeyspaceParams) asParams.invoke(attrs);
            replicationOf(raw.keyspaceName, params);
            realParams.put(raw.keyspaceName, params);
            return keyspaces.withAddedOrUpdated(KeyspaceMetadata.create(raw.keyspaceName, KeyspaceParams.simple(1)));
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("Cannot create keyspace " + raw.keyspaceName + ": " + cause.getMessage(), cause);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static Ring.Replication replicationOf(String keyspace, KeyspaceParams keyspaceParams) {
        ReplicationParams params = keyspaceParams.replication;
        if (params.klass == SimpleStrategy.class) {
            return new Ring.Simple(factor(keyspace, "replication_factor", params.options.get("replication_factor")));
        }
        if (params.klass == NetworkTopologyStrategy.class) {
            Map<String, Integer> perDc = new LinkedHashMap<>();
            params.options.forEach((dc, rf) -> perDc.put(dc, factor(keyspace, dc, rf)));
            return new Ring.PerDatacenter(perDc);
        }
        throw new IllegalArgumentException("Keyspace " + keyspace + " uses " + params.klass.getSimpleName()
                + "; fixtures support SimpleStrategy and NetworkTopologyStrategy");
    }

    private static int factor(String keyspace, String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Keyspace " + keyspace + ": replication option " + option + " = '" + value
                    + "' is not a whole number of replicas (transient replication is not supported)");
        }
    }

    /**
     * Makes cassandra-all's process-wide schema hold this fixture's keyspaces (replacing same-named
     * ones of another fixture). Call while holding the lock on {@code CQLSSTableWriter.class}, the
     * one CQLSSTableWriter.Builder#build takes, and prepare/build in the same critical section.
     */
    void install() {
        assert Thread.holdsLock(CQLSSTableWriter.class);
        for (KeyspaceMetadata ksm : keyspaces) {
            if (Schema.instance.getKeyspaceMetadata(ksm.name) == ksm) {
                continue; // already ours
            }
            // Drop first: an in-place update would be refused when another fixture used the same
            // table name with incompatible columns.
            Schema.instance.transform(current -> current.containsKeyspace(ksm.name) ? current.without(ksm.name) : current);
            Schema.instance.transform(current -> current.withAddedOrUpdated(ksm));
        }
    }

    List<String> keyspaceNames() {
        return keyspaceOrder;
    }

    /** Tables in declaration order, as {keyspace, table}. */
    List<String[]> tables() {
        return tableOrder;
    }

    /** The keyspaces in declaration order, with their replication as declared. */
    List<KeyspaceMetadata> keyspacesAsDeclared() {
        return keyspaceOrder.stream().map(ks -> keyspaces.getNullable(ks).withSwapped(params.get(ks))).toList();
    }

    Ring.Replication replication(String keyspace) {
        Ring.Replication r = replication.get(keyspace);
        if (r == null) {
            throw new IllegalArgumentException("No keyspace '" + keyspace + "' in the fixture schema; keyspaces: " + keyspaceOrder);
        }
        return r;
    }

    KeyspaceMetadata keyspace(String keyspace) {
        KeyspaceMetadata ksm = keyspaces.getNullable(keyspace);
        if (ksm == null) {
            throw new IllegalArgumentException("No keyspace '" + keyspace + "' in the fixture schema; keyspaces: " + keyspaceOrder);
        }
        return ksm;
    }

    TableMetadata table(String keyspace, String table) {
        TableMetadata metadata = keyspace(keyspace).tables.getNullable(table);
        if (metadata == null) {
            throw new IllegalArgumentException("No table '" + keyspace + "." + table + "' in the fixture schema; tables: "
                    + tableOrder.stream().map(t -> t[0] + "." + t[1]).toList());
        }
        return metadata;
    }

    /** {@code ks.table} (or {@code table} when there is one keyspace) to its metadata. */
    TableMetadata table(String qualifiedName) {
        String[] parts = splitQualified(qualifiedName);
        return table(parts[0], parts[1]);
    }

    UserType type(String qualifiedName) {
        String[] parts = splitQualified(qualifiedName);
        UserType type = keyspace(parts[0]).types.getNullable(ByteBufferUtil.bytes(parts[1]));
        if (type == null) {
            throw new IllegalArgumentException("No type '" + parts[0] + "." + parts[1] + "' in the fixture schema");
        }
        return type;
    }

    private String[] splitQualified(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            if (keyspaceOrder.size() != 1) {
                throw new IllegalArgumentException("'" + name + "' must be qualified with its keyspace (keyspaces: " + keyspaceOrder + ")");
            }
            return new String[] {keyspaceOrder.get(0), name};
        }
        return new String[] {name.substring(0, dot), name.substring(dot + 1)};
    }

    /**
     * The CREATE statements as a node's schema dump has them: per keyspace the keyspace, its types
     * and tables, then the CREATE INDEX statements as given; each statement ends with ';' and is
     * followed by a blank line.
     */
    String toCql() {
        StringBuilder sb = new StringBuilder();
        for (String ks : keyspaceOrder) {
            KeyspaceMetadata ksm = keyspaces.getNullable(ks);
            append(sb, ksm.withSwapped(params.get(ks)).toCqlString(false, false));
            for (String[] t : typeOrder) {
                if (t[0].equals(ks)) {
                    append(sb, ksm.types.getNullable(ByteBufferUtil.bytes(t[1])).toCqlString(false, false));
                }
            }
            for (String[] t : tableOrder) {
                if (t[0].equals(ks)) {
                    TableMetadata table = ksm.tables.getNullable(t[1]);
                    append(sb, table.toCqlString(false, false, false));
                    for (IndexMetadata index : table.indexes) {
                        append(sb, index.toCqlString(table, false));
                    }
                }
            }
        }
        for (String index : indexStatements) {
            append(sb, index);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String statement) {
        String s = statement.strip();
        sb.append(s.endsWith(";") ? s : s + ";").append("\n\n");
    }
}
