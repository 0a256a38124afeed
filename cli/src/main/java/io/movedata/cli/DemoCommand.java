package io.movedata.cli;

import java.io.IOException;
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
 * Iceberg warehouse, then a sample of the table, its lineage and the report; then a movement of the
 * backup's key-value namespace with {@code key-value} and a sample of its items, decoded.
 *
 * <p>Uses sdk-testkit, which only the local distribution ships; its types appear only inside
 * {@link #call()} so the bundle can still load this class for {@code --help}.
 */
@Command(name = "demo",
        description = {"Runs complete movements on this machine: starts an S3 endpoint (S3Proxy, files under "
                + "DIRECTORY/s3), writes a sample 3-node RF=3 backup of a shop.orders table with updates, deletes and "
                + "TTLs and a key-value namespace kv.users, moves the table into an Iceberg table (Hadoop catalog in "
                + "DIRECTORY/warehouse) and prints a sample of it, the lineage of its snapshot and the report, then moves "
                + "the namespace with the key-value connector and prints a sample of its items, decoded.",
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
            DemoBackup.Written written;
            try (ObjectStore store = s3.openStore(BUCKET)) {
                written = DemoBackup.write(root.resolve("cluster"), store, location, BACKUP, customers);
            }
            out.println("2. Backup '" + BACKUP + "' of a 3-node RF=3 cluster at " + location + ": table "
                    + DemoBackup.TABLE + ", " + String.format("%,d", written.orderStatements()) + " writes, updates, deletes and "
                    + "TTLs over several flushes; key-value namespace " + DemoBackup.NAMESPACE + " (items and chunks), "
                    + String.format("%,d", written.itemWrites()) + " item writes of mixed sizes and codecs, overwrites, deletes "
                    + "and expiries");
            MovementReport report = move(out, root.resolve("movement.yaml"), spec(location, s3.options(), root),
                    "3. Movement %s (cassandra-table into demo.shop.orders):");
            if (report.outcome() == MovementReport.Outcome.FAILED) {
                return RunCommand.exitCode(report);
            }
            printSample(out);
            printLineage(out, root);
            out.println("Report: " + report.reportPath());
            MovementReport kvReport = move(out, root.resolve("kv-movement.yaml"), kvSpec(location, s3.options(), root),
                    "6. Movement %s (key-value: " + DemoBackup.NAMESPACE + " and its chunks, in one read, into "
                            + "demo.kv.user_items and demo.kv.user_records):");
            if (kvReport.outcome() == MovementReport.Outcome.FAILED) {
                return RunCommand.exitCode(kvReport);
            }
            printItems(out);
            out.println("Report: " + kvReport.reportPath());
            out.println("Query the tables: spark.sql.catalog.demo=org.apache.iceberg.spark.SparkCatalog, "
                    + "spark.sql.catalog.demo.type=hadoop, spark.sql.catalog.demo.warehouse=" + root.resolve("warehouse"));
            return MovedataCli.SUCCESS;
        }
    }

    /** Writes {@code spec} to {@code specFile}, says so with {@code heading} (%s: the file), runs it and prints its summary. */
    private static MovementReport move(PrintWriter out, Path specFile, String spec, String heading) throws IOException {
        Files.writeString(specFile, spec);
        out.println(heading.formatted(specFile));
        out.flush();
        MovementReport report = RunCommand.run(MovementSpec.read(specFile));
        out.print(report.summary());
        return report;
    }

    private static void requireTestkit() {
        try {
            Class.forName("io.movedata.testkit.FixtureCluster");
        } catch (ClassNotFoundException e) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "The demo needs the local distribution (bin/movedata): this build "
                    + "(the spark-submit bundle) leaves out sdk-testkit and S3Proxy");
        }
    }

    /** The demo's movement spec of the orders table, also written to disk as an example to copy. */
    static String spec(StoreLocation location, Map<String, String> s3, Path root) {
        return """
                # The demo's movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-orders
                %s
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
                """.formatted(source(location, s3), DemoBackup.TABLE, root.resolve("warehouse"), root.resolve("reports"));
    }

    /**
     * The demo's movement spec of the key-value namespace: both outputs of the connector, items and
     * records, from one read of the namespace's two tables.
     */
    static String kvSpec(StoreLocation location, Map<String, String> s3, Path root) {
        return """
                # The demo's key-value movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-kv-users
                %s
                  tables: [%s, %s]
                  consistency: LOCAL_QUORUM
                connector:
                  name: key-value
                  options: {namespace: %s, records: true, buckets: 4}
                destination:
                  catalog: {name: demo, type: hadoop, warehouse: "%s"}
                  namespace: kv
                  tables: {items: user_items, records: user_records}
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(source(location, s3), DemoBackup.NAMESPACE, DemoBackup.chunksTable(),
                DemoBackup.NAMESPACE, root.resolve("warehouse"), root.resolve("reports"));
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

    private static void printSample(PrintWriter out) {
        Dataset<Row> table = LocalSpark.session().table("demo.shop.orders");
        List<Row> rows = table.orderBy(functions.col("customer"), functions.col("order_id").desc()).limit(8).collectAsList();
        out.println("4. A sample of the Iceberg table demo.shop.orders:");
        out.print(ShowCommand.render(table.schema(), rows));
    }

    /**
     * The smallest and the largest item of each content type, with the connector's UDFs (the movement
     * registered them in the session): the key as text, the value as text when it is UTF-8 (its start),
     * else its first bytes in hex.
     */
    private static void printItems(PrintWriter out) {
        Dataset<Row> items = LocalSpark.session().sql("""
                SELECT id, kv_key_text(key) AS key,
                       CASE WHEN is_valid_utf8(CAST(value AS STRING))
                            THEN CASE WHEN char_length(CAST(value AS STRING)) > 36 THEN concat(left(CAST(value AS STRING), 33), '...')
                                      ELSE CAST(value AS STRING) END
                            ELSE concat('0x', lower(hex(substr(value, 1, 8))), CASE WHEN value_size > 8 THEN '...' ELSE '' END)
                            END AS value,
                       value_size, content_type
                FROM (SELECT *, row_number() OVER (PARTITION BY content_type ORDER BY value_size, id, key) AS smallest,
                                row_number() OVER (PARTITION BY content_type ORDER BY value_size DESC, id, key) AS largest
                      FROM demo.kv.user_items)
                WHERE smallest = 1 OR largest = 1
                ORDER BY content_type, value_size""");
        out.println("7. Items of demo.kv.user_items, the smallest and the largest of each content type, decoded:");
        out.print(ShowCommand.render(items.schema(), items.collectAsList()));
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
