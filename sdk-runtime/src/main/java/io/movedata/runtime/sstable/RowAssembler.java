package io.movedata.runtime.sstable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.cassandra.db.Clustering;
import org.apache.cassandra.db.DecoratedKey;
import org.apache.cassandra.db.LivenessInfo;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.CompositeType;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.MapType;
import org.apache.cassandra.db.marshal.SetType;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.db.rows.Cell;
import org.apache.cassandra.db.rows.ColumnData;
import org.apache.cassandra.db.rows.ComplexColumnData;
import org.apache.cassandra.db.rows.Row;
import org.apache.cassandra.schema.ColumnMetadata;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;

/**
 * Turns one live Cassandra row (already merged and purged at the reference time) into a Spark
 * row of the requested columns. Executor-side; one instance per task. The returned row is reused
 * for the next call: Spark copies each row into its own format before asking for the next one.
 */
final class RowAssembler {
    private final OutputColumn[] outputs;
    private final int[] keySlots;
    private final int rowWritetimeSlot;
    /** Output slots of each non-key column: its value and metadata columns. */
    private final Map<ColumnMetadata, int[]> slotsByColumn = new HashMap<>();
    private final boolean readsStatic;
    private final boolean compositePartitionKey;
    private final AbstractType<?> partitionKeyType;
    private final long nowInSec;
    private final SpecificInternalRow current;
    /** The partition whose key columns {@link #partitionKeyValues} holds, by output slot. */
    private DecoratedKey decodedKey;
    private final Object[] partitionKeyValues;

    RowAssembler(TableMetadata metadata, List<ReadColumn> columns, SparkTypes.DecimalSpec decimal, long nowInSec) {
        this.partitionKeyType = metadata.partitionKeyType;
        this.compositePartitionKey = metadata.partitionKeyColumns().size() > 1;
        this.nowInSec = nowInSec;
        List<OutputColumn> list = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        int writetimeSlot = -1;
        boolean statics = false;
        for (int i = 0; i < columns.size(); i++) {
            ReadColumn c = columns.get(i);
            ColumnMetadata column = c.cqlColumn() == null ? null : TableSchemas.column(metadata, c.cqlColumn());
            if (column == null) {
                writetimeSlot = i;
                list.add(new OutputColumn(c.kind(), null, null, null, null));
            } else if (column.isPrimaryKeyColumn()) {
                keys.add(i);
                list.add(new OutputColumn(c.kind(), column, SparkTypes.reader(column.type, decimal),
                        SparkTypes.writer(column.type, decimal), null));
            } else {
                statics |= column.isStatic();
                slotsByColumn.merge(column, new int[] {i}, RowAssembler::concat);
                SparkTypes.ValueWriter cellWriter = column.type.isMultiCell() ? null : SparkTypes.writer(column.type, decimal);
                list.add(new OutputColumn(c.kind(), column, null, cellWriter, cellReader(column, decimal)));
            }
        }
        this.outputs = list.toArray(new OutputColumn[0]);
        this.keySlots = keys.stream().mapToInt(Integer::intValue).toArray();
        this.rowWritetimeSlot = writetimeSlot;
        this.readsStatic = statics;
        this.current = new SpecificInternalRow(TableSchemas.sparkSchema(metadata, columns, decimal));
        this.partitionKeyValues = new Object[outputs.length];
    }

    /**
     * @param keyReader decodes a partition key component (kept per partition)
     * @param writer writes a single-cell value or clustering component straight into the row
     * @param values decodes any cell data, including non-frozen collections and UDTs
     */
    private record OutputColumn(ReadColumn.Kind kind, ColumnMetadata column, SparkTypes.ValueReader keyReader,
                                SparkTypes.ValueWriter writer, CellValues values) {}

    /** Decodes a column's data in a row: a single cell, or the cells of a non-frozen collection/UDT. */
    @FunctionalInterface
    private interface CellValues {
        Object read(ColumnData data);
    }

    /** The Spark row for {@code row} of partition {@code key}; {@code row} is null for a static-only partition. */
    InternalRow assemble(DecoratedKey key, Row staticRow, Row row) {
        for (int slot = 0; slot < outputs.length; slot++) {
            current.setNullAt(slot);
        }
        if (key != decodedKey) {
            decodePartitionKey(key);
        }
        for (int slot : keySlots) {
            OutputColumn out = outputs[slot];
            ColumnMetadata column = out.column();
            if (column.isPartitionKey()) {
                current.update(slot, partitionKeyValues[slot]);
                continue;
            }
            Clustering<?> clustering = row == null ? null : row.clustering();
            ByteBuffer part = clustering == null || clustering.size() <= column.position() ? null : clustering.bufferAt(column.position());
            if (part != null) {
                out.writer().write(part, current, slot);
            }
        }
        if (rowWritetimeSlot >= 0) {
            current.update(rowWritetimeSlot, rowWritetime(staticRow, row));
        }
        if (readsStatic && staticRow != null) {
            fill(staticRow);
        }
        if (row != null) {
            fill(row);
        }
        return current;
    }

    /** Decodes the partition key columns once per partition rather than once per row. */
    private void decodePartitionKey(DecoratedKey key) {
        ByteBuffer[] parts = compositePartitionKey ? ((CompositeType) partitionKeyType).split(key.getKey()) : new ByteBuffer[] {key.getKey()};
        for (int slot : keySlots) {
            OutputColumn out = outputs[slot];
            if (out.column().isPartitionKey()) {
                ByteBuffer part = parts[out.column().position()];
                partitionKeyValues[slot] = part == null ? null : out.keyReader().read(part);
            }
        }
        decodedKey = key;
    }

    /** One pass over the row's cells, each going to the output slots that want it. */
    private void fill(Row source) {
        for (ColumnData data : source) {
            int[] slots = slotsByColumn.get(data.column());
            if (slots == null) {
                continue;
            }
            for (int slot : slots) {
                OutputColumn out = outputs[slot];
                switch (out.kind()) {
                    case VALUE -> {
                        if (out.writer() != null) {
                            out.writer().write(((Cell<?>) data).buffer(), current, slot);
                        } else {
                            current.update(slot, out.values().read(data));
                        }
                    }
                    case WRITETIME -> current.setLong(slot, maxTimestamp(data));
                    case TTL -> current.update(slot, ttl(data));
                    case EXPIRY -> current.update(slot, expiry(data));
                    case ROW_WRITETIME -> throw new IllegalStateException("row write time is not a cell's");
                }
            }
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private Object rowWritetime(Row staticRow, Row row) {
        long max = Long.MIN_VALUE;
        Row target = row != null ? row : staticRow;
        if (target == null) {
            return null;
        }
        LivenessInfo liveness = target.primaryKeyLivenessInfo();
        if (!liveness.isEmpty()) {
            max = liveness.timestamp();
        }
        for (ColumnData data : target) {
            max = Math.max(max, maxTimestamp(data));
        }
        return max == Long.MIN_VALUE ? null : max;
    }

    private static long maxTimestamp(ColumnData data) {
        if (data instanceof Cell<?> cell) {
            return cell.timestamp();
        }
        long max = Long.MIN_VALUE;
        for (Cell<?> cell : (ComplexColumnData) data) {
            max = Math.max(max, cell.timestamp());
        }
        return max;
    }

    /** The earliest expiry among the column's cells, in seconds; {@code Long.MAX_VALUE} when none expires. */
    private static long earliestExpiry(ColumnData data) {
        long earliest = Long.MAX_VALUE;
        if (data instanceof Cell<?> cell) {
            return cell.isExpiring() ? cell.localDeletionTime() : earliest;
        }
        for (Cell<?> cell : (ComplexColumnData) data) {
            if (cell.isExpiring()) {
                earliest = Math.min(earliest, cell.localDeletionTime());
            }
        }
        return earliest;
    }

    private Object ttl(ColumnData data) {
        long expiry = earliestExpiry(data);
        return expiry == Long.MAX_VALUE ? null : (int) (expiry - nowInSec);
    }

    private static Object expiry(ColumnData data) {
        long expiry = earliestExpiry(data);
        return expiry == Long.MAX_VALUE ? null : expiry * 1_000_000L;
    }

    private static CellValues cellReader(ColumnMetadata column, SparkTypes.DecimalSpec decimal) {
        AbstractType<?> type = SparkTypes.unwrap(column.type);
        if (!type.isMultiCell()) {
            SparkTypes.ValueReader reader = SparkTypes.reader(type, decimal);
            return data -> reader.read(((Cell<?>) data).buffer());
        }
        if (type instanceof ListType<?> list) {
            SparkTypes.ValueReader element = SparkTypes.reader(list.getElementsType(), decimal);
            return data -> {
                ComplexColumnData complex = (ComplexColumnData) data;
                List<Object> elements = new ArrayList<>(complex.cellsCount());
                for (Cell<?> cell : complex) {
                    elements.add(element.read(cell.buffer()));
                }
                return elements.isEmpty() ? null : new GenericArrayData(elements.toArray());
            };
        }
        if (type instanceof SetType<?> set) {
            SparkTypes.ValueReader element = SparkTypes.reader(set.getElementsType(), decimal);
            return data -> {
                ComplexColumnData complex = (ComplexColumnData) data;
                List<Object> elements = new ArrayList<>(complex.cellsCount());
                for (Cell<?> cell : complex) {
                    elements.add(element.read(cell.path().get(0)));
                }
                return elements.isEmpty() ? null : new GenericArrayData(elements.toArray());
            };
        }
        if (type instanceof MapType<?, ?> map) {
            SparkTypes.ValueReader keyReader = SparkTypes.reader(map.getKeysType(), decimal);
            SparkTypes.ValueReader valueReader = SparkTypes.reader(map.getValuesType(), decimal);
            return data -> {
                ComplexColumnData complex = (ComplexColumnData) data;
                List<Object> keys = new ArrayList<>(complex.cellsCount());
                List<Object> values = new ArrayList<>(complex.cellsCount());
                for (Cell<?> cell : complex) {
                    keys.add(keyReader.read(cell.path().get(0)));
                    values.add(valueReader.read(cell.buffer()));
                }
                return keys.isEmpty() ? null
                        : new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray()));
            };
        }
        if (type instanceof UserType udt) {
            SparkTypes.ValueReader[] fields = new SparkTypes.ValueReader[udt.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = SparkTypes.reader(udt.fieldType(i), decimal);
            }
            return data -> {
                Object[] values = new Object[fields.length];
                boolean any = false;
                for (Cell<?> cell : (ComplexColumnData) data) {
                    // A non-frozen UDT stores each field in its own cell, keyed by the field's position.
                    int field = cell.path().get(0).getShort(cell.path().get(0).position());
                    if (field < fields.length) {
                        values[field] = fields[field].read(cell.buffer());
                        any = true;
                    }
                }
                return any ? new GenericInternalRow(values) : null;
            };
        }
        throw new SchemaException("Column '" + column.name + "' has unsupported multi-cell type " + type.asCQL3Type());
    }
}
