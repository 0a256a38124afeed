package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.spark.NioLocalFileSystem;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/** {@code movedata run spec.yaml} end to end: fixture backups in the S3 endpoint, Iceberg tables, exit codes. */
class RunCommandTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("backups");

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;

    @BeforeAll
    static void writeBackups() {
        cluster = SmallTable.cluster(3, 3);
        SmallTable.writeGrid(cluster, 5, 3, (k, c) -> "v" + k + c);
        cluster.flush();
        cluster.execute("UPDATE ks.t USING TIMESTAMP 20 SET v = 'new' WHERE k = 1 AND c = 1");
        cluster.execute("DELETE FROM ks.t USING TIMESTAMP 20 WHERE k = 2");
        location = S3.location("backups", "cluster1");
        try (ObjectStore store = S3.openStore("backups")) {
            cluster.backup(store, location, "good", BackupMode.FULL);
            ClusterBackupInfo bad = cluster.backup(store, location, "bad", BackupMode.FULL);
            for (String key : bad.dataKeys()) {
                if (key.endsWith("Data.db")) {
                    byte[] bytes = store.readAll(key);
                    for (int i = bytes.length / 3; i < bytes.length / 3 + 8; i++) {
                        bytes[i] ^= 0x5a;
                    }
                    store.put(key, bytes);
                }
            }
        }
    }

    @AfterAll
    static void close() {
        LocalSpark.stopIfStarted();
        cluster.close();
    }

    private static Path spec(String name, String backup, String connector) throws Exception {
        Map<String, String> s3 = S3.options();
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  consistency: ALL
                connector:
                  name: %s
                  options: {table: ks.t}
                destination:
                  catalog: {name: cli, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: %s
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), backup, connector,
                work.resolve("warehouse"), name, work.resolve("reports")));
        return file;
    }

    private static List<String> rows(String table) {
        List<String> rows = new ArrayList<>();
        for (Row row : LocalSpark.session().sql("SELECT k, c, v FROM cli.ks." + table + " ORDER BY k, c").collectAsList()) {
            rows.add(row.getInt(0) + "|" + row.getInt(1) + "|" + row.getString(2));
        }
        return rows;
    }

    private static Map<String, String> currentSummary(String table) {
        return LocalSpark.session().sql("SELECT summary FROM cli.ks." + table + ".snapshots ORDER BY committed_at DESC LIMIT 1")
                .first().getJavaMap(0);
    }

    private static final List<String> EXPECTED = List.of(
            "0|0|v00", "0|1|v01", "0|2|v02",
            "1|0|v10", "1|1|new", "1|2|v12",
            "3|0|v30", "3|1|v31", "3|2|v32",
            "4|0|v40", "4|1|v41", "4|2|v42");

    @Test
    void runWritesTheTablePrintsTheSummaryAndAReport() throws Exception {
        CliRun run = CliRun.of("run", spec("copied", "good", "cassandra-table").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("movement copied (", "): SUCCEEDED", "'good'", "12 rows written", "table created",
                "report  " + work.resolve("reports"));
        assertThat(rows("copied")).containsExactlyElementsOf(EXPECTED);
        assertThat(currentSummary("copied")).containsEntry("movedata.backup.name", "good")
                .containsEntry("movedata.consistency", "ALL").containsEntry("movedata.connector", "cassandra-table");
        String reportPath = run.out().lines().filter(l -> l.startsWith("  report  ")).findFirst().orElseThrow().substring(10);
        MovementReport report = MovementReport.read(Path.of(reportPath));
        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.SUCCEEDED);
        assertThat(report.read().rows()).isEqualTo(EXPECTED.size());
    }

    /** Hadoop's own local file system would start a chmod process for every file and directory it creates. */
    @Test
    void aLocalRunWritesLocalPathsThroughNioLocalFileSystem() throws Exception {
        CliRun run = CliRun.of("run", spec("local", "good", "cassandra-table").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(FileSystem.get(work.resolve("warehouse").toUri(), LocalSpark.session().sparkContext().hadoopConfiguration()))
                .isInstanceOf(NioLocalFileSystem.class);
        assertThat(rows("local")).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void rerunSaysTheTableIsAlreadyUpToDate() throws Exception {
        Path spec = spec("twice", "good", "cassandra-table");
        CliRun first = CliRun.of("run", spec.toString());
        CliRun second = CliRun.of("run", spec.toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("UP_TO_DATE", "cli.ks.twice: already up to date");
        assertThat(rows("twice")).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void corruptBackupExitsOneAndLeavesTheTableAsItWas() throws Exception {
        CliRun good = CliRun.of("run", spec("kept", "good", "cassandra-table").toString());
        Map<String, String> before = currentSummary("kept");

        CliRun bad = CliRun.of("run", spec("kept", "bad", "cassandra-table").toString());

        assertThat(good.exitCode()).as(good.toString()).isZero();
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(bad.out()).contains("FAILED", "-Data.db: chunk at bytes ", " has CRC32 ", " but the checksum stored after it is ");
        assertThat(bad.err()).startsWith("movedata: ").contains("backup 'bad'", "-Data.db: chunk at bytes ", " has CRC32 ");
        assertThat(currentSummary("kept")).isEqualTo(before);
        assertThat(rows("kept")).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void unknownConnectorExitsTwoListingTheKnownOnes() throws Exception {
        CliRun run = CliRun.of("run", spec("never", "good", "no-such-connector").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).contains("Unknown connector 'no-such-connector'; known connectors: cassandra-table");
    }

    @Test
    void anAsOfTimeBeforeTheFirstBackupExitsTwo() throws Exception {
        Path spec = spec("early", "good", "cassandra-table");
        Files.writeString(spec, Files.readString(spec).replace("backup: good", "asOf: 2000-01-01T00:00:00Z"));

        CliRun run = CliRun.of("run", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("movedata: No node backup at " + location + " started at or before "
                + "2000-01-01T00:00:00Z; the first started at ");
    }

    @Test
    void invalidSpecExitsTwoNamingTheField() throws Exception {
        Path file = work.resolve("invalid.yaml");
        Files.writeString(file, "source: {location: s3://b/p, consistency: MOST}\nconnector: {name: cassandra-table}\n");

        CliRun run = CliRun.of("run", file.toString());

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).isEqualTo("movedata: Movement spec " + file + " is invalid: source.consistency (line 1): "
                + "Unknown consistency 'MOST'; expected one of [ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM]; "
                + "destination: missing; expected namespace, table and mode of the Iceberg tables to write\n");
    }
}
