package io.movedata.runtime.spark;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceTable;
import io.movedata.runtime.util.ClosestName;
import io.movedata.runtime.util.Durations;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.ring.SplitSizing;
import io.movedata.runtime.sstable.SparkTypes;
import io.movedata.runtime.store.StoreLocation;

/**
 * The options of the {@code cassandra-backup} data source, each declared once as an
 * {@link OptionSpec} (as connectors declare theirs; docs/reading.md lists the same), and their
 * parsing into a {@link ReadRequest}. Every problem is told at once, each naming the option and
 * what it expects; an unknown option is told with the known one it was most likely meant to be.
 */
public final class ReadOptions {
    public static final String BACKUP = "backup";
    public static final String NAME = "name";
    public static final String AS_OF = "asOf";
    public static final String SKEW_WINDOW = "skewWindow";
    public static final String TABLE = "table";
    public static final String CONSISTENCY = "consistency";
    public static final String DATACENTER = "datacenter";
    public static final String SPLIT_SIZE_MB = "splitSizeMB";
    public static final String ROW_WRITETIME = "rowWritetime";
    public static final String CELL_METADATA = "cellMetadata";
    public static final String REFERENCE_TIME = "referenceTime";
    public static final String DECIMAL_PRECISION = "decimalPrecision";
    public static final String DECIMAL_SCALE = "decimalScale";
    public static final String LOCAL_DIRECTORY = "localDirectory";
    /** Spark's key for the location given to {@code load(path)}, an alternative to {@link #BACKUP}. */
    public static final String PATH = "path";
    /** Spark's key when {@code load} is given several paths; one read reads one location. */
    private static final String PATHS = "paths";

    private static final String INSTANT = "an ISO-8601 instant such as 2026-11-20T00:00:00Z";

    /** Every option of the data source, in the order docs/reading.md lists them. */
    public static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.string(BACKUP).documentation("where the backups live, s3://bucket/prefix or file:///dir; required "
                    + "unless given to load(location)"),
            OptionSpec.string(NAME).documentation("the backup name; optional when the location holds exactly one backup "
                    + "or asOf is given"),
            OptionSpec.string(AS_OF).validator(ReadOptions::instantProblem).documentation("ISO-8601 instant: per node, "
                    + "the newest complete node backup started at or before it is read; excludes name"),
            OptionSpec.string(SKEW_WINDOW).validator(ReadOptions::durationProblem).documentation("with asOf: how far "
                    + "apart node backups may have started, an ISO-8601 duration such as PT30M or a number with s/m/h/d "
                    + "(default 6h)"),
            OptionSpec.string(TABLE).required().validator(value -> SourceTable.nameProblem((String) value) == null ? null
                    : "keyspace.table").documentation("the table to read, keyspace.table"),
            OptionSpec.string(CONSISTENCY).defaultValue(Consistency.LOCAL_QUORUM.name())
                    .validator(ReadOptions::consistencyProblem).documentation("replicas merged per token range: ONE, TWO, "
                            + "THREE, QUORUM, LOCAL_ONE, LOCAL_QUORUM, ALL"),
            OptionSpec.string(DATACENTER).documentation("the local datacenter for LOCAL_ONE/LOCAL_QUORUM; default: the "
                    + "ring's only one"),
            OptionSpec.longInteger(SPLIT_SIZE_MB).validator(OptionSpec.Validator.atLeast(1))
                    .documentation("target SSTable megabytes per Spark partition; default: sized to Spark's cores (at "
                            + "least 4 splits per core, 32 to 256 MiB each)"),
            OptionSpec.bool(ROW_WRITETIME).defaultValue("false").documentation("true to add column _row_writetime: the "
                    + "newest write time of each row"),
            OptionSpec.list(CELL_METADATA).documentation("comma-separated columns to add _writetime_<c>, _ttl_<c> and "
                    + "_expiry_<c> for"),
            OptionSpec.string(REFERENCE_TIME).validator(ReadOptions::instantProblem).documentation("ISO-8601 instant R "
                    + "overriding the backup's time for TTL expiry"),
            OptionSpec.integer(DECIMAL_PRECISION).defaultValue(Integer.toString(SparkTypes.DecimalSpec.DEFAULT.precision()))
                    .validator(value -> (Integer) value >= 1 && (Integer) value <= 38 ? null : "a number from 1 to 38")
                    .documentation("precision of the Spark decimal for CQL decimal"),
            OptionSpec.integer(DECIMAL_SCALE).defaultValue(Integer.toString(SparkTypes.DecimalSpec.DEFAULT.scale()))
                    .validator(OptionSpec.Validator.atLeast(0)).documentation("scale of the Spark decimal for CQL decimal, "
                            + "at most its precision"),
            OptionSpec.string(LOCAL_DIRECTORY).documentation("executor directory for fetched SSTables (default: "
                    + "java.io.tmpdir)"),
            OptionSpec.string(StoreLocation.ENDPOINT).documentation("S3 endpoint"),
            OptionSpec.string(StoreLocation.REGION).documentation("S3 region"),
            OptionSpec.bool(StoreLocation.PATH_STYLE).documentation("S3 path-style access"),
            OptionSpec.string(StoreLocation.ACCESS_KEY).secret().documentation("S3 access key; without keys the AWS "
                    + "default credentials chain is used"),
            OptionSpec.string(StoreLocation.SECRET_KEY).secret().documentation("S3 secret key"),
            OptionSpec.integer(StoreLocation.MAX_ATTEMPTS).defaultValue(Integer.toString(StoreLocation.DEFAULT_MAX_ATTEMPTS))
                    .validator(OptionSpec.Validator.atLeast(1)).documentation("attempts of each S3 call, and fetches of each "
                            + "object body that breaks off"));

    private static final List<String> STORE_SETTINGS = List.of(StoreLocation.ENDPOINT, StoreLocation.REGION,
            StoreLocation.PATH_STYLE, StoreLocation.ACCESS_KEY, StoreLocation.SECRET_KEY, StoreLocation.MAX_ATTEMPTS);

    /** Every option this source reads: the declared ones and Spark's path. */
    private static final List<String> KNOWN = Stream.concat(OPTIONS.stream().map(OptionSpec::name), Stream.of(PATH))
            .sorted(String.CASE_INSENSITIVE_ORDER).toList();

    private ReadOptions() {}

    /**
     * Parses options (keys are case-insensitive). The location is option {@code backup} or the path
     * given to {@code load(path)}.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) naming every option that is unknown
     *         (with the known one it was most likely meant to be), missing or malformed
     */
    public static ReadRequest parse(Map<String, String> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, String> given = declaredNames(raw, problems);
        OptionSpec.Parsed parsed = OptionSpec.parseAll(OPTIONS, given);
        for (OptionSpec.Problem problem : parsed.problems()) {
            OptionSpec spec = problem.spec();
            problems.add(problem.found() == null ? "Option '" + spec.name() + "' is required: " + spec.documentation()
                    : "Option '" + spec.name() + "': expected " + problem.expected() + ", found '"
                            + (spec.isSecret() ? "****" : problem.found()) + "'");
        }
        Map<String, Object> values = parsed.values();
        String location = location(given, problems);
        if (values.containsKey(NAME) && values.containsKey(AS_OF)) {
            problems.add("Options '" + NAME + "' and '" + AS_OF + "' exclude each other: give one");
        }
        if (values.get(DECIMAL_PRECISION) instanceof Integer precision && values.get(DECIMAL_SCALE) instanceof Integer scale
                && scale > precision) {
            problems.add("Options '" + DECIMAL_PRECISION + "'/'" + DECIMAL_SCALE + "' must satisfy scale <= precision, "
                    + "found " + precision + "/" + scale);
        }
        if (!problems.isEmpty()) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, String.join("; ", problems));
        }
        Map<String, String> storeSettings = new LinkedHashMap<>();
        STORE_SETTINGS.stream().filter(given::containsKey).forEach(key -> storeSettings.put(key, given.get(key)));
        String table = (String) values.get(TABLE);
        int dot = table.indexOf('.');
        @SuppressWarnings("unchecked")
        List<String> cellMetadata = values.containsKey(CELL_METADATA) ? (List<String>) values.get(CELL_METADATA) : List.of();
        return new ReadRequest(StoreLocation.parse(location, storeSettings), (String) values.get(NAME),
                instant(values.get(AS_OF)), values.containsKey(SKEW_WINDOW) ? Durations.parse((String) values.get(SKEW_WINDOW)) : null,
                table.substring(0, dot), table.substring(dot + 1), Consistency.parse((String) values.get(CONSISTENCY)),
                (String) values.get(DATACENTER), values.containsKey(SPLIT_SIZE_MB)
                        ? SplitSizing.fixed((Long) values.get(SPLIT_SIZE_MB) * 1024 * 1024) : SplitSizing.auto(SparkCores.available()),
                (Boolean) values.get(ROW_WRITETIME), cellMetadata, instant(values.get(REFERENCE_TIME)),
                new SparkTypes.DecimalSpec((Integer) values.get(DECIMAL_PRECISION), (Integer) values.get(DECIMAL_SCALE)));
    }

    /** The executor directory for fetched SSTables. */
    public static String localDirectory(Map<String, String> raw) {
        String value = declaredNames(raw, new ArrayList<>()).get(LOCAL_DIRECTORY);
        return value == null || value.isBlank() ? System.getProperty("java.io.tmpdir") : value.trim();
    }

    /**
     * The options under their declared names (Spark lower-cases them). A misspelt option would
     * otherwise be ignored and the read run with the default instead (a consistency level, a
     * backup name), so every key must be one this source reads.
     */
    private static Map<String, String> declaredNames(Map<String, String> raw, List<String> problems) {
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        KNOWN.forEach(name -> byLowerCase.put(name.toLowerCase(Locale.ROOT), name));
        // Several paths are refused by location(), with their own message.
        byLowerCase.put(PATHS, PATHS);
        Map<String, String> given = new LinkedHashMap<>();
        Set<String> unknown = new HashSet<>();
        raw.forEach((key, value) -> {
            String name = byLowerCase.get(key.toLowerCase(Locale.ROOT));
            if (name == null) {
                unknown.add(key);
            } else if (value != null && !value.isBlank()) {
                given.put(name, value);
            }
        });
        if (!unknown.isEmpty()) {
            problems.add(unknown(unknown.stream().sorted().toList()));
        }
        return given;
    }

    private static String unknown(List<String> unknown) {
        List<String> described = new ArrayList<>();
        boolean allNear = true;
        for (String key : unknown) {
            Optional<String> near = ClosestName.of(key, KNOWN);
            allNear &= near.isPresent();
            described.add("'" + key + "'" + near.map(name -> " (did you mean '" + name + "'?)").orElse(""));
        }
        return "Unknown option" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", described)
                + " of the " + CassandraBackupSource.SHORT_NAME + " data source"
                + (allNear ? "" : "; its options: " + String.join(", ", KNOWN));
    }

    /** Option {@code backup}, or the one path given to {@code load}; the same location given both ways is fine. */
    private static String location(Map<String, String> given, List<String> problems) {
        String paths = nonBlank(given.get(PATHS));
        String backup = nonBlank(given.get(BACKUP));
        String path = nonBlank(given.get(PATH));
        if (paths != null) {
            problems.add("The " + CassandraBackupSource.SHORT_NAME + " data source reads one backup location; load() was "
                    + "given several: " + paths);
        } else if (backup != null && path != null && !backup.equals(path)) {
            problems.add("Option '" + BACKUP + "' (" + backup + ") and the path given to load() (" + path + ") differ: "
                    + "give the backup location once");
        } else if (backup == null && path == null) {
            problems.add("Option '" + BACKUP + "' is required: " + OPTIONS.get(0).documentation());
        }
        return backup != null ? backup : path;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant instant(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }

    private static String instantProblem(Object value) {
        try {
            Instant.parse((String) value);
            return null;
        } catch (DateTimeParseException e) {
            return INSTANT;
        }
    }

    private static String durationProblem(Object value) {
        try {
            Durations.parse((String) value);
            return null;
        } catch (IllegalArgumentException e) {
            return "a duration of zero or more such as PT30M, 90s, 30m, 6h or 1d";
        }
    }

    private static String consistencyProblem(Object value) {
        try {
            Consistency.parse((String) value);
            return null;
        } catch (IllegalArgumentException e) {
            return "one of " + List.of(Consistency.values());
        }
    }
}
