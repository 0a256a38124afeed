package io.movedata.connector.graph;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.GroupTransform;
import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.connector.graph.schema.NodeType;
import io.movedata.connector.kv.KvNamespace;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The nodes of one node type, from its namespace read with {@link KvNamespace}: one row per id with
 * a live item, its declared properties in typed columns ({@link PropertyColumns}) and the largest
 * write time of its items. The item of the empty key marks a node without properties and is no
 * property. A node's rows are contiguous in the read, so nodes stream: one node's properties are
 * held at a time. With {@code ids}, the node ids go to a second output from the same read, for the
 * edges' check that their nodes exist.
 */
final class NodeTransform implements GroupTransform {
    private static final long serialVersionUID = 1L;
    static final String NODES = "nodes";
    static final String IDS = "ids";
    static final StructType IDS_SCHEMA = new StructType().add("id", DataTypes.StringType);

    private final NodeType type;
    private final KvNamespace namespace;
    private final PropertyColumns columns;
    private final Integrity integrity;
    private final boolean ids;

    NodeTransform(NodeType type, KvNamespace namespace, Integrity integrity, boolean ids) {
        this.type = type;
        this.namespace = namespace;
        this.columns = new PropertyColumns(type.properties());
        this.integrity = integrity;
        this.ids = ids;
    }

    /** The tables of the node type's namespace, read together. */
    List<String> tables() {
        return namespace.tables();
    }

    @Override
    public Map<String, StructType> outputs() {
        Map<String, StructType> outputs = new LinkedHashMap<>();
        outputs.put(NODES, GraphTables.nodeSchema(type, integrity.keepsRaw()));
        if (ids) {
            outputs.put(IDS, IDS_SCHEMA);
        }
        return outputs;
    }

    @Override
    public Iterator<OutputRow> apply(PartitionGroup group) {
        String id = group.key().getString(0);
        Object[] values = new Object[columns.size()];
        Map<String, byte[]> raw = new LinkedHashMap<>();
        long lastWrite = Long.MIN_VALUE;
        Supplier<String> owner = () -> "node " + type.name() + " '" + Text.id(id) + "'";
        for (Iterator<KvNamespace.Item> items = namespace.items(group); items.hasNext(); ) {
            KvNamespace.Item item = items.next();
            lastWrite = Math.max(lastWrite, item.writeTimeMicros());
            if (item.key().length > 0) {
                columns.read(type.properties(), owner, item.key(), item.value(), values, raw, integrity);
            }
        }
        if (lastWrite == Long.MIN_VALUE) {
            return Collections.emptyIterator();
        }
        Object[] row = new Object[values.length + (integrity.keepsRaw() ? 3 : 2)];
        row[0] = id;
        System.arraycopy(values, 0, row, 1, values.length);
        row[values.length + 1] = GraphTables.timestamp(lastWrite);
        if (integrity.keepsRaw()) {
            row[values.length + 2] = raw.isEmpty() ? null : CollectionConverters.asScala(raw);
        }
        OutputRow node = new OutputRow(NODES, RowFactory.create(row));
        return ids ? List.of(node, new OutputRow(IDS, RowFactory.create(id))).iterator() : List.of(node).iterator();
    }
}
