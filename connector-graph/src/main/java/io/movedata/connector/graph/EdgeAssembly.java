package io.movedata.connector.graph;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;

import io.movedata.connector.graph.Integrity.Fault;
import io.movedata.connector.graph.schema.EdgeMapping;
import io.movedata.connector.graph.schema.GraphSchema;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The edges of the parts one task holds after the shuffle ({@link EdgePartsTransform}), sorted by
 * mapping and pair, so that all the parts of a pair come together: its forward and reverse links in
 * either orientation and its properties. An orientation with a link is an edge (a bidirectional
 * mapping within one node type makes both orientations one edge, from the low id to the high);
 * each edge gets the pair's properties ({@link PropertyColumns}). A link without its counterpart
 * (forward without reverse, or the reverse) and properties without a link are faults
 * ({@link Integrity}). Rows come out in the layout of the edges table kept raw
 * ({@link GraphTables#edgesSchema}), {@code faults} listing the link faults, for {@link EdgeChecks}.
 * Holds one pair's parts at a time.
 */
final class EdgeAssembly implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final String REVERSE_LINK_MISSING = "reverse_link_missing";
    static final String FORWARD_LINK_MISSING = "forward_link_missing";

    private final GraphSchema schema;
    private final PropertyColumns columns;
    private final Integrity integrity;
    /** Whether the session encodes timestamps as {@link java.time.Instant}s ({@link EdgesFrame#instants}). */
    private final boolean instants;

    EdgeAssembly(GraphSchema schema, Integrity integrity, boolean instants) {
        this.schema = schema;
        this.columns = new PropertyColumns(schema.edgeProperties());
        this.integrity = integrity;
        this.instants = instants;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> parts) {
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();
            private Row next = parts.hasNext() ? parts.next() : null;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && next != null) {
                    Pair pair = new Pair(next.getInt(0), next.getString(1), next.getString(2));
                    while (next != null && pair.holds(next)) {
                        pair.add(next);
                        next = parts.hasNext() ? parts.next() : null;
                    }
                    ready.addAll(edges(pair));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    /** The parts of one pair of one mapping. Orientation 0 is from the low id to the high, 1 the other way. */
    private static final class Pair {
        final int mapping;
        final String low;
        final String high;
        final boolean[] forward = new boolean[2];
        final boolean[] reverse = new boolean[2];
        final long[] linkWrite = {Long.MIN_VALUE, Long.MIN_VALUE};
        final List<Row> properties = new ArrayList<>();
        long propertiesWrite = Long.MIN_VALUE;

        Pair(int mapping, String low, String high) {
            this.mapping = mapping;
            this.low = low;
            this.high = high;
        }

        boolean holds(Row part) {
            return part.getInt(0) == mapping && part.getString(1).equals(low) && part.getString(2).equals(high);
        }

        void add(Row part) {
            long writeTime = part.getLong(7);
            int kind = part.getInt(3);
            if (kind == EdgePartsTransform.PROPERTY) {
                properties.add(part);
                propertiesWrite = Math.max(propertiesWrite, writeTime);
                return;
            }
            int orientation = part.getBoolean(4) ? 0 : 1;
            (kind == EdgePartsTransform.FORWARD ? forward : reverse)[orientation] = true;
            linkWrite[orientation] = Math.max(linkWrite[orientation], writeTime);
        }

        boolean linked(int orientation) {
            return forward[orientation] || reverse[orientation];
        }

        String source(int orientation) {
            return orientation == 0 ? low : high;
        }

        String target(int orientation) {
            return orientation == 0 ? high : low;
        }
    }

    private List<Row> edges(Pair pair) {
        EdgeMapping mapping = schema.edgeMappings().get(pair.mapping);
        Supplier<String> between = () -> "edge " + mapping.describe() + " between '" + Text.id(pair.low) + "' and '"
                + Text.id(pair.high) + "'";
        if (!pair.linked(0) && !pair.linked(1)) {
            integrity.found(Fault.ORPHAN_EDGE_PROPERTIES, between.get() + ": " + pair.properties.size() + " properties in "
                    + mapping.propertiesNamespace() + " but no link in " + mapping.forwardNamespace() + " or "
                    + mapping.reverseNamespace());
            return List.of();
        }
        Object[] values = new Object[columns.size()];
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (Row property : pair.properties) {
            columns.read(mapping.properties(), between, (byte[]) property.get(5), (byte[]) property.get(6), values, raw,
                    integrity);
        }
        List<Row> edges = new ArrayList<>();
        if (mapping.mergesOrientations()) {
            List<String> faults = new ArrayList<>();
            long lastWrite = pair.propertiesWrite;
            for (int orientation = 0; orientation < 2; orientation++) {
                if (pair.linked(orientation)) {
                    faults.addAll(linkFaults(mapping, pair, orientation));
                    lastWrite = Math.max(lastWrite, pair.linkWrite[orientation]);
                }
            }
            edges.add(edge(mapping, pair.low, pair.high, values, raw, lastWrite, faults));
        } else {
            for (int orientation = 0; orientation < 2; orientation++) {
                if (pair.linked(orientation)) {
                    edges.add(edge(mapping, pair.source(orientation), pair.target(orientation), values, raw,
                            Math.max(pair.propertiesWrite, pair.linkWrite[orientation]), linkFaults(mapping, pair, orientation)));
                }
            }
        }
        return edges;
    }

    /** The faults of one orientation's links, each counted (or failed) as it is found. */
    private List<String> linkFaults(EdgeMapping mapping, Pair pair, int orientation) {
        Supplier<String> link = () -> "link " + mapping.describe() + " '" + Text.id(pair.source(orientation)) + "' -> '"
                + Text.id(pair.target(orientation)) + "'";
        if (!pair.reverse[orientation]) {
            integrity.found(Fault.FORWARD_WITHOUT_REVERSE, link.get() + ": forward link in " + mapping.forwardNamespace()
                    + ", no reverse link in " + mapping.reverseNamespace());
            return List.of(REVERSE_LINK_MISSING);
        }
        if (!pair.forward[orientation]) {
            integrity.found(Fault.REVERSE_WITHOUT_FORWARD, link.get() + ": reverse link in " + mapping.reverseNamespace()
                    + ", no forward link in " + mapping.forwardNamespace());
            return List.of(FORWARD_LINK_MISSING);
        }
        return List.of();
    }

    private Row edge(EdgeMapping mapping, String from, String to, Object[] values, Map<String, byte[]> raw,
                     long lastWrite, List<String> faults) {
        Object[] row = new Object[6 + values.length + 3];
        row[0] = mapping.edgeType();
        row[1] = mapping.fromNodeType();
        row[2] = from;
        row[3] = mapping.toNodeType();
        row[4] = to;
        row[5] = mapping.direction().name();
        System.arraycopy(values, 0, row, 6, values.length);
        row[6 + values.length] = GraphTables.timestamp(lastWrite);
        row[7 + values.length] = raw.isEmpty() ? null : CollectionConverters.asScala(raw);
        row[8 + values.length] = CollectionConverters.asScala(faults).toSeq();
        for (int i = 6; i <= 6 + values.length; i++) {
            if (instants && row[i] instanceof Timestamp timestamp) {
                row[i] = timestamp.toInstant();
            } else if (!instants && row[i] instanceof Instant instant) {
                // The inverse of the encoder's Timestamp reading (hybrid Julian/Gregorian), so
                // that an instant before 1582 is written as it is, not days off.
                row[i] = DateTimeUtils.toJavaTimestamp(DateTimeUtils.instantToMicros(instant));
            }
        }
        return RowFactory.create(row);
    }
}
