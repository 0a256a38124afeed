package io.movedata.runtime.spark;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.movedata.api.SourceTable;
import io.movedata.runtime.util.ClosestName;
import io.movedata.runtime.util.Durations;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.sstable.SparkTypes;
import io.movedata.runtime.store.StoreLocation;

/**
 * The options of the {@code cassandra-backup} data source, each declared once with its meaning,
 * and their parsing into a {@link ReadRequest}. Errors name the option and what it expects.
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
    public static final String METRICS_ID = "metricsId";
    public static final String SELECTION_ID = "selectionId";
    /** Spark's key for the location given to {@code load(path)}, an alternative to {@link #BACKUP}. */
    public static final String PATH = "path";
    /** Spark's key when {@code load} is given several paths; one read reads one location. */
    private static final String PATHS = "paths";

    /** Option -> documentation; the S3 settings of {@link StoreLocation} are accepted too. */
    public static final Map<String, String> DOCUMENTATION = Map.ofEntries(
            Map.entry(BACKUP, "required: where the backups live, s3://bucket/prefix or file:///dir"),
            Map.entry(NAME, "the backup name; optional when the location holds exactly one backup or asOf is given"),
            Map.entry(AS_OF, "ISO-8601 instant: per node, the newest complete node backup started at or before it is read"),
            Map.entry(SKEW_WINDOW, "with asOf: how far apart node backups may have started, an ISO-8601 duration such as "
                    + "PT30M or a number with s/m/h/d (default PT6H)"),
            Map.entry(TABLE, "required: the table to read, keyspace.table"),
            Map.entry(CONSISTENCY, "replicas merged per token range: ONE, TWO, THREE, QUORUM, LOCAL_ONE, LOCAL_QUORUM (default), ALL"),
            Map.entry(DATACENTER, "the local datacenter for LOCAL_ONE/LOCAL_QUORUM; default: the ring's only one"),
            Map.entry(SPLIT_SIZE_MB, "target SSTable megabytes per Spark partition (default 256)"),
            Map.entry(ROW_WRITETIME, "true to add column _row_writetime: the newest write time of each row"),
            Map.entry(CELL_METADATA, "comma-separated columns to add _writetime_<c>, _ttl_<c> and _expiry_<c> for"),
            Map.entry(REFERENCE_TIME, "ISO-8601 instant R overriding the backup's time for TTL expiry"),
            Map.entry(DECIMAL_PRECISION, "precision of the Spark decimal for CQL decimal (default 38)"),
            Map.entry(DECIMAL_SCALE, "scale of the Spark decimal for CQL decimal (default 18)"),
            Map.entry(LOCAL_DIRECTORY, "executor directory for fetched SSTables (default: java.io.tmpdir)"),
            Map.entry(METRICS_ID, "id of the driver's ReadMetrics that collect this read's counters (set by movedata runs)"),
            Map.entry(SELECTION_ID, "id of node backups already chosen on the driver, read instead of resolving name/asOf "
                    + "again (set by movedata runs)"));

    private static final long DEFAULT_SPLIT_MB = 256;

    /** Every option this source reads, as documented: the DOCUMENTATION keys, the S3 settings and Spark's path. */
    private static final List<String> KNOWN = Stream.concat(DOCUMENTATION.keySet().stream(),
            Stream.of(StoreLocation.ENDPOINT, StoreLocation.REGION, StoreLocation.PATH_STYLE, StoreLocation.ACCESS_KEY,
                    StoreLocation.SECRET_KEY, PATH)).sorted(String.CASE_INSENSITIVE_ORDER).toList();

    private ReadOptions() {}

    /**
     * Parses options (keys are case-insensitive). The location is option {@code backup} or the path
     * given to {@code load(path)}.
     *
     * @throws IllegalArgumentException naming the option that is unknown (with the known one it was
     *         most likely meant to be), missing or malformed
     */
    public static ReadRequest parse(Map<String, String> raw) {
        checkKnown(raw.keySet());
        Map<String, String> options = new HashMap<>();
        raw.forEach((k, v) -> options.put(k.toLowerCase(Locale.ROOT), v));
        String location = location(options);
        Map<String, String> storeSettings = new HashMap<>();
        for (String key : List.of(StoreLocation.ENDPOINT, StoreLocation.REGION, StoreLocation.PATH_STYLE,
                StoreLocation.ACCESS_KEY, StoreLocation.SECRET_KEY)) {
            String value = get(options, key);
            if (value != null) {
                storeSettings.put(key, value);
            }
        }
        StoreLocation store = StoreLocation.parse(location, storeSettings);
        String table = required(options, TABLE);
        String tableProblem = SourceTable.nameProblem(table);
        if (tableProblem != null) {
            throw new IllegalArgumentException("Option '" + TABLE + "': " + tableProblem);
        }
        int dot = table.indexOf('.');
        Consistency consistency = Consistency.parse(getOrDefault(options, CONSISTENCY, Consistency.LOCAL_QUORUM.name()));
        long splitMb = positiveLong(options, SPLIT_SIZE_MB, DEFAULT_SPLIT_MB);
        String cells = getOrDefault(options, CELL_METADATA, "");
        List<String> cellMetadata = Arrays.stream(cells.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Instant reference = instant(options, REFERENCE_TIME);
        Instant asOf = instant(options, AS_OF);
        if (asOf != null && get(options, NAME) != null) {
            throw new IllegalArgumentException("Options '" + NAME + "' and '" + AS_OF + "' exclude each other: give one");
        }
        Duration skewWindow = null;
        String skewText = get(options, SKEW_WINDOW);
        if (skewText != null) {
            try {
                skewWindow = Durations.parse(skewText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Option '" + SKEW_WINDOW + "': " + e.getMessage(), e);
            }
        }
        int precision = (int) positiveLong(options, DECIMAL_PRECISION, SparkTypes.DecimalSpec.DEFAULT.precision());
        int scale = (int) nonNegativeLong(options, DECIMAL_SCALE, SparkTypes.DecimalSpec.DEFAULT.scale());
        if (precision > 38 || scale > precision) {
            throw new IllegalArgumentException("Options '" + DECIMAL_PRECISION + "'/'" + DECIMAL_SCALE
                    + "' must satisfy 0 <= scale <= precision <= 38, found " + precision + "/" + scale);
        }
        return new ReadRequest(store, get(options, NAME), asOf, skewWindow, get(options, SELECTION_ID), table.substring(0, dot), table.substring(dot + 1), consistency,
                get(options, DATACENTER), splitMb * 1024 * 1024, Boolean.parseBoolean(getOrDefault(options, ROW_WRITETIME, "false")),
                cellMetadata, reference, new SparkTypes.DecimalSpec(precision, scale));
    }

    /**
     * A misspelt option would otherwise be ignored and the read run with the default instead (a
     * consistency level, a backup name), so every key must be one this source reads.
     */
    private static void checkKnown(Set<String> keys) {
        // Several paths are refused by location(), with their own message.
        Set<String> known = new HashSet<>(Set.of(PATHS));
        KNOWN.forEach(name -> known.add(name.toLowerCase(Locale.ROOT)));
        List<String> unknown = keys.stream().filter(key -> !known.contains(key.toLowerCase(Locale.ROOT))).sorted().toList();
        if (unknown.isEmpty()) {
            return;
        }
        List<String> described = new ArrayList<>();
        boolean allNear = true;
        for (String key : unknown) {
            Optional<String> near = ClosestName.of(key, KNOWN);
            allNear &= near.isPresent();
            described.add("'" + key + "'" + near.map(name -> " (did you mean '" + name + "'?)").orElse(""));
        }
        throw new IllegalArgumentException("Unknown option" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", described)
                + " of the " + CassandraBackupSource.SHORT_NAME + " data source"
                + (allNear ? "" : "; its options: " + String.join(", ", KNOWN)));
    }

    /** Option {@code backup}, or the one path given to {@code load}; the same location given both ways is fine. */
    private static String location(Map<String, String> options) {
        String paths = get(options, PATHS);
        if (paths != null) {
            throw new IllegalArgumentException("The " + CassandraBackupSource.SHORT_NAME + " data source reads one backup "
                    + "location; load() was given several: " + paths);
        }
        String backup = get(options, BACKUP);
        String path = get(options, PATH);
        if (backup != null && path != null && !backup.trim().equals(path.trim())) {
            throw new IllegalArgumentException("Option '" + BACKUP + "' (" + backup.trim() + ") and the path given to load() ("
                    + path.trim() + ") differ: give the backup location once");
        }
        return path != null && backup == null ? path.trim() : required(options, BACKUP);
    }

    private static Instant instant(Map<String, String> options, String key) {
        String text = get(options, key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Option '" + key + "' must be an ISO-8601 instant such as "
                    + "2026-11-20T00:00:00Z, found '" + text + "'", e);
        }
    }

    /** The executor directory for fetched SSTables. */
    public static String localDirectory(Map<String, String> raw) {
        String value = raw(raw, LOCAL_DIRECTORY);
        return value == null ? System.getProperty("java.io.tmpdir") : value;
    }

    /** The id of the run's read metrics, or null. */
    static String metricsId(Map<String, String> raw) {
        return raw(raw, METRICS_ID);
    }

    private static String raw(Map<String, String> raw, String key) {
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null && !e.getValue().isBlank()) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String get(Map<String, String> options, String key) {
        String value = options.get(key.toLowerCase(Locale.ROOT));
        return value == null || value.isBlank() ? null : value;
    }

    private static String getOrDefault(Map<String, String> options, String key, String fallback) {
        String value = get(options, key);
        return value == null ? fallback : value;
    }

    private static String required(Map<String, String> options, String key) {
        String value = get(options, key);
        if (value == null) {
            throw new IllegalArgumentException("Option '" + key + "' is required: " + DOCUMENTATION.get(key));
        }
        return value.trim();
    }

    private static long positiveLong(Map<String, String> options, String key, long fallback) {
        long value = nonNegativeLong(options, key, fallback);
        if (value == 0) {
            throw new IllegalArgumentException("Option '" + key + "' must be a positive integer, found 0");
        }
        return value;
    }

    private static long nonNegativeLong(Map<String, String> options, String key, long fallback) {
        String value = get(options, key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option '" + key + "' must be a non-negative integer, found '" + value + "'", e);
        }
    }
}
