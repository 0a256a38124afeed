package io.movedata.runtime.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

import io.movedata.api.GroupTransform;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.read.ReadPlanner;
import io.movedata.runtime.read.ReadRequest;

import scala.Option;

/**
 * A read of co-partitioned tables (same keyspace, same partition key) with a {@link GroupTransform}
 * applied on the executors, as one frame of tagged rows: {@link #OUTPUT_COLUMN} says which output a
 * row is of (its position in {@link GroupTransform#outputs()}), and one struct column per output,
 * named after it, holds the row (null in the other outputs' rows).
 *
 * <p>One split plan covers the tables' combined bytes; each task opens one {@code SplitReader} per
 * table on the same token range and replicas, and merges them by partition position (token, then
 * key): no shuffle, and no partition held in memory.
 */
public final class CogroupRead {
    /** The column of a tagged row that says which output it is of. */
    public static final String OUTPUT_COLUMN = "_output";

    private CogroupRead() {}

    /**
     * Plans the read now (adding the plans to the reads' metrics) and returns its tagged frame.
     *
     * @param reads one read per table, of the same backup, keyspace and metrics
     * @param outputs the transform's outputs, in the order of the tags
     * @throws io.movedata.runtime.backup.BackupException for a missing backup, object or replica
     */
    public static Dataset<Row> load(SparkSession spark, List<BackupRead> reads, GroupTransform transform,
                                    LinkedHashMap<String, StructType> outputs) {
        BackupRead first = reads.get(0);
        List<ReadPlan> plans = ReadPlanner.plan(reads.stream().map(BackupRead::request).toList(), first.backup());
        List<StructType> schemas = new ArrayList<>();
        for (BackupRead read : reads) {
            schemas.add(CassandraBackupSource.schema(read.request(), read.backup()));
        }
        if (first.metrics() != null) {
            plans.forEach(first.metrics()::planned);
        }
        CogroupScan scan = new CogroupScan(plans, schemas, transform, outputs, first.localDirectory(), first.metrics());
        return org.apache.spark.sql.classic.Dataset.ofRows((org.apache.spark.sql.classic.SparkSession) spark,
                DataSourceV2Relation.create(new CogroupTable(scan), Option.empty(), Option.empty(), CaseInsensitiveStringMap.empty()));
    }

    /** {@link #OUTPUT_COLUMN}, then one nullable struct column per output, named after it. */
    static StructType taggedSchema(Map<String, StructType> outputs) {
        StructType schema = new StructType().add(OUTPUT_COLUMN, DataTypes.IntegerType, false);
        for (Map.Entry<String, StructType> output : outputs.entrySet()) {
            schema = schema.add(output.getKey(), output.getValue(), true);
        }
        return schema;
    }

    /** The tables of a cogroup read, for names and messages. */
    static String tables(List<ReadPlan> plans) {
        return String.join(", ", plans.stream().map(ReadPlan::request).map(ReadRequest::qualifiedTable).toList());
    }
}
