package io.movedata.runtime.iceberg;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.jdk.javaapi.CollectionConverters;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.util.Secrets;

/**
 * An Iceberg catalog in a Spark session: its name there and its Iceberg catalog properties, for
 * example {@code type=hadoop} and {@code warehouse}, or {@code type=rest} and {@code uri}, or
 * {@code catalog-impl} and its own settings.
 *
 * @param name the catalog's name in the session, the first part of {@code name.namespace.table}
 * @param properties the Iceberg catalog properties
 */
public record CatalogSettings(String name, Map<String, String> properties) {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogSettings.class);

    /**
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the name is not an identifier
     */
    public CatalogSettings {
        String problem = name == null ? "expected an identifier, found none" : Identifiers.problem(name, false);
        if (problem != null) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Catalog name: " + problem);
        }
        Objects.requireNonNull(properties, "properties");
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * The catalogs a table name may start with in {@code spark}: the built-in {@code spark_catalog}
     * and each {@code spark.sql.catalog.<name>} configured, sorted.
     */
    public static Set<String> names(SparkSession spark) {
        Set<String> names = new TreeSet<>();
        names.add("spark_catalog");
        for (String key : CollectionConverters.asJava(spark.conf().getAll()).keySet()) {
            if (key.matches("spark\\.sql\\.catalog\\.[^.]+")) {
                names.add(key.substring("spark.sql.catalog.".length()));
            }
        }
        return names;
    }

    /** A Hadoop catalog whose tables live under {@code warehouse}, a local directory or any Hadoop file system path. */
    public static CatalogSettings hadoop(String name, Path warehouse) {
        return new CatalogSettings(name, Map.of("type", "hadoop", "warehouse", warehouse.toAbsolutePath().toString()));
    }

    /**
     * Registers the catalog in the session: {@code spark.sql.catalog.<name>} is Iceberg's
     * {@link SparkCatalog} and each property becomes {@code spark.sql.catalog.<name>.<key>}.
     * Registering the same settings again is harmless.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the session already has a different
     *         value for one of them: Spark initializes a catalog once per session, so the change would
     *         be silently ignored and the tables written elsewhere
     */
    public void register(SparkSession spark) {
        Map<String, String> settings = sparkSettings();
        Map<String, String> missing = new TreeMap<>();
        settings.forEach((key, value) -> {
            String current = spark.conf().getOption(key).getOrElse(() -> null);
            if (current == null) {
                missing.put(key, value);
            } else if (!current.equals(value)) {
                // Names only: a catalog's values may be tokens and keys.
                throw new MovedataException(ErrorKind.INVALID_INPUT, "Catalog '" + name + "' is already configured in this Spark session "
                        + "with another value of " + key + "; use another catalog name or a new session");
            }
        });
        redactSecrets(spark);
        missing.forEach((key, value) -> {
            if (Secrets.named(key)) {
                // Spark masks a setting in its event log's job properties only when the session started with it.
                LOG.warn("Catalog setting {} is set on the running Spark session, so Spark's event log records its value "
                        + "unmasked; start the session with it (spark-submit --conf {}=...)", key, key);
            }
            spark.conf().set(key, value);
        });
    }

    /**
     * The session settings that configure the catalog: {@code spark.sql.catalog.<name>} is Iceberg's
     * {@link SparkCatalog} and each property becomes {@code spark.sql.catalog.<name>.<key>}. A session
     * started with them (as movedata starts its own) masks the secret ones everywhere Spark shows them.
     */
    public Map<String, String> sparkSettings() {
        String prefix = "spark.sql.catalog." + name;
        Map<String, String> settings = new TreeMap<>();
        settings.put(prefix, SparkCatalog.class.getName());
        properties.forEach((key, value) -> settings.put(prefix + "." + key, value));
        return settings;
    }

    /**
     * The properties become runtime SQL settings, which every SQL execution lists (Spark UI, event
     * log) with only the values Spark's redaction patterns match masked; Spark's defaults miss
     * {@code s3.access-key-id}, {@code credential} and session tokens. Extends the session's pattern
     * with {@link Secrets#SPARK_REDACTION_REGEX}.
     */
    private static void redactSecrets(SparkSession spark) {
        String key = "spark.sql.redaction.options.regex";
        String current = spark.conf().get(key);
        if (!current.contains(Secrets.SPARK_REDACTION_REGEX)) {
            spark.conf().set(key, current + "|" + Secrets.SPARK_REDACTION_REGEX);
        }
    }

    @Override
    public String toString() {
        return "CatalogSettings[name=" + name + ", properties=" + Secrets.masked(properties) + "]";
    }
}
