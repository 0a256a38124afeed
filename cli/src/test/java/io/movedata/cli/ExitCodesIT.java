package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.ConnectorFactory;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoredObject;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * The exit-code table of docs/errors.md through {@code bin/movedata run}: each failure's kind decides
 * the exit code (2 invalid input, 1 every other kind), the report's {@code error.kind} and the
 * summary, whatever phase of the run it happened in.
 */
class ExitCodesIT {
    @RegisterExtension
    static final LauncherMovements MOVEMENTS = new LauncherMovements(ExitCodesIT::damagedBackups);
    /** The connector field of a spec copying ks.t. */
    private static final String COPY = "{name: cassandra-table, options: {table: ks.t}}";
    private static final String[] NODES = {"node1.fixture.local", "node2.fixture.local", "node3.fixture.local"};

    private static Path work;
    /** A jar holding {@link NullTargetsConnector} and its service entry, for MOVEDATA_CLASSPATH. */
    private static Path connectorJar;

    @BeforeAll
    static void prepare() throws IOException {
        work = MOVEMENTS.work();
        connectorJar = work.resolve("null-targets-connector.jar");
        String classFile = NullTargetsConnector.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(connectorJar); JarOutputStream jar = new JarOutputStream(file);
             InputStream bytes = NullTargetsConnector.class.getClassLoader().getResourceAsStream(classFile)) {
            jar.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(jar);
            jar.putNextEntry(new JarEntry("META-INF/services/" + ConnectorFactory.class.getName()));
            jar.write((NullTargetsConnector.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A backup short of a node, one with no complete node backup, and one whose Data.db a test deletes. */
    private static void damagedBackups(FixtureCluster cluster, ObjectStore store, S3Endpoint s3) throws IOException {
        cluster.backup(store, s3.location("backups", "cluster1"), "partial", BackupMode.FULL,
                BackupOptions.defaults().skipNodes(NODES[2]));
        cluster.backup(store, s3.location("backups", "cluster1"), "unfinished", BackupMode.FULL,
                BackupOptions.defaults().withoutManifest(NODES));
        cluster.backup(store, s3.location("backups", "doomed"), "d1", BackupMode.FULL);
    }

    @Test
    void aBadSpecFieldIsTwoBeforeTheRunStarts() throws Exception {
        Path reports = work.resolve("bad-field-reports");
        Path spec = spec("bad-field", "http://127.0.0.1:1", "cluster1", "good", "consistency: SERIAL", COPY,
                reports, MOVEMENTS.warehouse());

        ChildProcess run = MOVEMENTS.run("run", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("movedata: Movement spec " + spec + " is invalid: source.consistency (line 6): "
                + "Unknown consistency 'SERIAL'; expected one of [ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM]\n");
        assertThat(run.out()).isEmpty();
        assertThat(reports).doesNotExist();
    }

    @Test
    void anUnknownTableIsTwoAndInvalidInput() throws Exception {
        Path reports = work.resolve("unknown-table-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = spec("unknown-table", proxy.endpoint(), "cluster1", "good", "consistency: ALL",
                    "{name: cassandra-table, options: {table: ks.nope}}", reports, MOVEMENTS.warehouse());

            ChildProcess run = MOVEMENTS.run("run", spec.toString());

            assertFailed(run, reports, 2, "invalid-input", "movedata: Table 'ks.nope' is not in the schema.cql of "
                    + "s3://backups/cluster1 backup 'good'; tables of keyspace 'ks': [t]");
        }
    }

    @Test
    void anObjectStoreThatCannotBeReachedWhileResolvingIsOneAndExternal() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path reports = work.resolve("unreachable-reports");
        Path spec = spec("unreachable", "http://127.0.0.1:" + closedPort, "cluster1", "good", "consistency: ALL",
                COPY, reports, MOVEMENTS.warehouse());

        ChildProcess run = MOVEMENTS.run("run", spec.toString());

        MovementReport report = assertFailed(run, reports, 1, "external", null);
        assertThat(run.err()).startsWith("movedata: Cannot ").contains("s3://backups/", "127.0.0.1:" + closedPort);
        assertThat(report.error().type()).isEqualTo("io.movedata.runtime.store.ObjectStoreException");
        assertThat(report.source()).isNull();
    }

    @Test
    void anObjectMissingMidReadIsOneAndUnreadableSource() throws Exception {
        Path reports = work.resolve("doomed-reports");
        try (HeldReads proxy = MOVEMENTS.proxy(); ObjectStore store = MOVEMENTS.s3().openStore("backups")) {
            Path spec = spec("doomed", proxy.endpoint(), "doomed", "d1", "consistency: ALL", COPY, reports,
                    MOVEMENTS.warehouse());
            proxy.hold();
            Process process = new ProcessBuilder(MOVEMENTS.command("run", spec.toString())).directory(work.toFile())
                    .redirectOutput(work.resolve("doomed.out").toFile()).redirectError(work.resolve("doomed.err").toFile())
                    .redirectInput(new File("/dev/null")).start();
            try {
                assertThat(proxy.awaitHeld(300)).as("the run reads SSTable data").isTrue();
                // Planned and reading: now every Data.db of the backup goes missing.
                for (StoredObject object : store.list("doomed/")) {
                    if (object.key().endsWith("-Data.db")) {
                        store.delete(object.key());
                    }
                }
                proxy.release();
                assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly().waitFor();
                }
            }
            ChildProcess run = new ChildProcess(process.exitValue(), Files.readString(work.resolve("doomed.out")),
                    Files.readString(work.resolve("doomed.err")));

            assertFailed(run, reports, 1, "unreadable-source", null);
            assertThat(run.err()).startsWith("movedata: Writing table ks.doomed failed: ").contains("-Data.db", "does not exist");
        }
        assertThat(MOVEMENTS.table("doomed")).isEmpty();
    }

    @Test
    void aConnectorThrowingNullPointerExceptionIsOneAndInternalNamingTheConnector() throws Exception {
        Path reports = work.resolve("null-targets-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = spec("null-targets", proxy.endpoint(), "cluster1", "good", "consistency: ALL",
                    "{name: " + NullTargetsConnector.NAME + "}", reports, MOVEMENTS.warehouse());

            ChildProcess run = ChildProcess.run(MOVEMENTS.command("run", spec.toString()), work,
                    Map.of("MOVEDATA_CLASSPATH", connectorJar.toString()), 300);

            MovementReport report = assertFailed(run, reports, 1, "internal", null);
            assertThat(run.err()).startsWith("movedata: Connector 'null-targets' failed in targets() with "
                    + "java.lang.NullPointerException: ").endsWith(" (a bug in the connector, not in the movement's input)\n");
            assertThat(report.connector().name()).isEqualTo(NullTargetsConnector.NAME);
            assertThat(report.error().causes()).first().asString().startsWith("java.lang.NullPointerException: ");
            assertThat(proxy.dataReads()).as("reads of SSTable data").isZero();
        }
    }

    @Test
    void aDatacenterTheRingLacksIsTwoBeforeAnyTableIsCreated() throws Exception {
        Path reports = work.resolve("dc9-reports");
        Path warehouse = work.resolve("dc9-warehouse");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = spec("dc9", proxy.endpoint(), "cluster1", "good", "{consistency: LOCAL_QUORUM, datacenter: dc9}",
                    COPY, reports, warehouse);

            ChildProcess run = MOVEMENTS.run("run", spec.toString());

            MovementReport report = assertFailed(run, reports, 2, "invalid-input", "movedata: Datacenter 'dc9' is not in the "
                    + "ring of s3://backups/cluster1 backup 'good'; its datacenters: [dc1]");
            // Told while resolving: no plan, no write, nothing for the sink to restore.
            assertThat(report.phaseMillis()).doesNotContainKeys("resolve", "plan", "write");
            assertThat(proxy.dataReads()).as("reads of SSTable data").isZero();
        }
        assertThat(LauncherMovements.table("dc9", warehouse)).isEmpty();
        assertThat(warehouse.resolve("ks")).doesNotExist();
    }

    @Test
    void noCompleteNodeBackupAndTooFewReplicasAreBothOneAndUnreadableSource() throws Exception {
        Path unfinishedReports = work.resolve("unfinished-reports");
        Path partialReports = work.resolve("partial-reports");
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            ChildProcess unfinished = MOVEMENTS.run("run", spec("unfinished", proxy.endpoint(), "cluster1", "unfinished",
                    "consistency: ALL", COPY, unfinishedReports, MOVEMENTS.warehouse()).toString());
            ChildProcess partial = MOVEMENTS.run("run", spec("partial", proxy.endpoint(), "cluster1", "partial",
                    "consistency: ALL", COPY, partialReports, MOVEMENTS.warehouse()).toString());

            assertFailed(unfinished, unfinishedReports, 1, "unreadable-source", null);
            assertThat(unfinished.err()).startsWith("movedata: ").contains("'unfinished'", "has no complete node backup");
            assertFailed(partial, partialReports, 1, "unreadable-source", null);
            assertThat(partial.err()).startsWith("movedata: ").contains(NODES[2], "ALL");
        }
        assertThat(MOVEMENTS.table("unfinished")).isEmpty();
        assertThat(MOVEMENTS.table("partial")).isEmpty();
    }

    /**
     * Checks that {@code run} failed with {@code exitCode}, one line on stderr ({@code message} when not
     * null), a summary and a report both naming {@code kind}; returns the report.
     */
    private static MovementReport assertFailed(ChildProcess run, Path reports, int exitCode, String kind, String message)
            throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exitCode);
        assertThat(run.err().lines()).as(run.toString()).hasSize(1);
        if (message != null) {
            assertThat(run.err()).isEqualTo(message + "\n");
        }
        assertThat(run.out()).as(run.toString()).contains("): FAILED (" + kind + ") in ");
        MovementReport report = MovementReport.read(LauncherMovements.report(reports).orElseThrow());
        assertThat(report.outcome()).isEqualTo(MovementReport.Outcome.FAILED);
        assertThat(report.error().kind()).isEqualTo(kind);
        assertThat("movedata: " + report.error().message() + "\n").isEqualTo(run.err());
        assertThat(report.tables()).isEmpty();
        return report;
    }

    /**
     * A spec reading {@code backup} at {@code s3://backups/<prefix>} through {@code endpoint} into table
     * {@code cli.ks.<name>}.
     *
     * @param source further fields of {@code source}, as YAML ({@code consistency: ALL}, or a flow mapping of several)
     * @param connector the {@code connector} field, as YAML
     */
    private static Path spec(String name, String endpoint, String prefix, String backup, String source, String connector,
                             Path reports, Path warehouse) throws IOException {
        String sourceFields = source.startsWith("{") ? source.substring(1, source.length() - 1).replace(", ", "\n  ") : source;
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                source:
                  location: s3://backups/%s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  %s
                connector: %s
                destination:
                  catalog: {name: cli, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: %s
                reportDirectory: "%s"
                """.formatted(name, prefix, endpoint, S3Endpoint.REGION, S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY,
                backup, sourceFields, connector, warehouse, name.replace('-', '_'), reports));
        return file;
    }
}
