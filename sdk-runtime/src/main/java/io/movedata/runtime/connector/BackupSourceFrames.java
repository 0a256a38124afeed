package io.movedata.runtime.connector;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.KnownNotNull;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.GroupTransform;
import io.movedata.api.KeyRole;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.runtime.spark.BackupRead;
import io.movedata.runtime.spark.CogroupRead;

/**
 * The declared source tables of a connector, each read from the one backup of a run. Frames of a
 * cogroup with several outputs are kept on the executors' local disks between the writes; the run
 * calls {@link #release} when the writes are over.
 */
public final class BackupSourceFrames implements SourceFrames {
    private final SparkSession spark;
    private final Map<String, BackupRead> reads = new LinkedHashMap<>();
    private final Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
    private final List<Dataset<Row>> persisted = new ArrayList<>();

    /** @param reads the read of each source: its table and metadata columns of the run's backup */
    public BackupSourceFrames(SparkSession spark, List<SourceTable> sources, Function<SourceTable, BackupRead> reads) {
        this.spark = spark;
        for (SourceTable source : sources) {
            BackupRead read = reads.apply(source);
            this.reads.put(source.table(), read);
            frames.put(source.table(), read.load(spark));
        }
    }

    /** The Spark schema of each source, for {@link io.movedata.api.Connector#targets}. */
    public Map<String, StructType> schemas() {
        Map<String, StructType> schemas = new LinkedHashMap<>();
        frames.forEach((table, frame) -> schemas.put(table, frame.schema()));
        return schemas;
    }

    @Override
    public Dataset<Row> frame(String table) {
        Dataset<Row> frame = frames.get(table);
        if (frame == null) {
            throw new ConnectorException(ErrorKind.INTERNAL, "The connector asked for source table '" + table + "', which it did not "
                    + "declare in sources(); declared: " + frames.keySet());
        }
        return frame;
    }

    @Override
    public Dataset<Row> transform(String table, RowTransform transform) {
        return PartitionGrouping.apply(frame(table), transform, table);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The transform's rows come as one frame of rows tagged with their output
     * ({@link CogroupRead}); each output's frame is that frame filtered to its rows and unpacked.
     * With two outputs or more, the tagged frame is persisted ({@code DISK_ONLY}) so that the first
     * write reads and merges the backup and the others read the local copy.
     */
    @Override
    public Map<String, Dataset<Row>> cogroup(List<String> tables, GroupTransform transform) {
        List<BackupRead> cogrouped = coPartitioned(tables);
        // One order of the outputs for the driver and every executor: a map's own order may differ between JVMs.
        LinkedHashMap<String, StructType> outputs = new LinkedHashMap<>(transform.outputs());
        if (outputs.isEmpty() || outputs.containsKey(CogroupRead.OUTPUT_COLUMN)) {
            throw new ConnectorException(ErrorKind.INTERNAL, "The transform reading " + tables + " together must declare at least "
                    + "one output, none named '" + CogroupRead.OUTPUT_COLUMN + "'; found " + outputs.keySet());
        }
        Dataset<Row> tagged = CogroupRead.load(spark, cogrouped, transform, outputs);
        if (outputs.size() > 1) {
            tagged = tagged.persist(StorageLevel.DISK_ONLY());
            persisted.add(tagged);
        }
        Map<String, Dataset<Row>> result = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, StructType> output : outputs.entrySet()) {
            result.put(output.getKey(), outputFrame(tagged, index++, output.getKey(), output.getValue()));
        }
        return result;
    }

    /** Drops the local copies of cogroup frames kept for the writes; the frames read the backup again if used after. */
    public void release() {
        persisted.forEach(frame -> frame.unpersist(true));
        persisted.clear();
    }

    /**
     * The reads of the tables, after checking they can be read together.
     *
     * @throws ConnectorException (internal) for no table, a table named twice or not declared;
     *         (invalid input) for tables of different keyspaces or with different partition keys
     */
    private List<BackupRead> coPartitioned(List<String> tables) {
        if (tables.isEmpty() || new LinkedHashSet<>(tables).size() != tables.size()) {
            throw new ConnectorException(ErrorKind.INTERNAL, "Tables read together must be at least one, each named once; found "
                    + tables);
        }
        String first = tables.get(0);
        String firstKey = partitionKey(frame(first).schema());
        String keyspace = reads.get(first).request().keyspace();
        List<BackupRead> cogrouped = new ArrayList<>();
        for (String table : tables) {
            String key = partitionKey(frame(table).schema());
            BackupRead read = reads.get(table);
            if (!read.request().keyspace().equals(keyspace)) {
                throw new ConnectorException("Tables read together must be of one keyspace; found " + first + " and " + table);
            }
            if (!key.equals(firstKey)) {
                throw new ConnectorException("Tables read together must have the same partition key (columns, types, order); "
                        + first + " has " + firstKey + " but " + table + " has " + key);
            }
            cogrouped.add(read);
        }
        return cogrouped;
    }

    /** The partition key as CQL declares it, e.g. {@code (id text, bucket int)}. */
    private static String partitionKey(StructType schema) {
        return "(" + String.join(", ", KeyRole.PARTITION_KEY.columns(schema).stream()
                .map(field -> field.name() + " " + field.metadata().getString(ColumnMetadataKeys.CQL_TYPE)).toList()) + ")";
    }

    /**
     * The rows of one output: the tagged rows of it, their struct unpacked into the output's columns
     * with the output's nullability (the struct is null only in the other outputs' rows).
     */
    private static Dataset<Row> outputFrame(Dataset<Row> tagged, int index, String name, StructType schema) {
        Column struct = ExpressionUtils.column(new KnownNotNull(ExpressionUtils.expression(col("`" + name + "`"))));
        List<Column> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            columns.add(struct.getField(field.name()).as(field.name(), field.metadata()));
        }
        return tagged.where(col(CogroupRead.OUTPUT_COLUMN).equalTo(index)).select(columns.toArray(Column[]::new));
    }
}
