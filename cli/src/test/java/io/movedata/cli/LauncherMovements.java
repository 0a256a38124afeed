package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * Movements run by {@code bin/movedata} as child processes, as a user runs them: a 3-node fixture
 * cluster's backups {@code good} and {@code later} (two more rows), and any a test class adds, in an S3 endpoint of this JVM,
 * specs that reach it through a {@link HeldReads} proxy, and the warehouse read back with Iceberg.
 * One per test class, in the cli module's integration-test phase:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LauncherMovements MOVEMENTS = new LauncherMovements();
 * }</pre>
 */
final class LauncherMovements implements BeforeAllCallback, AfterAllCallback {
    static final String LOCATION = "s3://backups/cluster1";
    /** The rows of ks.t in backup good; backup later has 14. */
    static final int GOOD_ROWS = 12;

    private final Launcher launcher = new Launcher();
    private final MoreBackups more;
    private S3Endpoint s3;

    /** Backups a test class adds to the fixture cluster's, written while the cluster is up. */
    @FunctionalInterface
    interface MoreBackups {
        void write(FixtureCluster cluster, ObjectStore store, S3Endpoint s3) throws IOException;
    }

    LauncherMovements() {
        this((cluster, store, s3) -> {});
    }

    LauncherMovements(MoreBackups more) {
        this.more = more;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        launcher.beforeAll(context);
        s3 = S3Endpoint.inMemory();
        s3.createBucket("backups");
        try (FixtureCluster cluster = SmallTable.cluster(3, 3); ObjectStore store = s3.openStore("backups")) {
            SmallTable.writeGrid(cluster, 4, 3, (k, c) -> "v" + k + c);
            cluster.flush();
            cluster.backup(store, s3.location("backups", "cluster1"), "good", BackupMode.FULL);
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (9, 0, 'later') USING TIMESTAMP 20");
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (9, 1, 'later') USING TIMESTAMP 20");
            cluster.flush();
            cluster.backup(store, s3.location("backups", "cluster1"), "later", BackupMode.FULL);
            more.write(cluster, store, s3);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (s3 != null) {
            s3.close();
        }
        launcher.afterAll(context);
    }

    /** The directory the runs run in and their files are kept in. */
    Path work() {
        return launcher.work();
    }

    /** The S3 endpoint the backups are in, bucket {@code backups}. */
    S3Endpoint s3() {
        return s3;
    }

    /** A proxy to the S3 endpoint, for one run's spec. */
    HeldReads proxy() throws IOException {
        return new HeldReads(s3.port());
    }

    Path warehouse() {
        return work().resolve("warehouse");
    }

    /**
     * A spec reading ks.t of {@code backup} at ALL through {@code proxy} into {@code cli.ks.<table>}
     * of the Hadoop catalog in {@link #warehouse()}.
     *
     * @param options further cassandra-table options, YAML flow entries (e.g. {@code sortBy: "k DESC"}), or ""
     */
    Path spec(String name, HeldReads proxy, String backup, String table, String options, Path reports) throws IOException {
        return spec(name, proxy, backup, table, options, reports, warehouse());
    }

    /** {@link #spec(String, HeldReads, String, String, String, Path)} into the Hadoop catalog in {@code warehouse}. */
    Path spec(String name, HeldReads proxy, String backup, String table, String options, Path reports, Path warehouse)
            throws IOException {
        Path file = work().resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  consistency: ALL
                connector:
                  name: cassandra-table
                  options: {table: ks.t%s}
                destination:
                  catalog: {name: cli, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: %s
                reportDirectory: "%s"
                """.formatted(name, LOCATION, proxy.endpoint(), S3Endpoint.REGION, S3Endpoint.ACCESS_KEY,
                S3Endpoint.SECRET_KEY, backup, options.isEmpty() ? "" : ", " + options, warehouse, table, reports));
        return file;
    }

    /** Runs {@code bin/movedata args} in the work directory to its end. */
    ChildProcess run(String... args) throws IOException, InterruptedException {
        return launcher.run(args);
    }

    /** Runs {@code bin/movedata args} in the work directory, its environment changed by {@code environment}. */
    ChildProcess run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return launcher.runIn(work(), environment, args);
    }

    /**
     * Runs {@code bin/movedata args} with {@code proxy} holding the first read of SSTable data,
     * sends SIGTERM once it is held, lets the run restore and write its report in {@code reports},
     * then cuts the held reads and waits for the end.
     */
    ChildProcess interruptWhileWriting(HeldReads proxy, Path reports, String... args) throws IOException, InterruptedException {
        proxy.hold();
        Path out = Files.createTempFile(work(), "stdout-", ".txt");
        Path err = Files.createTempFile(work(), "stderr-", ".txt");
        Process process = new ProcessBuilder(command(args)).directory(work().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null")).start();
        try {
            assertThat(proxy.awaitHeld(300)).as("a read of SSTable data reached the proxy; stderr: %s",
                    (Object) Files.readString(err)).isTrue();
            process.destroy();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (report(reports).isEmpty() && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            proxy.cut();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the run ended after SIGTERM").isTrue();
        } finally {
            proxy.cut();
            // A failed assertion must not leave the run writing into the warehouse later tests use.
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
        return new ChildProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The one report in {@code reports}, if there is one yet. */
    static Optional<Path> report(Path reports) throws IOException {
        if (!Files.isDirectory(reports)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> json = files.filter(file -> file.toString().endsWith(".json")).toList();
            return json.size() == 1 ? Optional.of(json.get(0)) : Optional.empty();
        }
    }

    /** The table {@code ks.<name>} as its catalog has it now, or empty when it does not exist. */
    Optional<Table> table(String name) {
        return table(name, warehouse());
    }

    /** The table {@code ks.<name>} of the Hadoop catalog in {@code warehouse}, or empty when it does not exist. */
    static Optional<Table> table(String name, Path warehouse) {
        HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toString());
        TableIdentifier id = TableIdentifier.of("ks", name);
        return catalog.tableExists(id) ? Optional.of(catalog.loadTable(id)) : Optional.empty();
    }

    List<String> command(String... args) {
        return launcher.command(args);
    }
}
