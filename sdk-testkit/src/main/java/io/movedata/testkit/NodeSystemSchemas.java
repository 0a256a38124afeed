package io.movedata.testkit;

import java.util.List;

import org.apache.cassandra.io.sstable.format.SSTableFormat;
import org.apache.cassandra.schema.KeyspaceMetadata;

/**
 * Keeps the nodes' system_schema SSTables in step with a fixture cluster's schema: written again,
 * in new SSTables each newer than the one before, whenever the schema changed since the last write
 * (see {@link SystemSchemaSSTables}).
 */
final class NodeSystemSchemas {
    /** The keyspaces the nodes' system_schema SSTables define so far, and how many times they were written. */
    private List<KeyspaceMetadata> written = List.of();
    private long writes;

    /** Writes {@code schema} into every node's system_schema SSTables unless they hold it already; true when it wrote. */
    boolean update(FixtureSchema schema, List<FixtureNode> nodes, SSTableLayout layout, SSTableFormat<?, ?> format) {
        List<KeyspaceMetadata> current = schema.keyspacesAsDeclared();
        if (current.equals(written)) {
            return false;
        }
        writes++;
        for (FixtureNode node : nodes) {
            SystemSchemaSSTables.write(layout.nodeDirectory(node.fqdn()), current, written, writes, format);
        }
        written = current;
        return true;
    }
}
