package io.movedata.connector.graph;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import io.movedata.connector.graph.Integrity.Fault;
import io.movedata.connector.graph.schema.GraphSchema;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The last step of the edges: each edge ({@link EdgeAssembly}'s row, then whether its from node and
 * its to node exist) checked for missing nodes, and every fault it has decided by the policy: an
 * edge without faults is written; one with faults is left out ({@code skip}) or written with its
 * {@code faults} ({@code keep-raw}; {@code fail} has failed at the first). Rows come out in the
 * edges table's layout.
 */
final class EdgeChecks implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final String FROM_NODE_MISSING = "from_node_missing";
    static final String TO_NODE_MISSING = "to_node_missing";

    private final GraphSchema schema;
    private final Integrity integrity;
    /** The columns of an assembled edge, faults last: the node checks follow them. */
    private final int width;

    EdgeChecks(GraphSchema schema, Integrity integrity) {
        this.schema = schema;
        this.integrity = integrity;
        this.width = GraphTables.edgesSchema(schema, true).size();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> edges) {
        return new Iterator<>() {
            private Row pending;

            @Override
            public boolean hasNext() {
                while (pending == null && edges.hasNext()) {
                    pending = checked(edges.next());
                }
                return pending != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = pending;
                pending = null;
                return row;
            }
        };
    }

    /** The edge as written, or null when it is left out. */
    private Row checked(Row edge) {
        List<String> faults = new ArrayList<>(CollectionConverters.asJava(edge.<scala.collection.Seq<String>>getAs(width - 1)));
        List<String> missing = new ArrayList<>();
        if (!edge.getBoolean(width)) {
            faults.add(FROM_NODE_MISSING);
            missing.add("from node " + node(edge.getString(1), edge.getString(2)));
        }
        if (!edge.getBoolean(width + 1)) {
            faults.add(TO_NODE_MISSING);
            missing.add("to node " + node(edge.getString(3), edge.getString(4)));
        }
        if (!missing.isEmpty()) {
            integrity.found(Fault.MISSING_NODE, "edge (" + edge.getString(1) + ", " + edge.getString(0) + ", "
                    + edge.getString(3) + ") '" + Text.id(edge.getString(2)) + "' -> '"
                    + Text.id(edge.getString(4)) + "': " + String.join(" and ", missing));
        }
        if (!faults.isEmpty() && !integrity.keepsRaw()) {
            return null;
        }
        int kept = integrity.keepsRaw() ? width : width - 2;
        Object[] row = new Object[kept];
        for (int i = 0; i < kept; i++) {
            row[i] = edge.get(i);
        }
        if (integrity.keepsRaw()) {
            row[width - 1] = faults.isEmpty() ? null : CollectionConverters.asScala(faults).toSeq();
        }
        return RowFactory.create(row);
    }

    private String node(String type, String id) {
        return type + " '" + Text.id(id) + "' is not in " + schema.nodeType(type).namespace();
    }
}
