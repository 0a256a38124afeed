package io.movedata.runtime.movement;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * Turns a spec's YAML or JSON into a {@link MovementSpec}: every field is checked and parsed into
 * its type here, once, and every problem found is reported at once with its field and line.
 */
final class MovementSpecParser {
    private static final List<String> FIELDS = List.of("name", "source", "connector", "destination", "spark", "reportDirectory");
    private static final List<String> SOURCE_FIELDS = List.of("location", "s3", "backup", "asOf", "skewWindow", "tables",
            "consistency", "datacenter", "splitSizeMB");
    private static final List<String> S3_FIELDS = List.of("endpoint", "region", "pathStyle", "accessKey", "secretKey", "maxAttempts");
    private static final List<String> CONNECTOR_FIELDS = List.of("name", "options");
    private static final List<String> DESTINATION_FIELDS = List.of("catalog", "namespace", "table", "tables", "mode");
    private static final List<String> CATALOG_FIELDS = List.of("name", "type", "warehouse", "properties");
    private static final List<String> SPARK_FIELDS = List.of("master", "config");

    private MovementSpecParser() {}

    /** See {@link MovementSpec#read}. */
    static MovementSpec read(Path file) {
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

    /** See {@link MovementSpec#parse}. */
    static MovementSpec parse(String text, String origin, Function<String, String> environment) {
        SpecReader reader = SpecReader.open(text, origin, environment);
        SpecReader.Mapping spec = reader.root(FIELDS);
        spec.require("source", "the backup location and tables to read");
        spec.require("connector", "the connector and its options, such as {name: cassandra-table}");
        spec.require("destination", "namespace, table and mode of the Iceberg tables to write");
        MovementSpec.Source source = source(spec.mapping("source", SOURCE_FIELDS));
        MovementSpec.ConnectorSpec connector = connector(spec.mapping("connector", CONNECTOR_FIELDS));
        MovementSpec.Destination destination = destination(spec.mapping("destination", DESTINATION_FIELDS));
        SpecReader.Mapping sparkFields = spec.mapping("spark", SPARK_FIELDS);
        MovementSpec.SparkSettings spark = sparkFields.isMapping()
                ? new MovementSpec.SparkSettings(sparkFields.text("master"), sparkFields.textMap("config", false, value -> null))
                : null;
        String name = spec.text("name");
        String reportDirectory = spec.text("reportDirectory");
        reader.throwIfProblems();
        return new MovementSpec(name, source, connector, destination, spark, reportDirectory);
    }

    private static MovementSpec.Source source(SpecReader.Mapping source) {
        if (!source.isMapping()) {
            return null;
        }
        source.require("location", "s3://bucket/prefix or file:///dir");
        String location = source.text("location", MovementSpecParser::locationProblem);
        if (location != null && location.isBlank()) {
            // Blank text skips the field's check; parsing it below would throw and lose every other problem.
            source.problem("location", "expected s3://bucket/prefix or file:///dir, found an empty value");
            location = null;
        }
        SpecReader.Mapping s3Fields = source.mapping("s3", S3_FIELDS);
        Map<String, String> s3 = null;
        if (s3Fields.isMapping()) {
            s3 = new LinkedHashMap<>();
            for (String field : S3_FIELDS) {
                String value = s3Fields.text(field, switch (field) {
                    case "pathStyle" -> text -> text.strip().matches("(?i)true|false") ? null : "expected true or false, found '" + text + "'";
                    case "maxAttempts" -> text -> text.strip().matches("[1-9][0-9]{0,8}") ? null
                            : "expected a whole number of at least 1, found '" + text + "'";
                    default -> text -> null;
                });
                if (value != null) {
                    s3.put(field, value);
                }
            }
        }
        String backup = source.text("backup");
        Instant asOf = source.parsed("asOf", text -> Instant.parse(text.strip()),
                text -> "expected an ISO-8601 instant such as 2026-11-20T00:00:00Z, found '" + text + "'");
        if (source.has("backup") && source.has("asOf")) {
            source.problem("asOf", "source.backup is given too; give one of them");
        }
        Duration skewWindow = source.parsed("skewWindow", Durations::parse);
        if (source.has("skewWindow") && !source.has("asOf")) {
            source.problem("skewWindow", "needs source.asOf: it bounds an as-of selection");
        }
        List<String> tables = source.textList("tables", SourceTable::nameProblem);
        Consistency consistency = source.parsed("consistency", Consistency::parse);
        String datacenter = source.text("datacenter");
        Integer splitSizeMB = source.positiveInteger("splitSizeMB", "a positive number of megabytes");
        return new MovementSpec.Source(location == null ? null : storeLocation(location, s3), s3,
                backup == null || backup.isBlank() ? null : backup.strip(), asOf, skewWindow,
                tables == null ? List.of() : List.copyOf(tables), consistency == null ? Consistency.LOCAL_QUORUM : consistency,
                datacenter, splitSizeMB);
    }

    /** What is wrong with a backup location, or null. */
    private static String locationProblem(String text) {
        try {
            StoreLocation.parse(text, Map.of());
            return null;
        } catch (IllegalArgumentException | MovedataException e) {
            return e.getMessage();
        }
    }

    /** The location with its S3 settings: {@code s3: {endpoint: ...}} become the store's {@code s3.endpoint}, .... */
    private static StoreLocation storeLocation(String location, Map<String, String> s3) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (s3 != null) {
            s3.forEach((key, value) -> settings.put("s3." + key, value));
        }
        return StoreLocation.parse(location, settings);
    }

    private static MovementSpec.ConnectorSpec connector(SpecReader.Mapping connector) {
        if (!connector.isMapping()) {
            return null;
        }
        connector.require("name", "a connector such as cassandra-table (movedata connectors list shows them all)");
        String name = connector.text("name");
        Map<String, String> options = connector.textMap("options", true, value -> null);
        return new MovementSpec.ConnectorSpec(name, options == null ? Map.of() : options);
    }

    private static MovementSpec.Destination destination(SpecReader.Mapping destination) {
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
        WriteMode mode = destination.parsed("mode", text -> WriteMode.valueOf(text.strip().toUpperCase(Locale.ROOT)),
                text -> "expected overwrite or append, found '" + text + "'");
        SpecReader.Mapping catalogFields = destination.mapping("catalog", CATALOG_FIELDS);
        MovementSpec.CatalogSpec catalog = catalogFields.isMapping()
                ? new MovementSpec.CatalogSpec(catalogFields.text("name", text -> Identifiers.problem(text, false)),
                        catalogFields.text("type"), catalogFields.text("warehouse"),
                        catalogFields.textMap("properties", false, value -> null))
                : null;
        return new MovementSpec.Destination(catalog, namespace, table, tables, mode == null ? WriteMode.OVERWRITE : mode);
    }
}
