package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * One real Cassandra node per SSTable format: a seeded random workload with flushes in between,
 * {@code movedata backup}, {@code movedata run}, and {@code movedata validate} against the node's
 * own {@code SELECT *} at snapshot time: nothing in C that is not in M, nothing in M that is not in C.
 */
class SingleNodeTruthTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("truth");

    @TempDir
    static Path work;

    /** Rows whose TTL runs out after the backup and before the movement: still there, as at the backup. */
    private static final int EXPIRING_TTL_SECONDS = 12;

    @ParameterizedTest(name = "{2}")
    @CsvSource({"big, CASSANDRA_4, nb", "big, NONE, oa", "bti, NONE, da"})
    void movementOfTheNodesBackupEqualsSelectStarAtSnapshotTime(String format, String compatibility, String version)
            throws Exception {
        TruthHarness harness = new TruthHarness(S3, work, "truth_single");
        try (CassandraCluster cluster = CassandraCluster.builder().nodes(1).directory(work.resolve("node-" + version))
                .sstableFormat(format).storageCompatibilityMode(compatibility).start()) {
            CassandraNode node = cluster.node(1);
            CqlSession session = cluster.session();
            Workload.createSchema(session, 1);
            new Workload(session, 42, ConsistencyLevel.ONE).run(1200, 300, () -> node.flush(Workload.KEYSPACE));
            Thread.sleep(1500); // every 1 s TTL of the workload has run out before the snapshot
            new Workload(session, 7, ConsistencyLevel.ONE).insertExpiring(6, EXPIRING_TTL_SECONDS);
            long expiringWritten = System.nanoTime();
            assertThat(dataFileVersions(node)).containsOnly(version);

            StoreLocation location = S3.location("truth", version);
            harness.backup(node, location, "snap");
            List<Row> atSnapshot = CqlRows.selectAll(session, Workload.TABLE, ConsistencyLevel.ONE);
            long waited = (System.nanoTime() - expiringWritten) / 1_000_000;
            Thread.sleep(Math.max(0, EXPIRING_TTL_SECONDS * 1000L + 1000 - waited));
            assertThat(CqlRows.selectAll(session, Workload.TABLE, ConsistencyLevel.ONE))
                    .as("rows on the node after the expiring ones ran out").hasSize(atSnapshot.size() - 6);

            String truth = "truth_" + version;
            harness.move(location, "snap", "ONE", truth);
            String moved = harness.moved(truth);
            String selected = harness.selectedInto(atSnapshot, moved, truth);
            TruthHarness.Run validate = harness.validate(selected, moved);

            assertThat(validate.exitCode()).as(validate.toString()).isZero();
            assertThat(SharedSpark.session().table(moved).where("tenant = 'expiring'").count())
                    .as("rows whose TTL ran out after the backup but before the movement").isEqualTo(6);
            assertThat(atSnapshot).as("rows the workload left").hasSizeGreaterThan(100);
        }
    }

    /** The SSTable versions of the node's data files ({@code nb}, {@code oa}, {@code da}). */
    private static List<String> dataFileVersions(CassandraNode node) throws Exception {
        List<String> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(node.tableDirectory(Workload.KEYSPACE, "events"))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-Data.db"))
                    .forEach(n -> versions.add(n.substring(0, 2)));
        }
        assertThat(versions).as("flushed data files").isNotEmpty();
        return versions;
    }
}
