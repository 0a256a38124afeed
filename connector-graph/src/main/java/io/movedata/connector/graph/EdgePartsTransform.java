package io.movedata.connector.graph;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.connector.graph.Integrity.Fault;
import io.movedata.connector.kv.KvNamespace;
import io.movedata.connector.kv.Utf8;

/**
 * The parts of the edges stored in the link and property namespaces of one keyspace, read together
 * (one id's forward links, reverse links and, for a pair's id, edge properties): each live item
 * becomes a row keyed by its edge mapping and its pair of node ids in canonical order
 * ({@link EdgePair}), so that one shuffle on that key brings an edge's forward link, reverse link
 * and properties together ({@link EdgeAssembly}). Streams: one item at a time.
 */
final class EdgePartsTransform implements GroupTransform {
    private static final long serialVersionUID = 1L;
    static final String PARTS = "parts";

    /** What a part is. */
    static final int FORWARD = 0;
    static final int REVERSE = 1;
    static final int PROPERTY = 2;

    /** The rows: for a link, {@code source_low} says whether its source is the pair's low id; for a property, its name and value. */
    static final StructType SCHEMA = new StructType()
            .add("mapping", DataTypes.IntegerType)
            .add("low", DataTypes.StringType)
            .add("high", DataTypes.StringType)
            .add("kind", DataTypes.IntegerType)
            .add("source_low", DataTypes.BooleanType)
            .add("name", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("write_time", DataTypes.LongType);

    /**
     * One namespace read by the transform.
     *
     * @param mapping the index of its edge mapping in the graph schema
     * @param kind {@link #FORWARD}, {@link #REVERSE} or {@link #PROPERTY}
     */
    record Source(int mapping, int kind, KvNamespace namespace) implements Serializable {}

    private final List<Source> sources;
    private final Integrity integrity;

    EdgePartsTransform(List<Source> sources, Integrity integrity) {
        this.sources = List.copyOf(sources);
        this.integrity = integrity;
    }

    @Override
    public Map<String, StructType> outputs() {
        return Map.of(PARTS, SCHEMA);
    }

    @Override
    public Iterator<OutputRow> apply(PartitionGroup group) {
        String id = group.key().getString(0);
        return new Iterator<>() {
            private int source = -1;
            private Iterator<KvNamespace.Item> items = Collections.emptyIterator();
            private EdgePair propertiesPair;
            private Row pending;

            @Override
            public boolean hasNext() {
                while (pending == null) {
                    while (!items.hasNext()) {
                        if (++source == sources.size()) {
                            return false;
                        }
                        items = items(sources.get(source), group);
                    }
                    pending = part(sources.get(source), items.next());
                }
                return true;
            }

            @Override
            public OutputRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = pending;
                pending = null;
                return new OutputRow(PARTS, row);
            }

            /** The namespace's items of the id; none when the id of an edge-properties namespace is not a pair. */
            private Iterator<KvNamespace.Item> items(Source from, PartitionGroup group) {
                Iterator<KvNamespace.Item> all = from.namespace().items(group);
                if (from.kind() != PROPERTY || !all.hasNext()) {
                    return all;
                }
                propertiesPair = EdgePair.ofPropertiesId(id);
                if (propertiesPair == null) {
                    integrity.found(Fault.MALFORMED_EDGE_ID, "edge properties id '" + Text.id(id) + "' in "
                            + from.namespace().itemsTable() + " is not two node ids in order, each with \\ and | escaped, "
                            + "joined by |");
                    return Collections.emptyIterator();
                }
                return all;
            }

            /** The part an item is, or null when it is a link whose key is not a node id. */
            private Row part(Source from, KvNamespace.Item item) {
                if (from.kind() == PROPERTY) {
                    return RowFactory.create(from.mapping(), propertiesPair.low(), propertiesPair.high(), PROPERTY, null,
                            item.key(), item.value(), item.writeTimeMicros());
                }
                String other = Text.utf8(item.key());
                if (other == null) {
                    integrity.found(Fault.MALFORMED_EDGE_ID, (from.kind() == FORWARD ? "forward" : "reverse") + " link of '"
                            + Text.id(id) + "' in " + from.namespace().itemsTable() + " has key " + Utf8.keyText(item.key())
                            + ", which is not a node id (not UTF-8)");
                    return null;
                }
                String source = from.kind() == FORWARD ? id : other;
                EdgePair pair = EdgePair.of(id, other);
                return RowFactory.create(from.mapping(), pair.low(), pair.high(), from.kind(), pair.isLow(source), null, null,
                        item.writeTimeMicros());
            }
        };
    }
}
