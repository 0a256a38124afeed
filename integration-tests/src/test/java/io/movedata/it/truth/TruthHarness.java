package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;


import io.movedata.cli.MovedataCli;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * The truth loop as a user runs it, through the {@code movedata} command: back up real nodes with
 * {@code movedata backup}, move the backup with {@code movedata run}, and check the Iceberg table
 * against what the node returned with {@code movedata validate}.
 */
final class TruthHarness {
    private final S3EndpointExtension s3;
    private final Path work;
    private final String catalog;

    /**
     * @param catalog the Iceberg catalog's name for this test class: a session keeps a catalog's
     *        first settings, so each class's warehouse needs a name of its own
     */
    TruthHarness(S3EndpointExtension s3, Path work, String catalog) {
        this.s3 = s3;
        this.work = work;
        this.catalog = catalog;
    }

    /** The Iceberg table a movement into {@code namespace} writes. */
    String moved(String namespace) {
        return table(namespace, "events");
    }

    /** The Iceberg table {@code namespace.table} of this class's catalog. */
    String table(String namespace, String table) {
        return catalog + "." + namespace + "." + table;
    }

    /** The report of a run, read from the path its summary prints. */
    static MovementReport report(Run run) {
        return MovementReport.read(Path.of(run.out().lines().filter(l -> l.startsWith("  report  "))
                .findFirst().orElseThrow().substring(10)));
    }

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run movedata(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MovedataCli.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    List<String> s3Options() {
        Map<String, String> settings = s3.options();
        return List.of("--s3-endpoint", settings.get(StoreLocation.ENDPOINT), "--s3-path-style",
                "--s3-region", settings.get(StoreLocation.REGION),
                "--s3-access-key", settings.get(StoreLocation.ACCESS_KEY), "--s3-secret-key", settings.get(StoreLocation.SECRET_KEY));
    }

    /** {@code movedata backup} of one node; fails the test unless it succeeds. */
    Run backup(CassandraNode node, StoreLocation location, String name) {
        List<String> args = new ArrayList<>(List.of("backup", location.toString(), "--name", name,
                "--jmx", "127.0.0.1:" + node.jmxPort(), "--cql", node.address() + ":" + node.nativePort()));
        args.addAll(s3Options());
        Run run = movedata(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    /** {@code movedata run} of a cassandra-table movement of the workload's table into {@code namespace.events}. */
    Run move(StoreLocation location, String backup, String consistency, String namespace) throws Exception {
        return move(namespace + "-" + consistency, location, backup, consistency, Workload.TABLE,
                "{name: cassandra-table}", "table: events", namespace);
    }

    /**
     * {@code movedata run} of a movement named {@code name} of {@code sourceTables} (comma-separated)
     * with {@code connector} (a YAML mapping) into {@code namespace}, its tables given by
     * {@code destinationTables} (a YAML line of the destination: {@code table: ...} or
     * {@code tables: {...}}); fails the test unless it succeeds.
     */
    Run move(String name, StoreLocation location, String backup, String consistency, String sourceTables, String connector,
             String destinationTables, String namespace) throws Exception {
        Map<String, String> settings = s3.options();
        Path spec = work.resolve(name + ".yaml");
        Files.writeString(spec, """
                name: %s
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  tables: [%s]
                  consistency: %s
                  splitSizeMB: 1
                connector: %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: %s
                  %s
                reportDirectory: "%s"
                """.formatted(name, location, settings.get(StoreLocation.ENDPOINT),
                settings.get(StoreLocation.REGION), settings.get(StoreLocation.ACCESS_KEY),
                settings.get(StoreLocation.SECRET_KEY), backup, sourceTables, consistency, connector, catalog,
                work.resolve("warehouse"), namespace, destinationTables, work.resolve("reports")));
        Run run = movedata(List.of("run", spec.toString()));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    /**
     * Writes rows a node returned for {@code SELECT *} into the Iceberg table
     * {@code truth.<namespace>.selected}, with the schema of the moved table, and returns its name.
     */
    String selectedInto(List<com.datastax.oss.driver.api.core.cql.Row> selected, String movedTable, String namespace) {
        SparkSession spark = SharedSpark.session();
        StructType schema = spark.table(movedTable).schema();
        // The truth takes the moved table's schema, so first the moved table must have every column the node returned.
        if (!selected.isEmpty()) {
            List<String> nodeColumns = new ArrayList<>();
            selected.get(0).getColumnDefinitions().forEach(c -> nodeColumns.add(c.getName().asInternal()));
            assertThat(schema.fieldNames()).as("columns of " + movedTable).containsExactlyInAnyOrderElementsOf(nodeColumns);
        }
        String table = catalog + "." + namespace + ".selected";
        spark.createDataFrame(CqlRows.toSpark(selected, schema), schema).writeTo(table).createOrReplace();
        return table;
    }

    /** {@code movedata validate C M} over two tables of the test catalog. */
    Run validate(String c, String m) {
        return movedata(List.of("validate", c, m, "--catalog", catalog + ":type=hadoop,warehouse=" + work.resolve("warehouse"),
                "--report", work.resolve("reports").toString()));
    }
}
