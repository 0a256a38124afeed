package io.movedata.testkit.cassandra;

import java.io.IOException;
import java.io.InputStream;

import org.apache.cassandra.service.CassandraDaemon;

/**
 * Entry point of a node's JVM: Cassandra's own {@link CassandraDaemon}, plus a watchdog that halts
 * the node when the JVM that started it is gone. The parent holds the write end of this process's
 * standard input and never writes to it, so end-of-input means the parent exited, however it died
 * (a test JVM killed by a timeout runs no shutdown hook). Without this an orphaned node would keep
 * its heap and ports until someone found it.
 */
final class NodeMain {
    /** Exit status of a node halted because its parent is gone. */
    static final int ORPHANED = 143;

    private NodeMain() {}

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> haltAtEndOf(System.in), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        CassandraDaemon.main(args);
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
