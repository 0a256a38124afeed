package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.ConsistencyLevel;

import io.movedata.it.SharedSpark;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.backup.ClusterBackup;
import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * {@code movedata backup} against a real node: what it uploads, what a second backup of the same
 * data uploads (nothing), and what an interrupted one looks like to listing and reading (never
 * complete) until a rerun finishes it.
 */
class BackupAgentTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("agent");

    @TempDir
    static Path work;

    private static CassandraCluster cluster;
    private static CassandraNode node;
    private static StoreLocation location;
    private static TruthHarness harness;

    @BeforeAll
    static void startNode() {
        cluster = CassandraCluster.builder().nodes(1).directory(work.resolve("node")).start();
        node = cluster.node(1);
        Workload.createSchema(cluster.session(), 1);
        new Workload(cluster.session(), 3, ConsistencyLevel.ONE).run(300, 100, () -> node.flush(Workload.KEYSPACE));
        cluster.session().execute("CREATE TABLE truth.other (k int PRIMARY KEY, v text)");
        cluster.session().execute("INSERT INTO truth.other (k, v) VALUES (1, 'one')");
        location = S3.location("agent", "cluster");
        harness = new TruthHarness(S3, work, "truth_agent");
    }

    @AfterAll
    static void stopNode() {
        cluster.close();
    }

    private static BackupCatalog layout(ObjectStore store) {
        return BackupCatalog.open(store, location);
    }

    @Test
    void secondBackupOfUnchangedDataUploadsNothingAndTheFirstIsComplete() {
        TruthHarness.Run first = harness.backup(node, location, "first");
        TruthHarness.Run second = harness.backup(node, location, "second");

        assertThat(first.out()).contains("node " + node.address() + " backup 'first'")
                // What the first uploads depends on what earlier tests stored at the shared location.
                .containsPattern("SSTable components \\(\\d+\\.\\d (KiB|MiB)\\), \\d+ uploaded \\((\\d+ B|\\d+\\.\\d (KiB|MiB))\\)");
        assertThat(second.out()).contains("backup 'second'").contains(", 0 uploaded (0 B)");
        assertThat(components(second.out())).isEqualTo(components(first.out())).isPositive();
        try (ObjectStore store = S3.openStore("agent")) {
            ClusterBackup backup = layout(store).named("second");
            assertThat(backup.nodes()).containsOnlyKeys(node.address());
            assertThat(backup.unavailable()).isEmpty();
            assertThat(backup.schemaCql()).contains("CREATE TABLE truth.events", "CREATE TYPE truth.address");
        }
    }

    /** The SSTable components a backup's summary line lists. */
    private static int components(String summary) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) SSTable components").matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void anInterruptedBackupIsNeverCompleteAndARerunFinishesIt() {
        harness.backup(node, location, "interrupted");
        String manifest;
        try (ObjectStore store = S3.openStore("agent")) {
            manifest = location.keyPrefix() + node.address() + "/interrupted/meta/manifest.json";
            assertThat(store.stat(manifest)).isPresent();
            // The state a crash between the last SSTable and the manifest leaves behind.
            store.delete(manifest);
            assertThatThrownBy(() -> layout(store).named("interrupted"))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("has no complete node backup")
                    .hasMessageContaining("rejected: STARTED: " + manifest + " is missing");
        }
        List<String> listArgs = new ArrayList<>(List.of("backups", "list", location.toString()));
        listArgs.addAll(harness.s3Options());
        TruthHarness.Run listed = TruthHarness.movedata(listArgs);
        assertThat(listed.out()).contains("interrupted").contains("manifest.json is missing");

        TruthHarness.Run rerun = harness.backup(node, location, "interrupted");

        assertThat(rerun.out()).contains(", 0 uploaded (0 B)");
        try (ObjectStore store = S3.openStore("agent")) {
            assertThat(store.stat(manifest)).isPresent();
            assertThat(layout(store).named("interrupted").unavailable()).isEmpty();
        }
        Dataset<Row> read = SharedSpark.session().read().format("cassandra-backup").options(S3.options())
                .option("backup", location.toString()).option("name", "interrupted").option("table", Workload.TABLE)
                .option("consistency", "ONE").load();
        List<Row> truth = CqlRows.toSpark(CqlRows.selectAll(cluster.session(), Workload.TABLE, ConsistencyLevel.ONE),
                read.schema());
        assertThat(SharedSpark.rows(read))
                .isEqualTo(SharedSpark.rows(SharedSpark.session().createDataFrame(truth, read.schema())));
    }

    @Test
    void tablesOptionBacksUpOnlyThoseTables() {
        List<String> args = new ArrayList<>(List.of("backup", location.toString(), "--name", "just-other", "--tables",
                "truth.other", "--jmx", "127.0.0.1:" + node.jmxPort(), "--cql", node.address() + ":" + node.nativePort()));
        args.addAll(harness.s3Options());

        TruthHarness.Run run = TruthHarness.movedata(args);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("backup 'just-other': 1 tables");
        try (ObjectStore store = S3.openStore("agent")) {
            String manifest = new String(store.readAll(location.keyPrefix() + node.address() + "/just-other/meta/manifest.json"),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(manifest).contains("\"columnfamily\":\"other-").doesNotContain("events-");
        }
        long rows = SharedSpark.session().read().format("cassandra-backup").options(S3.options())
                .option("backup", location.toString()).option("name", "just-other").option("table", "truth.other")
                .load().where("k = 1 AND v = 'one'").count();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void aCompleteNodeBackupIsNeverOverwritten() {
        harness.backup(node, location, "kept");
        List<String> args = new ArrayList<>(List.of("backup", location.toString(), "--name", "kept",
                "--jmx", "127.0.0.1:" + node.jmxPort(), "--cql", node.address() + ":" + node.nativePort()));
        args.addAll(harness.s3Options());

        TruthHarness.Run again = TruthHarness.movedata(args);

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already has a complete backup 'kept'", "choose another backup name");
    }
}
