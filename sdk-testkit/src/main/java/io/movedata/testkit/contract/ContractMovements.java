package io.movedata.testkit.contract;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.movedata.api.TargetTable;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3Endpoint;

/**
 * The movements of one contract: specs for its connector and options, run by the runtime's
 * {@link MovementRunner} into an Iceberg hadoop catalog of its own (a catalog name per contract, as
 * Spark keeps a catalog once it is loaded), each namespace a run's tables. The catalog's settings
 * stay in the session after the contract: unsetting them would not unload the catalog, and would
 * hide it from the runtime's check that a name is not registered again with other settings.
 */
final class ContractMovements {
    private static final AtomicInteger CATALOGS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished run and the queries the session completed during it. */
    record Run(MovementReport report, List<QueryExecution> queries) {}

    private final Contract contract;
    private final SparkSession spark;
    private final S3Endpoint endpoint;
    private final Path directory;
    private final MovementRunner runner;
    private final String catalog = "contract" + CATALOGS.incrementAndGet();

    ContractMovements(Contract contract, SparkSession spark, S3Endpoint endpoint, Path directory) {
        this.contract = contract;
        this.spark = spark;
        this.endpoint = endpoint;
        this.directory = directory;
        this.runner = new MovementRunner(spark);
    }

    /** The targets the connector declares for the backup. */
    List<TargetTable> targets(StoreLocation location, String backup) {
        return runner.targets(spec(location, backup, "contract_targets", Map.of("table", "targets"), contract.connectorOptions()));
    }

    /**
     * Checks a movement of the team's backup with connector options {@code options} as every run
     * first checks it ({@link MovementRunner#check}): the connector found, its options validated.
     *
     * @throws io.movedata.api.ConnectorException when the options are refused
     */
    void check(StoreLocation location, Map<String, String> options) {
        MovementRunner.check(spec(location, ContractFixtures.CONTRACT, "contract_options", Map.of("table", "options"), options));
    }

    /** Runs the movement of the backup into {@code namespace}, each target into a table of its name. */
    Run run(StoreLocation location, String backup, String namespace, List<TargetTable> targets) {
        Map<String, String> tables = new LinkedHashMap<>();
        targets.forEach(target -> tables.put(target.name(), target.name()));
        MovementSpec spec = spec(location, backup, namespace, Map.of("tables", tables), contract.connectorOptions());
        QueryExecutions queries = new QueryExecutions(spark);
        MovementReport report = queries.during(() -> runner.run(spec));
        return new Run(report, queries.executed());
    }

    /** The name of the table a run into {@code namespace} wrote {@code target} to. */
    String table(String namespace, String target) {
        return catalog + "." + namespace + "." + target;
    }

    Dataset<Row> rows(String namespace, String target) {
        return spark.table(table(namespace, target));
    }

    private MovementSpec spec(StoreLocation location, String backup, String namespace, Map<String, Object> tables,
                              Map<String, String> options) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("location", location.toString());
        Map<String, String> s3 = endpoint.options();
        source.put("s3", Map.of("endpoint", s3.get(StoreLocation.ENDPOINT), "region", s3.get(StoreLocation.REGION),
                "pathStyle", true, "accessKey", s3.get(StoreLocation.ACCESS_KEY),
                "secretKey", s3.get(StoreLocation.SECRET_KEY)));
        source.put("backup", backup);
        if (!contract.sourceTables().isEmpty()) {
            source.put("tables", contract.sourceTables());
        }
        source.put("consistency", "ALL");
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("catalog", Map.of("name", catalog, "type", "hadoop",
                "warehouse", directory.resolve("warehouse").toString()));
        destination.put("namespace", namespace);
        destination.putAll(tables);
        destination.put("mode", "overwrite");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", namespace);
        spec.put("source", source);
        spec.put("connector", Map.of("name", contract.connectorName(), "options", options));
        spec.put("destination", destination);
        spec.put("reportDirectory", directory.resolve("reports").toString());
        try {
            // JSON is YAML, and Jackson quotes every value.
            return MovementSpec.parse(JSON.writeValueAsString(spec), namespace + ".json", name -> null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }
}
