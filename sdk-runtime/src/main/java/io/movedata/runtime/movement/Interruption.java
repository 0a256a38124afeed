package io.movedata.runtime.movement;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkContext;

/**
 * Lets a run end in order when the JVM is asked to stop (SIGTERM, Ctrl-C): a shutdown hook cancels
 * the run's Spark jobs, so the write under way fails at once and the sink restores every table,
 * and holds the shutdown, for at most {@link #GRACE}, until the run has written its report and its
 * caller has heard the outcome ({@link #close}).
 *
 * <p>The hook is one of Hadoop's, which runs its hooks one at a time by priority: this one before
 * Spark's (which stops the session) and before Hadoop's file systems close (which the catalog
 * writes through). A plain JVM hook would run alongside them.
 */
final class Interruption implements AutoCloseable {
    /** How long a shutdown waits for the run; Kubernetes, for one, kills after 30 s by default. */
    static final Duration GRACE = Duration.ofSeconds(25);
    /** Above Spark's hook (Hadoop's FileSystem priority 10 + 30) and the file systems' (10). */
    private static final int PRIORITY = 50;

    /** Spark's thread-local switch for interrupting the tasks of a cancelled job. */
    private static final String INTERRUPT_ON_CANCEL = "spark.job.interruptOnCancel";

    private final SparkContext context;
    private final String jobTag;
    private final String interruptOnCancel;
    private final CountDownLatch over = new CountDownLatch(1);
    private final Runnable hook = this::stopRun;
    private volatile boolean requested;

    private Interruption(SparkContext context, String jobTag) {
        this.context = context;
        this.jobTag = jobTag;
        this.interruptOnCancel = context.getLocalProperty(INTERRUPT_ON_CANCEL);
    }

    /**
     * Watches for a shutdown while the calling thread runs a movement: its Spark jobs from now on
     * carry the tag {@code movedata-<runId>}, which a shutdown cancels, interrupting their tasks.
     * A job group the caller set stays as it is.
     */
    static Interruption watch(SparkContext context, String runId) {
        Interruption interruption = new Interruption(context, "movedata-" + runId);
        context.addJobTag(interruption.jobTag);
        context.setInterruptOnCancel(true);
        ShutdownHookManager.get().addShutdownHook(interruption.hook, PRIORITY, GRACE.toSeconds(), TimeUnit.SECONDS);
        return interruption;
    }

    /** Whether the JVM has asked the run to stop. */
    boolean requested() {
        return requested;
    }

    private void stopRun() {
        requested = true;
        if (!context.isStopped()) {
            context.cancelJobsWithTag(jobTag);
        }
        try {
            over.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run is over and its outcome told: a shutdown may go on; without one, the hook is removed. */
    @Override
    public void close() {
        over.countDown();
        context.removeJobTag(jobTag);
        context.setLocalProperty(INTERRUPT_ON_CANCEL, interruptOnCancel);
        ShutdownHookManager manager = ShutdownHookManager.get();
        if (!manager.isShutdownInProgress()) {
            manager.removeShutdownHook(hook);
        }
    }
}
