package io.movedata.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/** The queries the shared session runs while an action runs, for looking at their executed plans afterwards. */
public final class QueryExecutions {
    private final List<QueryExecution> executed = new ArrayList<>();

    /** Runs {@code action}, recording every query the session completes meanwhile. */
    public <T> T during(Supplier<T> action) throws TimeoutException {
        SparkSession spark = SharedSpark.session();
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
            spark.sparkContext().listenerBus().waitUntilEmpty();
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
