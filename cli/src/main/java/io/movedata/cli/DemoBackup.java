package io.movedata.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's sample data, written by cassandra-all on a 3-node, RF=3 cluster and published as a
 * Medusa backup: each demo part's tables and data.
 */
final class DemoBackup {
    private DemoBackup() {}

    /**
     * Writes the cluster's backup {@code name} of the parts' data to {@code location}.
     *
     * @return what each part wrote, in order
     */
    static List<String> write(Path directory, ObjectStore store, StoreLocation location, String name, List<DemoPart> parts) {
        String schema = parts.stream().map(DemoPart::schema).collect(Collectors.joining());
        try (FixtureCluster cluster = FixtureCluster.builder().schema(schema).nodes(3).directory(directory).build()) {
            List<String> written = parts.stream().map(part -> part.write(cluster)).toList();
            cluster.backup(store, location, name, BackupMode.DIFFERENTIAL);
            return written;
        }
    }
}
