package io.movedata.testkit.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.AsciiType;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.db.marshal.ByteType;
import org.apache.cassandra.db.marshal.BytesType;
import org.apache.cassandra.db.marshal.DecimalType;
import org.apache.cassandra.db.marshal.DoubleType;
import org.apache.cassandra.db.marshal.FloatType;
import org.apache.cassandra.db.marshal.InetAddressType;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.IntegerType;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.LongType;
import org.apache.cassandra.db.marshal.MapType;
import org.apache.cassandra.db.marshal.SetType;
import org.apache.cassandra.db.marshal.ShortType;
import org.apache.cassandra.db.marshal.SimpleDateType;
import org.apache.cassandra.db.marshal.TimeType;
import org.apache.cassandra.db.marshal.TimeUUIDType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.marshal.UUIDType;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;

import io.movedata.testkit.FixtureCluster;

/**
 * The rows the edge-data clause derives from a schema: in every table but counter tables, one row
 * whose every non-key column is null, and one whose text, ascii and blob columns hold the empty
 * value and whose frozen collections are empty (its other columns null). The keys are values the
 * kit picks per type; both rows are written at timestamp 1000 and their partitions deleted at 2000.
 */
final class EdgeRows {
    private static final long WRITTEN = 1000;
    private static final long DELETED = 2000;

    /** A statement and its bind values. */
    private record Statement(String cql, List<Object> values) {}

    private final List<Statement> writes;
    private final List<Statement> deletes;

    private EdgeRows(List<Statement> writes, List<Statement> deletes) {
        this.writes = writes;
        this.deletes = deletes;
    }

    /**
     * @throws IllegalArgumentException when a key column is of a type the kit picks no values of
     *         (a UDT, tuple, duration or vector), naming the table and column
     */
    static EdgeRows of(List<TableMetadata> tables) {
        List<Statement> writes = new ArrayList<>();
        List<Statement> deletes = new ArrayList<>();
        for (TableMetadata table : tables) {
            if (table.isCounter()) {
                continue;
            }
            for (int row = 1; row <= 2; row++) {
                List<String> columns = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (ColumnMetadata key : table.primaryKeyColumns()) {
                    columns.add(key.name.toCQLString());
                    values.add(key(table, key, row));
                }
                if (row == 2) {
                    for (ColumnMetadata column : table.regularAndStaticColumns()) {
                        Object empty = empty(column.type);
                        if (empty != null) {
                            columns.add(column.name.toCQLString());
                            values.add(empty);
                        }
                    }
                }
                writes.add(new Statement("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", columns.stream().map(c -> "?").toList()) + ") USING TIMESTAMP " + WRITTEN, values));
                List<String> where = new ArrayList<>();
                for (ColumnMetadata key : table.partitionKeyColumns()) {
                    where.add(key.name.toCQLString() + " = ?");
                }
                deletes.add(new Statement("DELETE FROM " + table + " USING TIMESTAMP " + DELETED + " WHERE "
                        + String.join(" AND ", where), values.subList(0, table.partitionKeyColumns().size())));
            }
        }
        return new EdgeRows(writes, deletes);
    }

    void write(FixtureCluster cluster) {
        writes.forEach(statement -> cluster.execute(statement.cql(), statement.values().toArray()));
    }

    /** Deletes the partition of every row {@link #write} wrote. */
    void delete(FixtureCluster cluster) {
        deletes.forEach(statement -> cluster.execute(statement.cql(), statement.values().toArray()));
    }

    /** The {@code n}th value (1 or 2) of a key column: distinct for distinct {@code n}. */
    private static Object key(TableMetadata table, ColumnMetadata column, int n) {
        Object value = value(column.type.unwrap(), n);
        if (value == null) {
            throw new IllegalArgumentException("The edge-data clause picks no values for key column '" + column.name
                    + "' of " + table + " (" + column.type.asCQL3Type() + "); it picks values of the scalar types "
                    + "and of frozen lists, sets and maps of them");
        }
        return value;
    }

    private static Object value(AbstractType<?> type, int n) {
        if (type instanceof Int32Type) {
            return n;
        }
        if (type instanceof LongType) {
            return (long) n;
        }
        if (type instanceof ShortType) {
            return (short) n;
        }
        if (type instanceof ByteType) {
            return (byte) n;
        }
        if (type instanceof FloatType) {
            return (float) n;
        }
        if (type instanceof DoubleType) {
            return (double) n;
        }
        if (type instanceof BooleanType) {
            return n % 2 == 0;
        }
        if (type instanceof UTF8Type || type instanceof AsciiType) {
            return "edge" + n;
        }
        if (type instanceof DecimalType) {
            return BigDecimal.valueOf(n);
        }
        if (type instanceof IntegerType) {
            return BigInteger.valueOf(n);
        }
        if (type instanceof TimeUUIDType) {
            return UUID.fromString("00000000-0000-1000-8000-00000000000" + n);
        }
        if (type instanceof UUIDType) {
            return new UUID(0, n);
        }
        if (type instanceof TimestampType) {
            return Instant.ofEpochSecond(1_600_000_000L + n);
        }
        if (type instanceof SimpleDateType) {
            return LocalDate.of(2020, 1, 1).plusDays(n);
        }
        if (type instanceof TimeType) {
            return n * 1_000_000_000L;
        }
        if (type instanceof InetAddressType) {
            return "10.0.0." + n;
        }
        if (type instanceof BytesType) {
            return new byte[] {(byte) n};
        }
        if (type instanceof ListType<?> list) {
            Object element = value(list.getElementsType().unwrap(), n);
            return element == null ? null : List.of(element);
        }
        if (type instanceof SetType<?> set) {
            Object element = value(set.getElementsType().unwrap(), n);
            return element == null ? null : Set.of(element);
        }
        if (type instanceof MapType<?, ?> map) {
            Object key = value(map.getKeysType().unwrap(), n);
            Object value = value(map.getValuesType().unwrap(), n);
            return key == null || value == null ? null : Map.of(key, value);
        }
        return null;
    }

    /** The empty value of a non-key column's type, or null when it has none the kit writes. */
    private static Object empty(AbstractType<?> declared) {
        AbstractType<?> type = declared.unwrap();
        if (type instanceof UTF8Type || type instanceof AsciiType) {
            return "";
        }
        if (type instanceof BytesType) {
            return new byte[0];
        }
        if (!declared.isMultiCell()) {
            if (type instanceof ListType<?>) {
                return List.of();
            }
            if (type instanceof SetType<?>) {
                return Set.of();
            }
            if (type instanceof MapType<?, ?>) {
                return Map.of();
            }
        }
        return null;
    }
}
