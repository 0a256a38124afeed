package io.movedata.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * {@code movedata demo}: the whole path on one machine. An in-process S3 endpoint, a sample
 * 3-node backup written by cassandra-all with the data of each connector shown ({@link DemoPart}),
 * then each connector's movement into a local Iceberg warehouse, its report and samples of what it
 * wrote.
 *
 * <p>Uses sdk-testkit, which only the local distribution ships; its types appear only inside
 * {@link #call()} (the parts) so the bundle can still load this class for {@code --help}.
 */
@Command(name = "demo",
        description = {"Runs complete movements on this machine: starts an S3 endpoint (S3Proxy, files under "
                + "DIRECTORY/s3), writes a sample 3-node RF=3 backup with data for each connector shown, then runs each "
                + "connector's movement into Iceberg tables (Hadoop catalog in DIRECTORY/warehouse) and prints its report "
                + "and samples of what it wrote. cassandra-table: a shop.orders table with updates, deletes and TTLs, "
                + "with the lineage of its snapshot; key-value: a namespace kv.users, its items decoded; timeseries: a "
                + "namespace ts.readings of one-day slices, its events; graph: a social graph, its people and edges.",
                "DIRECTORY is emptied first, so every run starts from scratch. Needs the local distribution "
                        + "(bin/movedata), not the spark-submit bundle."})
final class DemoCommand implements Callable<Integer> {
    static final String BUCKET = "backups";
    static final String BACKUP = "demo-backup";
    /** What {@code --connector} accepts; the names of the parts {@link #parts()} makes, kept here so --help loads no part. */
    static final List<String> CONNECTORS = List.of("cassandra-table", "key-value", "timeseries", "graph");
    private static final String DEFAULT_CONNECTORS = "cassandra-table,key-value,timeseries,graph";

    @Spec
    CommandSpec spec;

    @Option(names = "--directory", paramLabel = "DIRECTORY", defaultValue = ".movedata/demo",
            description = "Where the demo keeps its S3 objects, warehouse and reports. Default: ${DEFAULT-VALUE}.")
    Path directory;

    @Option(names = "--connector", paramLabel = "NAME", split = ",", defaultValue = DEFAULT_CONNECTORS,
            description = "The connectors to show, comma-separated: their data is written into the backup and each "
                    + "moves its own. Default: ${DEFAULT-VALUE}.")
    List<String> connectors;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "300",
            description = "Customers (Cassandra partitions) in the sample table. Default: ${DEFAULT-VALUE}.")
    int customers;

    @Override
    public Integer call() throws Exception {
        if (customers < 1) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "--customers must be at least 1, found " + customers);
        }
        List<String> unknown = connectors.stream().filter(name -> !CONNECTORS.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "--connector expects some of " + String.join(", ", CONNECTORS)
                    + ", found '" + String.join(", ", unknown) + "'");
        }
        requireTestkit();
        List<DemoPart> parts = parts().stream().filter(part -> connectors.contains(part.connector())).toList();
        PrintWriter out = spec.commandLine().getOut();
        Path root = directory.toAbsolutePath().normalize();
        LocalFiles.deleteTree(root);
        Files.createDirectories(root);
        out.println("movedata demo, working in " + root);
        DemoPart.Steps steps = new DemoPart.Steps(out);
        try (S3Endpoint s3 = S3Endpoint.onDisk(root.resolve("s3"))) {
            s3.createBucket(BUCKET);
            StoreLocation location = s3.location(BUCKET, "cluster1");
            steps.step("S3 endpoint (S3Proxy) on " + s3.endpoint() + ", bucket '" + BUCKET + "'");
            List<String> written;
            try (ObjectStore store = s3.openStore(BUCKET)) {
                written = DemoBackup.write(root.resolve("cluster"), store, location, BACKUP, parts);
            }
            steps.step("Backup '" + BACKUP + "' of a 3-node RF=3 cluster at " + location + ": " + String.join("; ", written));
            for (DemoPart part : parts) {
                Path specFile = root.resolve(part.specFile());
                Files.writeString(specFile, part.spec(source(location, s3.options()), root));
                steps.step("Movement " + specFile + " (" + part.moves() + "):");
                MovementReport report = RunCommand.run(MovementSpec.read(specFile));
                out.print(report.summary());
                if (report.outcome() == MovementReport.Outcome.FAILED) {
                    return RunCommand.exitCode(report);
                }
                part.show(steps, root);
                out.println("Report: " + report.reportPath());
            }
            out.println("Query the tables: spark.sql.catalog.demo=org.apache.iceberg.spark.SparkCatalog, "
                    + "spark.sql.catalog.demo.type=hadoop, spark.sql.catalog.demo.warehouse=" + root.resolve("warehouse"));
            return MovedataCli.SUCCESS;
        }
    }

    /** Every part, in the order the demo runs them; created here only, since they load sdk-testkit. */
    private List<DemoPart> parts() {
        return List.of(new TableDemo(customers), new KeyValueDemo(), new TimeSeriesDemo(), new GraphDemo());
    }

    private static void requireTestkit() {
        try {
            Class.forName("io.movedata.testkit.FixtureCluster");
        } catch (ClassNotFoundException e) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "The demo needs the local distribution (bin/movedata): this build "
                    + "(the spark-submit bundle) leaves out sdk-testkit and S3Proxy");
        }
    }

    /** The {@code source:} lines the demo's specs share up to {@code tables}. */
    private static String source(StoreLocation location, Map<String, String> s3) {
        return """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s""".formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), BACKUP);
    }
}
