package io.movedata.cli;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.spark.NioLocalFileSystem;
import io.movedata.runtime.util.Secrets;

/**
 * The Spark session of the commands that read data. Launched by spark-submit, the session runs
 * where spark-submit says (master, application name, UI and logging are the cluster's); launched
 * any other way, it is Spark in this JVM: {@code local[2]}, UI off, logging as log4j2.properties says
 * (quiet but for movedata's warnings; {@code --verbose} for Spark's).
 *
 * <p>One session per JVM, started on first use and kept for later commands of the same JVM (tests
 * run many); {@link MovedataCli#main} stops it.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    /** The session, started on first use. */
    static SparkSession session() {
        return session(null, null);
    }

    /**
     * The session, started on first use with a movement's Spark settings: its master (local runs
     * only; default {@code local[2]}) and configuration, and its catalog's settings, which Spark
     * then masks where it shows them (a catalog registered later is masked in fewer places). Settings
     * of a later movement in the same JVM do not change a session already started.
     */
    static synchronized SparkSession session(MovementSpec.SparkSettings settings, CatalogSettings catalog) {
        if (session == null && SparkSession.getDefaultSession().isDefined()) {
            // Embedded in an application (or a test suite) that has its session: use it as it is, since
            // builder settings applied to an existing session would change it for its owner too.
            return SparkSession.getDefaultSession().get();
        }
        if (session == null) {
            SparkSession.Builder builder = SparkSession.builder()
                    // Timestamps and dates as java.time values: printed in ISO-8601 whatever the JVM's zone.
                    .config("spark.sql.datetime.java8API.enabled", "true");
            boolean local = !launchedBySparkSubmit();
            if (local) {
                String master = settings != null && settings.master() != null ? settings.master() : "local[2]";
                builder.appName("movedata").master(master).config("spark.ui.enabled", "false")
                        // Spark's default misses Iceberg's s3.access-key-id, credential and session tokens.
                        .config("spark.redaction.regex", Secrets.SPARK_REDACTION_REGEX)
                        // In this JVM only: a cluster's executors may not load a file system from movedata's jar.
                        .config(NioLocalFileSystem.SPARK_SETTING, NioLocalFileSystem.class.getName());
                if (catalog != null) {
                    catalog.sparkSettings().forEach(builder::config);
                }
            }
            if (settings != null && settings.config() != null) {
                settings.config().forEach(builder::config);
            }
            session = builder.getOrCreate();
        }
        return session;
    }

    /**
     * Whether spark-submit started this JVM's main: it passes every Spark setting, the master
     * included, as a system property.
     */
    static boolean launchedBySparkSubmit() {
        return System.getProperty("spark.master") != null;
    }

    /** Stops the session if a command started one. */
    static synchronized void stopIfStarted() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }
}
