package io.movedata.testkit.spark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of the JVMs a {@link SparkStandaloneCluster} starts: {@code DaemonMain <main class>
 * <its arguments>} runs Spark's own {@code main} (the Master, a Worker, SparkSubmit), plus a
 * watchdog that halts the JVM when the JVM that started it is gone. The parent holds the write end
 * of this process's standard input and never writes to it, so end-of-input means the parent exited,
 * however it died (a test JVM killed by a timeout runs no shutdown hook). A halted worker takes its
 * executors and drivers with it: each watches its worker (Spark's {@code WorkerWatcher}) and exits
 * when the worker's RPC endpoint disappears.
 *
 * <p>It depends on nothing but the JDK: the class path is a Spark distribution's jars and this one
 * class, copied out by {@link SparkStandaloneCluster}.
 */
public final class DaemonMain {
    /** Exit status of a daemon halted because its parent is gone. */
    static final int ORPHANED = 143;

    private DaemonMain() {}

    public static void main(String[] args) throws ReflectiveOperationException {
        Thread watchdog = new Thread(() -> haltAtEndOf(System.in), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void haltAtEndOf(InputStream parentPipe) {
        try {
            while (parentPipe.read() >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as its end: the parent is gone
        }
        Runtime.getRuntime().halt(ORPHANED);
    }
}
