package io.movedata.runtime.sstable;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.cassandra.cql3.ColumnIdentifier;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.TypeParser;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;

import io.movedata.api.ErrorKind;

/**
 * Columns a backup's SSTables hold but its schema does not have: columns dropped before the backup.
 * A node keeps a dropped column's cells in its SSTables until compaction rewrites them, while the
 * schema a backup carries ({@code schema.cql}, a DESCRIBE-style dump) has no record of the drop.
 * cassandra-all refuses to open an SSTable whose serialization header names a column the table
 * metadata neither has nor records as dropped ("Unknown column ... during deserialization").
 * Registered as dropped, the columns' cells are skipped as the SSTables are read, as on a node.
 *
 * <p>The drop time recorded is the time of the schema, the backup's reference time: the drop came
 * before the schema that lacks the column was dumped, so every cell written before that dump is
 * hidden, as the node hides it. A node keeps the cells written after its actual drop time (only
 * possible with client-supplied timestamps) and they count toward a row's liveness, though no
 * query shows their values; the backup cannot tell the actual drop time, so cells stamped between
 * it and the dump are hidden here while a node would keep them. A later time such as
 * {@code Long.MAX_VALUE} would also hide cells stamped after the dump, which a node surely keeps.
 *
 * <p>Serializable: the driver finds the columns once, from the SSTables' Statistics.db, and ships
 * them to executors with the plan.
 */
public final class DroppedColumns implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final DroppedColumns NONE = new DroppedColumns(List.of(), 0);

    private final List<HeaderColumn> columns;
    private final long droppedAtMicros;

    private DroppedColumns(List<HeaderColumn> columns, long droppedAtMicros) {
        this.columns = columns;
        this.droppedAtMicros = droppedAtMicros;
    }

    /**
     * The columns the SSTables' headers name that {@code table} neither has nor already records as
     * dropped (a schema built with drop records keeps its own drop times).
     *
     * @param headers per SSTable (described for messages), the columns of its serialization header
     * @param schemaTime when the schema that lacks the columns was taken
     * @param where names the backup in messages
     * @throws SchemaException when an SSTable holds a column the schema has as static as a
     *     regular one, or the other way round: the column was dropped and added back as the other
     *     kind, and without the drop time its older cells cannot be told from the new ones
     */
    public static DroppedColumns find(TableMetadata table, Map<String, List<HeaderColumn>> headers, Instant schemaTime,
                                      String where) {
        Map<String, HeaderColumn> dropped = new TreeMap<>();
        for (Map.Entry<String, List<HeaderColumn>> sstable : headers.entrySet()) {
            for (HeaderColumn column : sstable.getValue()) {
                ColumnMetadata current = table.getColumn(ColumnIdentifier.getInterned(column.name(), true));
                if (current != null) {
                    if (current.isStatic() != column.isStatic()) {
                        throw new SchemaException(ErrorKind.UNREADABLE_SOURCE, where + ": " + sstable.getKey() + " holds column '" + column.name()
                                + "' as a " + column.kind() + " column, but table " + table + " has it as a "
                                + (current.isStatic() ? "static" : "regular") + " column: it was dropped and added "
                                + "back, and the backup's schema does not say when, so its older cells cannot be told apart");
                    }
                } else if (table.getDroppedColumn(ColumnIdentifier.getInterned(column.name(), true).bytes) == null) {
                    // The first header naming it decides its type; cells are read with each SSTable's own header type.
                    dropped.putIfAbsent(column.name(), column);
                }
            }
        }
        if (dropped.isEmpty()) {
            return NONE;
        }
        long micros = TimeUnit.SECONDS.toMicros(schemaTime.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(schemaTime.getNano());
        return new DroppedColumns(List.copyOf(dropped.values()), micros);
    }

    /** {@code table} with these columns recorded as dropped, for opening the SSTables that hold them. */
    public TableMetadata applyTo(TableMetadata table) {
        if (columns.isEmpty()) {
            return table;
        }
        TableMetadata.Builder builder = table.unbuild();
        for (HeaderColumn column : columns) {
            AbstractType<?> type = TypeParser.parse(column.type());
            ColumnMetadata metadata = column.isStatic()
                    ? ColumnMetadata.staticColumn(table.keyspace, table.name, column.name(), type)
                    : ColumnMetadata.regularColumn(table.keyspace, table.name, column.name(), type);
            builder.recordColumnDrop(metadata, droppedAtMicros);
        }
        return builder.build();
    }

    /** The dropped columns' names, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        columns.forEach(column -> names.add(column.name()));
        return names;
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** The time the drops are recorded at, in microseconds since the epoch (cell timestamps' unit). */
    public long droppedAtMicros() {
        return droppedAtMicros;
    }

    // Value equality: a read plan holds these, and read metrics tell a plan made twice by equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof DroppedColumns other && droppedAtMicros == other.droppedAtMicros && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return 31 * columns.hashCode() + Long.hashCode(droppedAtMicros);
    }
}
