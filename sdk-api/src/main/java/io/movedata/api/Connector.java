package io.movedata.api;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * One movement's connector: the Cassandra tables it reads, the Iceberg tables it writes, and how
 * the source frames become the output frames. The runtime reads the sources, calls
 * {@link #targets} and then {@link #output}, and writes each output frame to its table; the
 * connector never writes itself. Everything here runs on the driver and only builds Spark plans;
 * per-row work belongs in a {@link RowTransform} or in Spark expressions.
 *
 * <p>A connector reports what it cannot do with a {@link ConnectorException} (of the
 * {@link ErrorKind} that fits); anything else it throws is reported as an
 * {@link ErrorKind#INTERNAL internal} error, a bug in the connector, naming it.
 */
public interface Connector {

    /** The Cassandra tables this movement reads, with the metadata columns wanted from each. */
    List<SourceTable> sources();

    /**
     * The Iceberg tables this movement writes.
     *
     * @param sourceSchemas the Spark schema of each source, keyed by {@link SourceTable#table()}
     *        (fields carry {@link ColumnMetadataKeys} metadata)
     * @throws ConnectorException when a source lacks a column the connector needs, naming it
     */
    List<TargetTable> targets(Map<String, StructType> sourceSchemas);

    /**
     * The rows to write, one frame per target name declared by {@link #targets}. A frame must
     * have the target's columns; the runtime checks each and names the first that does not fit.
     *
     * @throws ConnectorException when the frames cannot be built
     */
    Map<String, Dataset<Row>> output(SourceFrames sources);

    /**
     * The targets whose frames replace only some of their table's rows ({@link TargetWrite}), asked
     * after {@link #output}. A target not listed is written as the movement's mode says (overwrite:
     * the table becomes the frame's rows; append: the frame's rows are added). A movement whose mode
     * is {@code append} refuses a connector that lists a target here.
     *
     * <p>Not yet stable ({@link Unstable}), as {@link TargetWrite} is.
     */
    @Unstable
    default List<TargetWrite> writes() {
        return List.of();
    }

    /** Java UDFs the runtime registers in the session before {@link #output} is called. */
    default List<NamedUdf> udfs() {
        return List.of();
    }
}
