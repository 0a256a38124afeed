package io.movedata.testkit.cassandra;

import static io.movedata.testkit.cassandra.CassandraNodeTest.dataFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * The SSTable format and storage compatibility mode decide what a flush writes. Each case starts
 * its own node; big with mode NONE ({@code oa}) is covered by {@link CassandraNodeTest}.
 */
class CassandraNodeFormatsTest {
    @ParameterizedTest(name = "{0} in mode {1} writes {2}")
    @CsvSource({
            "big, CASSANDRA_4, nb-1-big-Data.db",
            "bti, NONE, da-1-bti-Data.db",
    })
    void aFlushWritesTheSelectedFormatAndVersion(String format, String mode, String dataFile) throws IOException {
        try (CassandraCluster cluster = CassandraCluster.builder().sstableFormat(format).storageCompatibilityMode(mode).start()) {
            CqlSession session = cluster.session();
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 1}");
            session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
            session.execute("INSERT INTO ks.t (k, v) VALUES (1, 'one')");

            CassandraNode node = cluster.node(1);
            node.flush("ks");

            assertThat(dataFiles(node.tableDirectory("ks", "t"))).containsExactly(dataFile);
            assertThat(session.execute("SELECT v FROM ks.t WHERE k = 1").one().getString("v")).isEqualTo("one");
        }
    }
}
