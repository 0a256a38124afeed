package io.movedata.testkit;

import java.nio.file.Path;

import org.apache.cassandra.schema.TableMetadata;

/**
 * Where a fixture cluster's nodes keep their SSTables: {@code <directory>/<fqdn>/<keyspace>/<table>-<id>/},
 * as a node's data directory does, system_schema included
 * ({@code system_schema/<table>-<id>/}).
 */
record SSTableLayout(Path directory) {
    Path nodeDirectory(String node) {
        return directory.resolve(node);
    }

    Path tableDirectory(String node, TableMetadata table) {
        return nodeDirectory(node).resolve(table.keyspace).resolve(table.name + "-" + table.id.toHexString());
    }
}
