package io.movedata.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.connector.CassandraTableConnector;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * The graph benchmark's movements of its graph, from the backup on the S3 endpoint into Iceberg
 * tables of a Hadoop catalog (mode overwrite, consistency ONE): raw, each table by
 * {@code cassandra-table} without options; and by {@code graph} with its defaults ({@code
 * onIntegrity: fail}, so a fault would fail the run), with the schema's node types only or whole.
 * Every run writes tables of its own; {@link #drop} deletes them.
 */
final class GraphBenchMovements {
    private static final String CATALOG = "bench";
    private static final String NAMESPACE = "bench";

    private final GraphBenchDataset dataset;
    private final S3Endpoint s3;
    private final Path warehouse;
    private final Path reports;
    private final int splitMB;

    GraphBenchMovements(GraphBenchDataset dataset, S3Endpoint s3, Path directory, int splitMB) {
        this.dataset = dataset;
        this.s3 = s3;
        this.warehouse = directory.resolve("warehouse");
        this.reports = directory.resolve("reports");
        this.splitMB = splitMB;
        drop();
    }

    /**
     * Moves each table as it is, one movement per table.
     *
     * @throws IllegalStateException when a movement did not succeed, or did not read and write every row of its table
     */
    List<MovementReport> raw(SparkSession spark, List<String> tables, int run) {
        List<MovementReport> moved = new ArrayList<>();
        for (String table : tables) {
            String name = "raw_" + table.replace('.', '_') + "_" + run;
            MovementReport report = run(spark, spec(name, table, "{name: " + CassandraTableConnector.NAME + "}", "table: " + name));
            check(report, table + " rows", dataset.tableRows().get(table), report.read().rows(), report.tables().get(0).rowsWritten());
            moved.add(report);
        }
        return moved;
    }

    /**
     * Moves the graph with the graph connector: the node types alone, or the whole schema.
     *
     * @throws IllegalStateException when the movement did not succeed, did not read every row of its tables, or wrote
     *         another number of nodes or edges than the graph holds
     */
    List<MovementReport> graph(SparkSession spark, boolean withEdges, int run) {
        String name = (withEdges ? "graph_" : "graph_nodes_") + run;
        String schema = withEdges ? io.movedata.connector.graph.fixture.SocialGraphWriter.SCHEMA : GraphBenchDataset.nodesOnlySchema();
        String options = "{name: graph, options: {schema: \"" + schema.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\"}}";
        String tables = dataset.nodes().keySet().stream().map(type -> type + ": " + name + "_" + type)
                .collect(Collectors.joining(", ", "tables: {", withEdges ? ", edges: " + name + "_edges}" : "}"));
        List<String> sources = new ArrayList<>(GraphBenchDataset.nodeTables());
        if (withEdges) {
            sources.addAll(GraphBenchDataset.edgeTables());
        }
        MovementReport report = run(spark, spec(name, String.join(", ", sources), options, tables));
        check(report, "rows of the namespaces' tables", dataset.rows(sources), report.read().rows(), -1);
        for (MovementReport.TableReport table : report.tables()) {
            long expected = table.target().equals("edges") ? dataset.edges() : dataset.nodes().get(table.target());
            check(report, table.target() + " rows", expected, expected, table.rowsWritten());
        }
        return List.of(report);
    }

    private MovementReport run(SparkSession spark, MovementSpec spec) {
        MovementReport report = new MovementRunner(spark).run(spec);
        if (report.outcome() != MovementReport.Outcome.SUCCEEDED) {
            throw new IllegalStateException("Movement " + spec.name() + " ended " + report.outcome() + ", expected SUCCEEDED:\n"
                    + report.summary());
        }
        return report;
    }

    private static void check(MovementReport report, String what, long expected, long read, long written) {
        if (read != expected || written >= 0 && written != expected) {
            throw new IllegalStateException("Movement " + report.name() + ": " + what + " expected " + expected + ", read "
                    + read + (written >= 0 ? ", wrote " + written : "") + ":\n" + report.summary());
        }
    }

    /** A spec through the same parser a user's spec file goes through. */
    private MovementSpec spec(String name, String tables, String connector, String destination) {
        Map<String, String> client = s3.options();
        String yaml = """
                name: %s
                source:
                  location: "%s"
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  tables: [%s]
                  consistency: ONE
                  splitSizeMB: %d
                connector: %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: %s
                  %s
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(name, s3.location(GraphBenchDataset.BUCKET, GraphBenchDataset.PREFIX),
                client.get(StoreLocation.ENDPOINT), client.get(StoreLocation.REGION), client.get(StoreLocation.ACCESS_KEY),
                client.get(StoreLocation.SECRET_KEY), GraphBenchDataset.BACKUP, tables, splitMB, connector, CATALOG, warehouse,
                NAMESPACE, destination, reports);
        return MovementSpec.parse(yaml, "benchmark movement " + name, System::getenv);
    }

    /** Deletes every table of the warehouse (a Hadoop catalog table is one directory). */
    void drop() {
        LocalFiles.deleteTree(warehouse);
    }
}
