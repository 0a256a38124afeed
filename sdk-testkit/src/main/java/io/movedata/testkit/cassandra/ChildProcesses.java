package io.movedata.testkit.cassandra;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node processes this JVM started and has not seen exit. One shutdown hook kills them when the
 * JVM exits without closing its clusters (a test run interrupted, System.exit in a test). A JVM
 * killed outright runs no hook; {@link NodeMain} covers that case from the node's side.
 */
final class ChildProcesses {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "cassandra-nodes-killer"));
    }

    private ChildProcesses() {}

    static void register(Process process) {
        RUNNING.add(process);
        process.onExit().thenAccept(RUNNING::remove);
    }

    private static void killAll() {
        for (Process process : RUNNING) {
            process.destroyForcibly();
        }
    }
}
