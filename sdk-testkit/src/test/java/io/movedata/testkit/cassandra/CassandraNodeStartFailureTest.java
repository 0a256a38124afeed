package io.movedata.testkit.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node that cannot start says why, with the end of its own log. */
class CassandraNodeStartFailureTest {
    @Test
    void aNodeThatExitsDuringStartReportsTheEndOfItsLog(@TempDir Path directory) throws IOException {
        // A file where the node wants its commit-log directory: Cassandra refuses to start.
        Path commitlog = Files.createDirectories(directory.resolve("node1")).resolve("commitlog");
        Files.writeString(commitlog, "not a directory");
        CassandraCluster cluster = CassandraCluster.builder().directory(directory).build();

        assertThatThrownBy(cluster::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cassandra node 1 (127.0.0.1) of cluster 'movedata-test' exited with status")
                .hasMessageContaining("Last lines of " + directory.resolve("node1/logs/system.log"))
                .hasMessageContaining(commitlog.toString());
        assertThat(cluster.node(1).isRunning()).isFalse();
        cluster.close();
    }

    @Test
    void btiNeedsTheStorageOf50() {
        assertThatThrownBy(() -> CassandraCluster.builder().sstableFormat("bti").storageCompatibilityMode("CASSANDRA_4").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bti needs storage compatibility mode UPGRADING or NONE");
    }
}
