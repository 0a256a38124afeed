package io.movedata.runtime.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.GroupTransform;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.runtime.spark.BackupRead;

/** The declared source tables of a connector, each read from the one backup of a run. */
public final class BackupSourceFrames implements SourceFrames {
    private final Map<String, Dataset<Row>> frames = new LinkedHashMap<>();

    /** @param reads the read of each source: its table and metadata columns of the run's backup */
    public BackupSourceFrames(SparkSession spark, List<SourceTable> sources, Function<SourceTable, BackupRead> reads) {
        for (SourceTable source : sources) {
            frames.put(source.table(), reads.apply(source).load(spark));
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

    @Override
    public Map<String, Dataset<Row>> cogroup(List<String> tables, GroupTransform transform) {
        // Placeholder on the spi12 branch so the runtime compiles; helper A replaces it.
        throw new UnsupportedOperationException("cogroup is being built");
    }
}
