package io.movedata.runtime.sstable;

import java.lang.reflect.Field;
import java.util.Set;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.cql3.statements.schema.AlterTableStatement;
import org.apache.cassandra.exceptions.InvalidRequestException;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.KeyspaceMetadata;
import org.apache.cassandra.schema.Keyspaces;
import org.apache.cassandra.schema.TableMetadata;

/**
 * Applies the column changes of an ALTER TABLE statement to a schema offline: {@code ADD} as
 * cassandra-all applies it, and {@code DROP ... USING TIMESTAMP} with the same rules but without
 * the secondary-index check cassandra-all makes against the live table (which needs a running
 * node). A drop is recorded with its timestamp, so a reader skips the column's older cells. Other
 * kinds of ALTER TABLE (options, renames, masks) leave the schema as it is: reading SSTables
 * needs none of them.
 */
public final class ColumnChanges {
    private static final String ADD = "AddColumns";
    private static final String DROP = "DropColumns";

    private ColumnChanges() {}

    /** Whether the statement adds or drops columns. */
    static boolean changesColumns(AlterTableStatement statement) {
        String kind = statement.getClass().getSimpleName();
        return kind.equals(ADD) || kind.equals(DROP);
    }

    /**
     * The schema after the statement.
     *
     * @throws InvalidRequestException when the table or a column is not there, a key column is
     *     dropped, a drop has no {@code USING TIMESTAMP}, or cassandra-all refuses an added column
     */
    static Keyspaces apply(Keyspaces schema, AlterTableStatement statement) {
        return switch (statement.getClass().getSimpleName()) {
            case ADD -> statement.apply(schema);
            case DROP -> drop(schema, statement, null);
            default -> schema;
        };
    }

    /** Whether the statement is an {@code ALTER TABLE ... DROP}. */
    public static boolean drops(AlterTableStatement statement) {
        return statement.getClass().getSimpleName().equals(DROP);
    }

    /**
     * The schema after an {@code ALTER TABLE ... DROP}, recorded at its {@code USING TIMESTAMP} or
     * else at {@code defaultTimestamp} (microseconds); with no default such a drop is refused.
     * Non-frozen UDT columns cannot be dropped, as in Cassandra.
     */
    public static Keyspaces drop(Keyspaces schema, AlterTableStatement statement, Long defaultTimestamp) {
        String tableName = field(AlterTableStatement.class, statement, "tableName", String.class);
        boolean ifTableExists = field(AlterTableStatement.class, statement, "ifExists", Boolean.class);
        @SuppressWarnings("unchecked")
        Set<ColumnIdentifier> columns = field(statement.getClass(), statement, "removedColumns", Set.class);
        boolean ifColumnExists = field(statement.getClass(), statement, "ifColumnExists", Boolean.class);
        Long given = field(statement.getClass(), statement, "timestamp", Long.class);
        Long timestamp = given != null ? given : defaultTimestamp;

        KeyspaceMetadata keyspace = schema.getNullable(statement.keyspace());
        TableMetadata table = keyspace == null ? null : keyspace.tables.getNullable(tableName);
        if (table == null) {
            if (ifTableExists) {
                return schema;
            }
            throw new InvalidRequestException("Table '" + statement.keyspace() + "." + tableName + "' doesn't exist");
        }
        if (timestamp == null) {
            throw new InvalidRequestException("Dropping columns " + columns + " of " + table + " needs USING TIMESTAMP: "
                    + "the time of the drop decides which cells of older SSTables are gone, and offline no clock can stand in for it");
        }
        TableMetadata.Builder builder = table.unbuild();
        for (ColumnIdentifier name : columns) {
            ColumnMetadata column = table.getColumn(name);
            if (column == null) {
                if (ifColumnExists) {
                    continue;
                }
                throw new InvalidRequestException("Column " + name + " was not found in table " + table);
            }
            if (column.isPrimaryKeyColumn()) {
                throw new InvalidRequestException("Cannot drop PRIMARY KEY column " + name + " of " + table);
            }
            if (column.type.isUDT() && column.type.isMultiCell()) {
                throw new InvalidRequestException("Cannot drop non-frozen column " + name + " of user type " + column.type.asCQL3Type());
            }
            builder.removeRegularOrStaticColumn(name);
            builder.recordColumnDrop(column, timestamp);
        }
        return schema.withAddedOrUpdated(keyspace.withSwapped(keyspace.tables.withSwapped(builder.build())));
    }

    private static <T> T field(Class<?> owner, Object target, String name, Class<T> type) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(target));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This cassandra-all version has no field " + owner.getSimpleName() + "." + name
                    + " as ALTER TABLE ... DROP support expects", e);
        }
    }
}
