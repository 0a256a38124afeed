package io.movedata.runtime.movement;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.movedata.api.MovedataException;
import io.movedata.api.SourceTable;
import io.movedata.runtime.util.Durations;
import io.movedata.runtime.iceberg.Identifiers;
import io.movedata.runtime.iceberg.WriteMode;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.store.StoreLocation;

/**
 * A movement, declared once in YAML or JSON: which backup and tables to read, with which connector
 * and options, into which Iceberg catalog and tables. {@code ${NAME}} in any value is replaced by
 * the environment variable NAME, so secrets need not be written into specs.
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
     * @param location {@code s3://bucket/prefix} or {@code file:///dir}
     * @param s3 S3 client settings: endpoint, region, pathStyle, accessKey, secretKey
     * @param backup the backup's name
     * @param asOf an instant: per node, the newest complete node backup started at or before it is read
     * @param skewWindow with asOf: how far apart node backups may have started (default PT6H)
     * @param tables the Cassandra tables ({@code keyspace.table}) the connector reads
     * @param consistency replicas merged per token range (default LOCAL_QUORUM)
     * @param datacenter the local datacenter for LOCAL_* levels
     * @param splitSizeMB SSTable megabytes per Spark partition
     */
    public record Source(String location, Map<String, String> s3, String backup, String asOf, String skewWindow, List<String> tables,
                         String consistency, String datacenter, Integer splitSizeMB) {}

    /** @param options option name to value; lists may be YAML lists or comma-separated text */
    public record ConnectorSpec(String name, Map<String, String> options) {}

    /**
     * @param catalog the Iceberg catalog; default: the embedded Hadoop catalog
     * @param namespace the namespace of the tables (dot-separated levels)
     * @param table the table, for connectors that write one
     * @param tables connector target name to table, for connectors that write several
     * @param mode overwrite (default) or append
     */
    public record Destination(CatalogSpec catalog, String namespace, String table, Map<String, String> tables,
                              String mode) {}

    /**
     * @param name the catalog's name in the Spark session
     * @param type Iceberg catalog type (hadoop, rest, hive, glue, ...); omit when the session already
     *        configures the catalog (spark-submit --conf)
     * @param warehouse the warehouse location
     * @param properties further Iceberg catalog properties (uri, io-impl, ...)
     */
    public record CatalogSpec(String name, String type, String warehouse, Map<String, String> properties) {}

    /** @param master the Spark master for local runs (default local[*]); @param config Spark settings */
    public record SparkSettings(String master, Map<String, String> config) {}

    private static final List<String> FIELDS = List.of("name", "source", "connector", "destination", "spark", "reportDirectory");
    private static final List<String> SOURCE_FIELDS = List.of("location", "s3", "backup", "asOf", "skewWindow", "tables",
            "consistency", "datacenter", "splitSizeMB");
    private static final List<String> S3_FIELDS = List.of("endpoint", "region", "pathStyle", "accessKey", "secretKey");
    private static final List<String> CONNECTOR_FIELDS = List.of("name", "options");
    private static final List<String> DESTINATION_FIELDS = List.of("catalog", "namespace", "table", "tables", "mode");
    private static final List<String> CATALOG_FIELDS = List.of("name", "type", "warehouse", "properties");
    private static final List<String> SPARK_FIELDS = List.of("master", "config");

    /**
     * Reads a spec from a {@code .yaml}/{@code .yml} or {@code .json} file and validates it.
     *
     * @throws SpecException naming the file and each field at fault, or saying why the file cannot be read
     */
    public static MovementSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException("Movement spec " + file + " does not exist"
                    + (file.isAbsolute() ? "" : " (looked for " + file.toAbsolutePath() + ")"), e);
        } catch (AccessDeniedException e) {
            throw new SpecException("Movement spec " + file + " is not readable: permission denied", e);
        } catch (MalformedInputException e) {
            throw new SpecException("Movement spec " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new SpecException(Files.isDirectory(file) ? "Movement spec " + file + " is a directory, not a file"
                    : "Cannot read movement spec " + file + ": " + e, e);
        }
        MovementSpec spec = parse(text, file.toString(), System::getenv);
        if (spec.name() == null) {
            String fileName = file.getFileName().toString();
            int dot = fileName.lastIndexOf('.');
            spec = spec.withName(dot > 0 ? fileName.substring(0, dot) : fileName);
        }
        return spec;
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
        SpecReader reader = SpecReader.open(text, origin, environment);
        SpecReader.Mapping spec = reader.root(FIELDS);
        spec.require("source", "the backup location and tables to read");
        spec.require("connector", "the connector and its options, such as {name: cassandra-table}");
        spec.require("destination", "namespace, table and mode of the Iceberg tables to write");
        Source source = source(spec.mapping("source", SOURCE_FIELDS));
        ConnectorSpec connector = connector(spec.mapping("connector", CONNECTOR_FIELDS));
        Destination destination = destination(spec.mapping("destination", DESTINATION_FIELDS));
        SpecReader.Mapping sparkFields = spec.mapping("spark", SPARK_FIELDS);
        SparkSettings spark = sparkFields.isMapping()
                ? new SparkSettings(sparkFields.text("master"), sparkFields.textMap("config", false, value -> null)) : null;
        String name = spec.text("name");
        String reportDirectory = spec.text("reportDirectory");
        reader.throwIfProblems();
        return new MovementSpec(name, source, connector, destination, spark, reportDirectory);
    }

    private static Source source(SpecReader.Mapping source) {
        if (!source.isMapping()) {
            return null;
        }
        source.require("location", "s3://bucket/prefix or file:///dir");
        String location = source.text("location", text -> problem(() -> StoreLocation.parse(text, Map.of())));
        SpecReader.Mapping s3Fields = source.mapping("s3", S3_FIELDS);
        Map<String, String> s3 = null;
        if (s3Fields.isMapping()) {
            s3 = new LinkedHashMap<>();
            for (String field : S3_FIELDS) {
                String value = s3Fields.text(field, field.equals("pathStyle")
                        ? text -> text.strip().matches("(?i)true|false") ? null : "expected true or false, found '" + text + "'"
                        : text -> null);
                if (value != null) {
                    s3.put(field, value);
                }
            }
        }
        String backup = source.text("backup");
        String asOf = source.text("asOf", text -> problem(() -> Instant.parse(text.strip()), "expected an ISO-8601 instant "
                + "such as 2026-11-20T00:00:00Z, found '" + text + "'"));
        if (source.has("backup") && source.has("asOf")) {
            source.problem("asOf", "source.backup is given too; give one of them");
        }
        String skewWindow = source.text("skewWindow", text -> problem(() -> Durations.parse(text)));
        if (source.has("skewWindow") && !source.has("asOf")) {
            source.problem("skewWindow", "needs source.asOf: it bounds an as-of selection");
        }
        List<String> tables = source.textList("tables", SourceTable::nameProblem);
        String consistency = source.text("consistency", text -> problem(() -> Consistency.parse(text)));
        return new Source(location, s3, backup, asOf, skewWindow, tables, consistency, source.text("datacenter"),
                source.positiveInteger("splitSizeMB", "a positive number of megabytes"));
    }

    private static ConnectorSpec connector(SpecReader.Mapping connector) {
        if (!connector.isMapping()) {
            return null;
        }
        connector.require("name", "a connector such as cassandra-table (movedata connectors list shows them all)");
        return new ConnectorSpec(connector.text("name"), connector.textMap("options", true, value -> null));
    }

    private static Destination destination(SpecReader.Mapping destination) {
        if (!destination.isMapping()) {
            return null;
        }
        destination.require("namespace", "dot-separated identifiers such as shop");
        String namespace = destination.text("namespace", text -> Identifiers.problem(text, true));
        String table = destination.text("table", text -> Identifiers.problem(text, false));
        Map<String, String> tables = destination.textMap("tables", false, text -> Identifiers.problem(text, false));
        if (destination.has("table") == destination.has("tables")) {
            destination.problem(destination.has("table") ? "tables" : "table", "give exactly one of destination.table "
                    + "(for a connector that writes one table) and destination.tables (target name: table, for a "
                    + "connector that writes several)");
        }
        String mode = destination.text("mode", text -> problem(() -> WriteMode.valueOf(text.strip().toUpperCase(Locale.ROOT)),
                "expected overwrite or append, found '" + text + "'"));
        SpecReader.Mapping catalogFields = destination.mapping("catalog", CATALOG_FIELDS);
        CatalogSpec catalog = catalogFields.isMapping()
                ? new CatalogSpec(catalogFields.text("name", text -> Identifiers.problem(text, false)),
                        catalogFields.text("type"), catalogFields.text("warehouse"),
                        catalogFields.textMap("properties", false, value -> null))
                : null;
        return new Destination(catalog, namespace, table, tables, mode);
    }

    /** The message of the check's IllegalArgumentException or invalid-input error, or null when it passes. */
    private static String problem(Runnable check) {
        try {
            check.run();
            return null;
        } catch (IllegalArgumentException | DateTimeException | MovedataException e) {
            return e.getMessage();
        }
    }

    /** {@code message} when the check throws, or null when it passes. */
    private static String problem(Runnable check, String message) {
        return problem(check) == null ? null : message;
    }

    private MovementSpec withName(String newName) {
        return new MovementSpec(newName, source, connector, destination, spark, reportDirectory);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The backup location with its S3 settings. */
    public StoreLocation storeLocation() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (source.s3() != null) {
            source.s3().forEach((key, value) -> settings.put("s3." + key, value));
        }
        return StoreLocation.parse(source.location(), settings);
    }

    public Consistency consistency() {
        return blank(source.consistency()) ? Consistency.LOCAL_QUORUM : Consistency.parse(source.consistency());
    }

    /** The duration of {@code source.skewWindow}, or null for the default. */
    public Duration skewWindow() {
        return blank(source.skewWindow()) ? null : Durations.parse(source.skewWindow());
    }

    /** The instant of {@code source.asOf}, or null. */
    public Instant asOf() {
        return blank(source.asOf()) ? null : Instant.parse(source.asOf().trim());
    }

    public List<String> sourceTables() {
        return source.tables() == null ? List.of() : List.copyOf(source.tables());
    }

    public Map<String, String> connectorOptions() {
        return connector.options() == null ? Map.of() : connector.options();
    }

    public WriteMode mode() {
        return blank(destination.mode()) ? WriteMode.OVERWRITE
                : WriteMode.valueOf(destination.mode().trim().toUpperCase(Locale.ROOT));
    }

    public String reportDirectoryOrDefault() {
        return blank(reportDirectory) ? DEFAULT_REPORTS : reportDirectory;
    }
}
