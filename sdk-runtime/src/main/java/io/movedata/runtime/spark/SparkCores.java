package io.movedata.runtime.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

import scala.Option;

/**
 * The cores Spark runs a job's tasks on, as automatic split sizing counts them: the larger of
 * Spark's default parallelism (the cores of the executors registered so far, or {@code local[N]}'s
 * N) and the cores the application is configured to get. Executors of a cluster register after
 * the session starts, so a read planned right away would otherwise see too few.
 */
public final class SparkCores {

    private SparkCores() {
    }

    /** Of the active session; this JVM's processors when there is none (plans made outside Spark). */
    public static int available() {
        Option<SparkSession> active = SparkSession.getActiveSession();
        return active.isDefined() ? of(active.get().sparkContext()) : Runtime.getRuntime().availableProcessors();
    }

    public static int of(SparkContext context) {
        return Math.max(1, Math.max(context.defaultParallelism(), configured(context.getConf())));
    }

    /** {@code spark.cores.max} (standalone), or executor instances times executor cores; 0 when neither is set. */
    static int configured(SparkConf conf) {
        int max = conf.getInt("spark.cores.max", 0);
        if (max > 0) {
            return max;
        }
        int executorCores = conf.getInt("spark.executor.cores", 1);
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            int maxExecutors = conf.getInt("spark.dynamicAllocation.maxExecutors", 0);
            return maxExecutors > 0 && maxExecutors < 100_000 ? maxExecutors * executorCores : 0;
        }
        return conf.getInt("spark.executor.instances", 0) * executorCores;
    }
}
