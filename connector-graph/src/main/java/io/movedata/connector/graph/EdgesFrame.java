package io.movedata.connector.graph;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.movedata.connector.graph.schema.GraphSchema;

/**
 * The plan of the {@code edges} frame, with its one shuffle: the parts of every edge namespace
 * ({@link EdgePartsTransform}, streamed by their co-partitioned reads) are unioned and shuffled by
 * mapping and pair, so each pair's links and properties meet in one task, sorted there and
 * assembled ({@link EdgeAssembly}); each edge's ends are then looked up in the ids of every node
 * type, broadcast to the tasks (a broadcast is not a shuffle: the node ids are collected on the
 * driver and sent whole to every task, while the edges stream past them), and checked
 * ({@link EdgeChecks}). The node ids come from the node tables' own reads.
 */
final class EdgesFrame {
    private static final String NODE_TYPE = "node_type";
    private static final String NODE_ID = "node_id";
    private static final String EDGE = "edge";

    private EdgesFrame() {}

    /**
     * @param parts the parts frames, one per keyspace of edge namespaces
     * @param nodeIds the frame of node ids ({@code id}) of each node type, by type name
     */
    static Dataset<Row> of(GraphSchema schema, Integrity integrity, List<Dataset<Row>> parts, Map<String, Dataset<Row>> nodeIds) {
        Dataset<Row> allParts = parts.get(0);
        for (Dataset<Row> more : parts.subList(1, parts.size())) {
            allParts = allParts.union(more);
        }
        StructType assembled = GraphTables.edgesSchema(schema, true);
        // Sorted by a hash of the key first: Spark sorts a long by prefix (radix) where it would compare
        // two strings per step; a pair's parts are still together, and pairs of one hash apart by the key.
        Dataset<Row> edges = allParts
                .repartition(col("mapping"), col("low"), col("high"))
                .sortWithinPartitions(xxhash64(col("mapping"), col("low"), col("high")), col("mapping"), col("low"), col("high"))
                .mapPartitions(new EdgeAssembly(schema, integrity, instants(allParts)), Encoders.row(assembled));

        Dataset<Row> ids = null;
        for (Map.Entry<String, Dataset<Row>> type : nodeIds.entrySet()) {
            Dataset<Row> typed = type.getValue().select(lit(type.getKey()).as(NODE_TYPE), col("id").as(NODE_ID));
            ids = ids == null ? typed : ids.union(typed);
        }
        Dataset<Row> nodes = broadcast(ids);
        return withPresence(withPresence(edges, nodes, "from"), nodes, "to").mapPartitions(new EdgeChecks(schema, integrity),
                Encoders.row(GraphTables.edgesSchema(schema, integrity.keepsRaw())));
    }

    /**
     * Whether the session encodes timestamp columns as {@link java.time.Instant}s rather than
     * {@link java.sql.Timestamp}s: {@code movedata run} turns that on, and a row encoder refuses the
     * other kind. (The runtime's cogroup takes either; this frame's own encoders do not.)
     */
    static boolean instants(Dataset<Row> frame) {
        return Boolean.parseBoolean(frame.sparkSession().conf().get("spark.sql.datetime.java8API.enabled", "false"));
    }

    /** The edges with a column {@code <end>_present}: whether the node at that end is among {@code nodes}. */
    private static Dataset<Row> withPresence(Dataset<Row> edges, Dataset<Row> nodes, String end) {
        String node = end + "_node";
        Column found = col(EDGE + "." + end + "_type").equalTo(col(node + "." + NODE_TYPE))
                .and(col(EDGE + "." + end + "_id").equalTo(col(node + "." + NODE_ID)));
        List<Column> kept = new ArrayList<>();
        for (String name : edges.columns()) {
            kept.add(col(EDGE + ".`" + name + "`"));
        }
        kept.add(col(node + "." + NODE_ID).isNotNull().as(end + "_present"));
        return edges.as(EDGE).join(nodes.as(node), found, "left_outer").select(kept.toArray(Column[]::new));
    }
}
