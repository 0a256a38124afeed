package io.movedata.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.movedata.testkit.FixtureCluster;

/**
 * One connector's part of {@code movedata demo}: the data it adds to the demo's backup, the
 * movement that moves it, and what it prints of the tables the movement wrote.
 *
 * <p>Mentions sdk-testkit types: only {@link DemoCommand#call()} may load a part (see there).
 */
interface DemoPart {

    /** The connector this part shows, as {@code --connector} names it. */
    String connector();

    /** CQL creating the part's keyspaces and tables in the demo cluster. */
    String schema();

    /**
     * Writes the part's data into the demo cluster.
     *
     * @return what was written, for the line announcing the backup (e.g. "table shop.orders, 2,048 writes, ...")
     */
    String write(FixtureCluster cluster);

    /** The spec file's name in the demo directory, e.g. {@code kv-movement.yaml}. */
    String specFile();

    /**
     * The movement spec, also written to disk as an example to copy.
     *
     * @param source the {@code source:} lines every demo movement shares, up to its tables
     * @param root the demo directory: its warehouse and reports
     */
    String spec(String source, Path root);

    /** What the movement does, shown in its step's heading, e.g. "cassandra-table into demo.shop.orders". */
    String moves();

    /** Prints samples of what the movement wrote, each as the next step. */
    void show(Steps steps, Path root);

    /** Numbered steps of the demo's output. */
    final class Steps {
        private final PrintWriter out;
        private int next = 1;

        Steps(PrintWriter out) {
            this.out = out;
        }

        /** Prints {@code "<n>. <heading>"}. */
        void step(String heading) {
            out.println(next++ + ". " + heading);
            out.flush();
        }

        PrintWriter out() {
            return out;
        }
    }
}
