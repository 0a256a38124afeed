package io.movedata.runtime.movement;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.movedata.runtime.iceberg.WriteMode;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.util.Secrets;

/**
 * A movement, declared once in YAML or JSON: which backup and tables to read, with which connector
 * and options, into which Iceberg catalog and tables. {@code ${NAME}} in any value is replaced by
 * the environment variable NAME, so secrets need not be written into specs. {@link MovementSpecParser}
 * checks every field and parses it into its type once; the spec holds the typed values.
 *
 * <pre>
 * name: orders
 * source:
 *   location: s3://backups/cluster1
 *   s3: {endpoint: http://127.0.0.1:9000, pathStyle: true}
 *   backup: backup-2026-11-20          # or asOf: 2026-11-20T00:00:00Z
 *   tables: [shop.orders]
 *   consistency: LOCAL_QUORUM
 * connector:
 *   name: cassandra-table
 *   options: {partitionBy: "bucket(16, id)"}
 * destination:
 *   catalog: {name: movedata, type: hadoop, warehouse: .movedata/warehouse}
 *   namespace: shop
 *   table: orders
 *   mode: overwrite
 * </pre>
 *
 * @param name a name for reports; default: the spec file's name
 * @param source the backup to read
 * @param connector the connector and its options
 * @param destination the Iceberg tables to write
 * @param spark settings for a session movedata starts itself (ignored under spark-submit)
 * @param reportDirectory where run reports are written; default {@code .movedata/reports}
 */
public record MovementSpec(String name, Source source, ConnectorSpec connector, Destination destination,
                           SparkSettings spark, String reportDirectory) {

    /** The embedded default catalog: a Hadoop catalog in a local warehouse directory. */
    public static final String DEFAULT_CATALOG = "movedata";
    public static final String DEFAULT_WAREHOUSE = ".movedata/warehouse";
    public static final String DEFAULT_REPORTS = ".movedata/reports";

    /**
     * @param location the backup location with its S3 settings
     * @param s3 S3 client settings as given: endpoint, region, pathStyle, accessKey, secretKey, maxAttempts; null when none
     * @param backup the backup's name, or null
     * @param asOf per node, the newest complete node backup started at or before it is read; or null
     * @param skewWindow with asOf: how far apart node backups may have started; null for the default (PT6H)
     * @param tables the Cassandra tables ({@code keyspace.table}) the connector reads; empty when none are named
     * @param consistency replicas merged per token range (default LOCAL_QUORUM)
     * @param datacenter the local datacenter for LOCAL_* levels
     * @param splitSizeMB SSTable megabytes per Spark partition, or null for the default
     */
    public record Source(StoreLocation location, Map<String, String> s3, String backup, Instant asOf, Duration skewWindow,
                         List<String> tables, Consistency consistency, String datacenter, Integer splitSizeMB) {
        @Override
        public String toString() {
            return "Source[location=" + location + ", s3=" + Secrets.masked(s3) + ", backup=" + backup + ", asOf=" + asOf
                    + ", skewWindow=" + skewWindow + ", tables=" + tables + ", consistency=" + consistency + ", datacenter="
                    + datacenter + ", splitSizeMB=" + splitSizeMB + "]";
        }
    }

    /** @param options option name to value (lists may be YAML lists or comma-separated text); empty when none */
    public record ConnectorSpec(String name, Map<String, String> options) {
        /** Masked by name: which options are secret is the connector's to say, and it is not known here. */
        @Override
        public String toString() {
            return "ConnectorSpec[name=" + name + ", options=" + Secrets.masked(options) + "]";
        }
    }

    /**
     * @param catalog the Iceberg catalog; default: the embedded Hadoop catalog
     * @param namespace the namespace of the tables (dot-separated levels)
     * @param table the table, for connectors that write one
     * @param tables connector target name to table, for connectors that write several
     * @param mode overwrite (default) or append
     */
    public record Destination(CatalogSpec catalog, String namespace, String table, Map<String, String> tables,
                              WriteMode mode) {}

    /**
     * @param name the catalog's name in the Spark session
     * @param type Iceberg catalog type (hadoop, rest, hive, glue, ...); omit when the session already
     *        configures the catalog (spark-submit --conf)
     * @param warehouse the warehouse location
     * @param properties further Iceberg catalog properties (uri, io-impl, ...)
     */
    public record CatalogSpec(String name, String type, String warehouse, Map<String, String> properties) {
        @Override
        public String toString() {
            return "CatalogSpec[name=" + name + ", type=" + type + ", warehouse=" + warehouse + ", properties="
                    + Secrets.masked(properties) + "]";
        }
    }

    /** @param master the Spark master for local runs (default local[*]); @param config Spark settings */
    public record SparkSettings(String master, Map<String, String> config) {
        @Override
        public String toString() {
            return "SparkSettings[master=" + master + ", config=" + Secrets.masked(config) + "]";
        }
    }

    /**
     * Reads a spec from a {@code .yaml}/{@code .yml} or {@code .json} file and validates it; its
     * name defaults to the file's name.
     *
     * @throws SpecException naming the file and each field at fault, or saying why the file cannot be read
     */
    public static MovementSpec read(Path file) {
        return MovementSpecParser.read(file);
    }

    /**
     * Parses and validates a spec (YAML is a superset of JSON, so both are accepted). Every field
     * is checked before anything is reported, so one message names every problem, each with its
     * field and line.
     *
     * @param origin names the spec in messages
     * @param environment resolves {@code ${NAME}} references
     * @throws SpecException naming each field at fault
     */
    public static MovementSpec parse(String text, String origin, Function<String, String> environment) {
        return MovementSpecParser.parse(text, origin, environment);
    }

    MovementSpec withName(String newName) {
        return new MovementSpec(newName, source, connector, destination, spark, reportDirectory);
    }

    /** The backup location with its S3 settings. */
    public StoreLocation storeLocation() {
        return source.location();
    }

    public Consistency consistency() {
        return source.consistency();
    }

    /** {@code source.skewWindow}, or null for the default. */
    public Duration skewWindow() {
        return source.skewWindow();
    }

    /** {@code source.asOf}, or null. */
    public Instant asOf() {
        return source.asOf();
    }

    public List<String> sourceTables() {
        return source.tables();
    }

    public Map<String, String> connectorOptions() {
        return connector.options();
    }

    public WriteMode mode() {
        return destination.mode();
    }

    public String reportDirectoryOrDefault() {
        return reportDirectory == null || reportDirectory.isBlank() ? DEFAULT_REPORTS : reportDirectory;
    }
}
