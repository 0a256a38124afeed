package io.movedata.runtime.movement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.movedata.runtime.iceberg.WriteMode;
import io.movedata.runtime.read.Consistency;
import io.movedata.runtime.backup.Durations;
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

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * Reads a spec from a {@code .yaml}/{@code .yml} or {@code .json} file and validates it.
     *
     * @throws SpecException naming the file and each field at fault
     */
    public static MovementSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SpecException("Cannot read movement spec " + file + ": " + e.getMessage(), e);
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
     * Parses and validates a spec (YAML is a superset of JSON, so both are accepted).
     *
     * @param origin names the spec in messages
     * @param environment resolves {@code ${NAME}} references
     * @throws SpecException naming each field at fault
     */
    public static MovementSpec parse(String text, String origin, Function<String, String> environment) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException("Movement spec " + origin + " is not valid YAML/JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new SpecException("Movement spec " + origin + " must be a mapping with source, connector and destination");
        }
        List<String> problems = new ArrayList<>();
        JsonNode resolved = substitute(tree, "", environment, problems);
        flattenOptions(resolved.path("connector").path("options"));
        MovementSpec spec;
        try {
            spec = mapper.treeToValue(resolved, MovementSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new SpecException("Movement spec " + origin + ": unknown field '" + path(e) + "'; known fields there: "
                    + e.getKnownPropertyIds(), e);
        } catch (JsonMappingException e) {
            throw new SpecException("Movement spec " + origin + ": field '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new SpecException("Movement spec " + origin + ": " + e.getOriginalMessage(), e);
        }
        problems.addAll(spec.problems());
        if (!problems.isEmpty()) {
            throw new SpecException("Movement spec " + origin + " is invalid:\n  - " + String.join("\n  - ", problems));
        }
        return spec;
    }

    private MovementSpec withName(String newName) {
        return new MovementSpec(newName, source, connector, destination, spark, reportDirectory);
    }

    /** Replaces ${NAME} in every text value; a missing variable is a problem naming the field. */
    private static JsonNode substitute(JsonNode node, String path, Function<String, String> environment, List<String> problems) {
        if (node.isTextual()) {
            Matcher matcher = VARIABLE.matcher(node.textValue());
            StringBuilder sb = new StringBuilder();
            while (matcher.find()) {
                String value = environment.apply(matcher.group(1));
                if (value == null) {
                    problems.add("field '" + path + "' refers to environment variable " + matcher.group(1) + ", which is not set");
                    value = "";
                }
                matcher.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(sb);
            return new TextNode(sb.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), substitute(field.getValue(), path.isEmpty() ? field.getKey()
                        : path + "." + field.getKey(), environment, problems));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(substitute(node.get(i), path + "[" + i + "]", environment, problems));
            }
            return copy;
        }
        return node;
    }

    /** Connector options are text; a YAML list becomes the comma-separated form the options accept. */
    private static void flattenOptions(JsonNode options) {
        if (!options.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) options;
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = object.get(name);
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                object.put(name, String.join(",", items));
            }
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                sb.append('[').append(reference.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Every problem of the spec, each naming its field. */
    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (source == null) {
            problems.add("field 'source' is required: the backup location and tables to read");
        } else {
            if (blank(source.location())) {
                problems.add("field 'source.location' is required: s3://bucket/prefix or file:///dir");
            } else {
                try {
                    storeLocation();
                } catch (IllegalArgumentException e) {
                    problems.add("field 'source.location': " + e.getMessage());
                }
            }
            if (!blank(source.backup()) && !blank(source.asOf())) {
                problems.add("fields 'source.backup' and 'source.asOf' exclude each other: give one");
            }
            if (!blank(source.asOf())) {
                try {
                    Instant.parse(source.asOf().trim());
                } catch (DateTimeParseException e) {
                    problems.add("field 'source.asOf' must be an ISO-8601 instant such as 2026-11-20T00:00:00Z, found '"
                            + source.asOf() + "'");
                }
            }
            if (!blank(source.skewWindow())) {
                if (blank(source.asOf())) {
                    problems.add("field 'source.skewWindow' needs 'source.asOf': it bounds an as-of selection");
                }
                try {
                    Durations.parse(source.skewWindow());
                } catch (IllegalArgumentException e) {
                    problems.add("field 'source.skewWindow': " + e.getMessage());
                }
            }
            if (source.tables() != null) {
                for (int i = 0; i < source.tables().size(); i++) {
                    String table = source.tables().get(i);
                    if (table == null || !table.matches("[^.\\s]+\\.[^.\\s]+")) {
                        problems.add("field 'source.tables[" + i + "]' must be keyspace.table, found '" + table + "'");
                    }
                }
            }
            if (!blank(source.consistency())) {
                try {
                    Consistency.parse(source.consistency());
                } catch (IllegalArgumentException e) {
                    problems.add("field 'source.consistency': " + e.getMessage());
                }
            }
            if (source.splitSizeMB() != null && source.splitSizeMB() <= 0) {
                problems.add("field 'source.splitSizeMB' must be a positive number of megabytes, found " + source.splitSizeMB());
            }
        }
        if (connector == null || blank(connector.name())) {
            problems.add("field 'connector.name' is required: a connector such as cassandra-table "
                    + "(movedata connectors list shows them all)");
        }
        if (destination == null) {
            problems.add("field 'destination' is required: namespace, table and mode of the Iceberg tables to write");
        } else {
            if (blank(destination.namespace()) || !destination.namespace().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                problems.add("field 'destination.namespace' is required: dot-separated identifiers, found '"
                        + destination.namespace() + "'");
            }
            if (blank(destination.table()) == (destination.tables() == null || destination.tables().isEmpty())) {
                problems.add("give exactly one of 'destination.table' (for a connector that writes one table) and "
                        + "'destination.tables' (target name: table, for a connector that writes several)");
            }
            checkIdentifier(problems, "destination.table", destination.table());
            if (destination.tables() != null) {
                destination.tables().forEach((target, table) -> checkIdentifier(problems, "destination.tables." + target, table));
            }
            if (!blank(destination.mode())) {
                try {
                    mode();
                } catch (IllegalArgumentException e) {
                    problems.add("field 'destination.mode' must be overwrite or append, found '" + destination.mode() + "'");
                }
            }
            CatalogSpec catalog = destination.catalog();
            if (catalog != null && catalog.name() != null && !catalog.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add("field 'destination.catalog.name' must be an identifier, found '" + catalog.name() + "'");
            }
        }
        return problems;
    }

    private static void checkIdentifier(List<String> problems, String field, String value) {
        if (value != null && !value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problems.add("field '" + field + "' must be an identifier (letters, digits, _), found '" + value + "'");
        }
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
