package io.movedata.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.cassandra.schema.TableMetadata;

/**
 * What a backup of a fixture cluster publishes, taken after a flush: the schema, the nodes and,
 * per node, the complete SSTables of every table (the system_schema tables included).
 *
 * @param tables per node host name, every table in a fixed order with the node's complete components
 * @param md5 the MD5 of a complete component (computed once per component)
 */
record ClusterSnapshot(FixtureSchema schema, List<FixtureNode> nodes, Map<String, List<TableSSTables>> tables,
                       Function<Path, String> md5) {

    /** One table's complete SSTable components on one node. */
    record TableSSTables(TableMetadata table, List<Path> components, boolean systemSchema) {
        String tableId() {
            return table.id.toHexString();
        }
    }
}
