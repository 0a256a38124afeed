package io.movedata.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.iceberg.IcebergSink;
import io.movedata.runtime.iceberg.SnapshotInfo;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * {@code movedata demo}: the whole path on one machine. An in-process S3 endpoint, a sample
 * 3-node backup written by cassandra-all, a movement with {@code cassandra-table} into a local
 * Iceberg warehouse, then a sample of the table, its lineage and the report.
 *
 * <p>Uses sdk-testkit, which only the local distribution ships; its types appear only inside
 * {@link #call()} so the bundle can still load this class for {@code --help}.
 */
@Command(name = "demo",
        description = {"Runs a complete movement on this machine: starts an S3 endpoint (S3Proxy, files under "
                + "DIRECTORY/s3), writes a sample 3-node RF=3 backup of a shop.orders table with updates, deletes and "
                + "TTLs, moves it into an Iceberg table (Hadoop catalog in DIRECTORY/warehouse), and prints a sample "
                + "of the table, the lineage of its snapshot and the report.",
                "DIRECTORY is emptied first, so every run starts from scratch. Needs the local distribution "
                        + "(bin/movedata), not the spark-submit bundle."})
final class DemoCommand implements Callable<Integer> {
    static final String BUCKET = "backups";
    static final String BACKUP = "demo-backup";

    @Spec
    CommandSpec spec;

    @Option(names = "--directory", paramLabel = "DIRECTORY", defaultValue = ".movedata/demo",
            description = "Where the demo keeps its S3 objects, warehouse and reports. Default: ${DEFAULT-VALUE}.")
    Path directory;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "300",
            description = "Customers (Cassandra partitions) in the sample table. Default: ${DEFAULT-VALUE}.")
    int customers;

    @Override
    public Integer call() throws Exception {
        if (customers < 1) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "--customers must be at least 1, found " + customers);
        }
        requireTestkit();
        PrintWriter out = spec.commandLine().getOut();
        Path root = directory.toAbsolutePath().normalize();
        LocalFiles.deleteTree(root);
        Files.createDirectories(root);
        out.println("movedata demo, working in " + root);
        try (S3Endpoint s3 = S3Endpoint.onDisk(root.resolve("s3"))) {
            s3.createBucket(BUCKET);
            StoreLocation location = s3.location(BUCKET, "cluster1");
            out.println("1. S3 endpoint (S3Proxy) on " + s3.endpoint() + ", bucket '" + BUCKET + "'");
            out.flush();
            int statements;
            try (ObjectStore store = s3.openStore(BUCKET)) {
                statements = DemoBackup.write(root.resolve("cluster"), store, location, BACKUP, customers);
            }
            out.println("2. Backup '" + BACKUP + "' of a 3-node RF=3 cluster at " + location + ": table "
                    + DemoBackup.TABLE + ", " + String.format("%,d", statements) + " writes, updates, deletes and TTLs over several flushes");
            Path specFile = root.resolve("movement.yaml");
            Files.writeString(specFile, spec(location, s3.options(), root));
            out.println("3. Movement " + specFile + " (cassandra-table into demo.shop.orders):");
            out.flush();
            MovementReport report = RunCommand.run(MovementSpec.read(specFile));
            out.print(report.summary());
            if (report.outcome() == MovementReport.Outcome.FAILED) {
                return RunCommand.exitCode(report);
            }
            printSample(out);
            printLineage(out, root);
            out.println("Report: " + report.reportPath());
            out.println("Query the table: spark.sql.catalog.demo=org.apache.iceberg.spark.SparkCatalog, "
                    + "spark.sql.catalog.demo.type=hadoop, spark.sql.catalog.demo.warehouse=" + root.resolve("warehouse"));
            return MovedataCli.SUCCESS;
        }
    }

    private static void requireTestkit() {
        try {
            Class.forName("io.movedata.testkit.FixtureCluster");
        } catch (ClassNotFoundException e) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "The demo needs the local distribution (bin/movedata): this build "
                    + "(the spark-submit bundle) leaves out sdk-testkit and S3Proxy");
        }
    }

    /** The demo's movement spec, also written to disk as an example to copy. */
    static String spec(StoreLocation location, Map<String, String> s3, Path root) {
        return """
                # The demo's movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-orders
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  tables: [%s]
                  consistency: LOCAL_QUORUM
                connector:
                  name: cassandra-table
                  options:
                    partitionBy: ["bucket(8, customer)"]
                    sortBy: customer, order_id DESC
                    rowWritetime: true
                destination:
                  catalog: {name: demo, type: hadoop, warehouse: "%s"}
                  namespace: shop
                  table: orders
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), BACKUP, DemoBackup.TABLE,
                root.resolve("warehouse"), root.resolve("reports"));
    }

    private static void printSample(PrintWriter out) {
        Dataset<Row> table = LocalSpark.session().table("demo.shop.orders");
        List<Row> rows = table.orderBy(functions.col("customer"), functions.col("order_id").desc()).limit(8).collectAsList();
        out.println("4. A sample of the Iceberg table demo.shop.orders:");
        out.print(ShowCommand.render(table.schema(), rows));
    }

    private static void printLineage(PrintWriter out, Path root) {
        CatalogSettings catalog = CatalogSettings.hadoop("demo", root.resolve("warehouse"));
        SnapshotInfo latest = new IcebergSink(LocalSpark.session(), catalog).history("shop.orders").get(0);
        out.println("5. Lineage in the summary of snapshot " + latest.snapshotId() + ":");
        new TreeMap<>(latest.summary()).forEach((key, value) -> {
            if (key.startsWith("movedata.")) {
                out.println("     " + key + " = " + value);
            }
        });
    }
}
