package io.movedata.cli;

import java.nio.file.Path;
import java.util.List;

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
        FixtureCluster.Builder builder = FixtureCluster.builder().nodes(3).directory(directory);
        parts.forEach(part -> builder.schema(part.schema()));
        try (FixtureCluster cluster = builder.build()) {
            List<String> written = parts.stream().map(part -> part.write(cluster)).toList();
            sleepPastShortTtls();
            cluster.backup(store, location, name, BackupMode.DIFFERENTIAL);
            return written;
        }
    }

    /** The parts' 1 s TTLs expire before the backup is taken, so the movements show them gone. */
    private static void sleepPastShortTtls() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the demo's 1 s TTLs to expire", e);
        }
    }
}
