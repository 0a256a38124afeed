package io.movedata.runtime.sstable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.cql3.UntypedResultSet;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.ReversedType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.schema.CQLTypeParser;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.DroppedColumn;
import org.apache.cassandra.schema.IndexMetadata;
import org.apache.cassandra.schema.Indexes;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.KeyspaceParams;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.SchemaConstants;
import org.apache.cassandra.schema.SchemaKeyspace;
import org.apache.cassandra.schema.TableId;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.schema.TableParams;
import org.apache.cassandra.schema.Tables;
import org.apache.cassandra.schema.Types;

import io.movedata.api.ErrorKind;

/**
 * Keyspace, type and table definitions from the rows of {@code system_schema}, converted the way
 * Cassandra converts them when it loads its schema. cassandra-all's own row converters are used
 * where they work offline (table parameters, dropped columns, indexes); its column converter also
 * looks up column masks through a live node's storage, so columns are converted here with the
 * same rules, without masks (they only hide values from queries). Views, functions, aggregates and
 * triggers are left out: reading SSTables needs none of them.
 */
final class SchemaFromRows {
    static final String KEYSPACES = "keyspaces";
    static final String TABLES = "tables";
    static final String COLUMNS = "columns";
    static final String DROPPED_COLUMNS = "dropped_columns";
    static final String TYPES = "types";
    static final String INDEXES = "indexes";

    private static final Method TABLE_PARAMS = converter("createTableParamsFromRow");
    private static final Method DROPPED_COLUMN = converter("createDroppedColumnFromRow");
    private static final Method INDEX = converter("createIndexMetadataFromRow");

    private SchemaFromRows() {}

    /**
     * Every keyspace the rows define except the node-local {@code system} and
     * {@code system_schema}, whose definitions are built into Cassandra.
     *
     * @param rows the live rows by {@code system_schema} table name
     * @param where names the node backup in error messages
     * @throws SchemaException naming the keyspace or table whose rows cannot be converted
     */
    static Keyspaces keyspaces(Map<String, List<UntypedResultSet.Row>> rows, String where) {
        Map<String, List<UntypedResultSet.Row>> types = byKeyspace(rows.get(TYPES));
        Map<String, List<UntypedResultSet.Row>> tables = byKeyspace(rows.get(TABLES));
        Map<String, Map<String, List<UntypedResultSet.Row>>> columns = byTable(rows.get(COLUMNS));
        Map<String, Map<String, List<UntypedResultSet.Row>>> dropped = byTable(rows.get(DROPPED_COLUMNS));
        Map<String, Map<String, List<UntypedResultSet.Row>>> indexes = byTable(rows.get(INDEXES));
        Keyspaces keyspaces = Keyspaces.none();
        for (UntypedResultSet.Row row : rows.getOrDefault(KEYSPACES, List.of())) {
            String keyspace = row.getString("keyspace_name");
            if (SchemaConstants.isLocalSystemKeyspace(keyspace)) {
                continue;
            }
            try {
                KeyspaceParams params = KeyspaceParams.create(row.getBoolean("durable_writes"), row.getFrozenTextMap("replication"));
                Types keyspaceTypes = types(keyspace, types.getOrDefault(keyspace, List.of()));
                Tables.Builder keyspaceTables = Tables.builder();
                for (UntypedResultSet.Row table : tables.getOrDefault(keyspace, List.of())) {
                    String name = table.getString("table_name");
                    keyspaceTables.add(table(table, keyspaceTypes, rowsOf(columns, keyspace, name), rowsOf(dropped, keyspace, name),
                            rowsOf(indexes, keyspace, name), where));
                }
                keyspaces = keyspaces.withAddedOrUpdated(
                        KeyspaceMetadata.create(keyspace, params, keyspaceTables.build()).withSwapped(keyspaceTypes));
            } catch (SchemaException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, "Cannot convert the system_schema rows of keyspace '" + keyspace + "' of " + where
                        + ": " + e.getMessage(), e);
            }
        }
        return keyspaces;
    }

    private static Types types(String keyspace, List<UntypedResultSet.Row> rows) {
        Types.RawBuilder types = Types.rawBuilder(keyspace);
        for (UntypedResultSet.Row row : rows) {
            types.add(row.getString("type_name"), row.getFrozenList("field_names", UTF8Type.instance),
                    row.getFrozenList("field_types", UTF8Type.instance));
        }
        return types.build();
    }

    private static TableMetadata table(UntypedResultSet.Row row, Types types, List<UntypedResultSet.Row> columns,
                                       List<UntypedResultSet.Row> dropped, List<UntypedResultSet.Row> indexes, String where) {
        String keyspace = row.getString("keyspace_name");
        String name = row.getString("table_name");
        if (columns.stream().noneMatch(c -> "partition_key".equalsIgnoreCase(c.getString("kind")))) {
            throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, "system_schema.tables of " + where + " defines table " + keyspace + "." + name
                    + " but system_schema.columns has no partition key column for it (columns found: "
                    + columns.stream().map(c -> c.getString("column_name")).toList() + ")");
        }
        try {
            Set<TableMetadata.Flag> flags = TableMetadata.Flag.fromStringSet(row.getFrozenSet("flags", UTF8Type.instance));
            TableMetadata.Builder builder = TableMetadata.builder(keyspace, name, TableId.fromUUID(row.getUUID("id")))
                    .flags(flags)
                    .params((TableParams) invoke(TABLE_PARAMS, row));
            for (UntypedResultSet.Row column : columns) {
                builder.addColumn(column(column, types));
            }
            Map<ByteBuffer, DroppedColumn> droppedColumns = new LinkedHashMap<>();
            for (UntypedResultSet.Row column : dropped) {
                DroppedColumn d = (DroppedColumn) invoke(DROPPED_COLUMN, column);
                droppedColumns.put(d.column.name.bytes, d);
            }
            builder.droppedColumns(droppedColumns);
            Indexes.Builder tableIndexes = Indexes.builder();
            for (UntypedResultSet.Row index : indexes) {
                tableIndexes.add((IndexMetadata) invoke(INDEX, index));
            }
            return builder.indexes(tableIndexes.build()).build();
        } catch (RuntimeException e) {
            throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, "Cannot convert the system_schema rows of table " + keyspace + "." + name + " of "
                    + where + ": " + e.getMessage(), e);
        }
    }

    /** As cassandra-all's {@code SchemaKeyspace.createColumnFromRow}, without the column mask. */
    private static ColumnMetadata column(UntypedResultSet.Row row, Types types) {
        String keyspace = row.getString("keyspace_name");
        String table = row.getString("table_name");
        ColumnMetadata.Kind kind = ColumnMetadata.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT));
        int position = row.getInt("position");
        ColumnMetadata.ClusteringOrder order =
                ColumnMetadata.ClusteringOrder.valueOf(row.getString("clustering_order").toUpperCase(Locale.ROOT));
        AbstractType<?> type = CQLTypeParser.parse(keyspace, row.getString("type"), types);
        if (order == ColumnMetadata.ClusteringOrder.DESC) {
            type = ReversedType.getInstance(type);
        }
        ColumnIdentifier name = new ColumnIdentifier(row.getBytes("column_name_bytes"), row.getString("column_name"));
        return new ColumnMetadata(keyspace, table, name, type, position, kind, null);
    }

    private static Map<String, List<UntypedResultSet.Row>> byKeyspace(List<UntypedResultSet.Row> rows) {
        Map<String, List<UntypedResultSet.Row>> result = new TreeMap<>();
        for (UntypedResultSet.Row row : rows == null ? List.<UntypedResultSet.Row>of() : rows) {
            result.computeIfAbsent(row.getString("keyspace_name"), k -> new ArrayList<>()).add(row);
        }
        return result;
    }

    private static Map<String, Map<String, List<UntypedResultSet.Row>>> byTable(List<UntypedResultSet.Row> rows) {
        Map<String, Map<String, List<UntypedResultSet.Row>>> result = new TreeMap<>();
        for (UntypedResultSet.Row row : rows == null ? List.<UntypedResultSet.Row>of() : rows) {
            result.computeIfAbsent(row.getString("keyspace_name"), k -> new TreeMap<>())
                    .computeIfAbsent(row.getString("table_name"), k -> new ArrayList<>()).add(row);
        }
        return result;
    }

    private static List<UntypedResultSet.Row> rowsOf(Map<String, Map<String, List<UntypedResultSet.Row>>> rows,
                                                     String keyspace, String table) {
        return rows.getOrDefault(keyspace, Map.of()).getOrDefault(table, List.of());
    }

    private static Method converter(String name) {
        try {
            Method method = SchemaKeyspace.class.getDeclaredMethod(name, UntypedResultSet.Row.class);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("This cassandra-all version has no SchemaKeyspace." + name
                    + "(UntypedResultSet.Row); system_schema rows cannot be converted", e);
        }
    }

    private static Object invoke(Method converter, UntypedResultSet.Row row) {
        try {
            return converter.invoke(null, row);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(String.valueOf(cause), cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call SchemaKeyspace." + converter.getName(), e);
        }
    }
}
