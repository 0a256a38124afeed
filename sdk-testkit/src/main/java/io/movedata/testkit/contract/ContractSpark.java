package io.movedata.testkit.contract;

import org.apache.spark.sql.SparkSession;

import io.movedata.runtime.spark.NioLocalFileSystem;

/** The session contract tests run their movements in, unless a test brings its own. */
final class ContractSpark {
    private ContractSpark() {}

    /**
     * The active session, else the default one, as they are; else a local[2] one started once per JVM
     * and stopped when it exits.
     */
    static synchronized SparkSession session() {
        SparkSession existing = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
        if (existing != null) {
            // Someone else's session: its settings and its stopping are theirs.
            return existing;
        }
        SparkSession started = SparkSession.builder()
                .master("local[2]")
                .appName("movedata-contract-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                // As `movedata run` has it: a connector's own row encoders then meet java.time values.
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config(NioLocalFileSystem.SPARK_SETTING, NioLocalFileSystem.class.getName())
                .getOrCreate();
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        return started;
    }
}
