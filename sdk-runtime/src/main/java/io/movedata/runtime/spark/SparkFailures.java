package io.movedata.runtime.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.movedata.api.MovedataException;

/**
 * What a user is told of a failure. Spark reports an executor's exception wrapped in a job failure
 * whose message repeats the executor's stack trace and appends the driver's; what the user needs is
 * movedata's own message, which names backup, node and object. One rule for the command line and
 * for the movement report; the reported exception's {@link io.movedata.api.ErrorKind} (the same
 * exception's: see {@link io.movedata.api.ErrorKind#of}) decides the exit code and the report's kind.
 */
public final class SparkFailures {
    /** By name: the class is Spark's, and callers that never start Spark must not need it loaded. */
    private static final String SPARK_EXCEPTION = "org.apache.spark.SparkException";
    /**
     * How Spark's job failure introduces the executor's exception, which is all of it worth reading:
     * {@code SparkException: Job aborted due to stage failure: ... most recent failure: Lost task 0.0 in
     * stage 1.0 (TID 1) (host executor driver): io.movedata...BackupException: }; movedata's own class
     * name goes too, another's stays (it says what kind of failure it was).
     */
    private static final Pattern JOB_FAILURE = Pattern.compile("(?:[\\w.]*SparkException: )?Job aborted due to stage failure: "
            + ".*?most recent failure: Lost task \\S+ in stage \\S+ \\(TID \\d+\\) \\([^)]*\\): (?:io\\.movedata\\.[\\w$.]+: )?");
    /** Where a stack trace starts inside a message: the lines from there on are for --verbose. */
    private static final Pattern STACK_TRACE = Pattern.compile("\\R\\s*(?:at \\S+\\(|Driver stacktrace:|Caused by: )");

    private SparkFailures() {}

    /**
     * The exception to report for {@code thrown}: the outermost {@link MovedataException} in its cause chain,
     * else the first that is not merely a wrapper (Spark's job failure, a future's, reflection's), else
     * {@code thrown} itself. A movedata exception that wraps another says more than the inner one
     * (where a missing bucket was looked for; what a failed write restored), and one that quotes Spark's
     * job failure loses the quoted wrapping in {@link #message}.
     */
    public static Throwable reported(Throwable thrown) {
        Throwable firstReal = null;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (isOurs(t)) {
                return t;
            }
            if (firstReal == null && !isWrapper(t)) {
                firstReal = t;
            }
        }
        return firstReal != null ? firstReal : thrown;
    }

    /**
     * One line for {@code thrown}: the message of its {@link #reported} exception, without Spark's
     * job-failure preamble or any stack trace it quotes. A movedata message is kept whole (it is written
     * for the user), its line breaks made spaces; another's is cut to its first line. The class name
     * when there is no message.
     */
    public static String message(Throwable thrown) {
        Throwable reported = reported(thrown);
        String message = reported.getMessage();
        if (message == null || message.isBlank()) {
            return reported.getClass().getName();
        }
        String text = JOB_FAILURE.matcher(message).replaceAll("");
        Matcher stackTrace = STACK_TRACE.matcher(text);
        if (stackTrace.find()) {
            text = text.substring(0, stackTrace.start());
        }
        if (isOurs(reported)) {
            return text.strip().replaceAll("\\s*\\R\\s*", " ");
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static boolean isOurs(Throwable t) {
        return t instanceof MovedataException;
    }

    private static boolean isWrapper(Throwable t) {
        return t.getCause() != null && (t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                || t.getClass().getName().equals(SPARK_EXCEPTION));
    }
}
