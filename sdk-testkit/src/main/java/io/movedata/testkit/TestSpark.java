package io.movedata.testkit;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session per test JVM (2 cores), for a module's own tests of its transforms:
 * UI off, 2 shuffle partitions, UTC. Stopped when the JVM exits.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("movedata-module-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }
}
