package io.movedata.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/** The queries a session completes while an action runs, for looking at their executed plans afterwards. */
public final class QueryExecutions {
    private final SparkSession spark;
    private final List<QueryExecution> executed = new ArrayList<>();

    public QueryExecutions(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * Runs {@code action}, recording every query the session completes meanwhile.
     *
     * @throws IllegalStateException when Spark's listeners have not heard of the queries within its timeout
     */
    public <T> T during(Supplier<T> action) {
        QueryExecutionListener listener = new QueryExecutionListener() {
            @Override
            public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
                synchronized (executed) {
                    executed.add(qe);
                }
            }

            @Override
            public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
        };
        spark.listenerManager().register(listener);
        try {
            T result = action.get();
            try {
                // Listeners hear of queries asynchronously.
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (TimeoutException e) {
                throw new IllegalStateException("Spark's listeners did not hear of the queries", e);
            }
            return result;
        } finally {
            spark.listenerManager().unregister(listener);
        }
    }

    /** The queries recorded so far. */
    public List<QueryExecution> executed() {
        synchronized (executed) {
            return List.copyOf(executed);
        }
    }
}
