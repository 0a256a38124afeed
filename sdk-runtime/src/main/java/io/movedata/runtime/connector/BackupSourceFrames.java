package io.movedata.runtime.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.runtime.spark.CassandraBackupSource;
import io.movedata.runtime.spark.ReadOptions;

/** The declared source tables of a connector, read from one backup with the same options. */
public final class BackupSourceFrames implements SourceFrames {
    private final Map<String, Dataset<Row>> frames = new LinkedHashMap<>();

    /**
     * @param readOptions the {@code cassandra-backup} options every source shares (location,
     *        backup name, consistency, ...); the table and metadata columns come from each source
     */
    public BackupSourceFrames(SparkSession spark, Map<String, String> readOptions, List<SourceTable> sources) {
        for (SourceTable source : sources) {
            DataFrameReader reader = spark.read().format(CassandraBackupSource.SHORT_NAME).options(readOptions)
                    .option(ReadOptions.TABLE, source.table())
                    .option(ReadOptions.ROW_WRITETIME, source.rowWritetime());
            if (!source.cellMetadata().isEmpty()) {
                reader = reader.option(ReadOptions.CELL_METADATA, String.join(",", source.cellMetadata()));
            }
            frames.put(source.table(), reader.load());
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
}
