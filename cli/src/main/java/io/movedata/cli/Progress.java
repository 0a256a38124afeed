package io.movedata.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.movedata.runtime.store.ByteSizes;

/**
 * A progress display for a running movement, fed by a {@link ProgressSnapshot} supplier it polls.
 * On a terminal it redraws one line every 250 ms (a bar of splits done out of planned, rows, bytes
 * per second, elapsed time); elsewhere (a pipe, a file, CI, {@code TERM=dumb}) it prints a plain log
 * line every 10 s. Either way {@link #close()} prints a final line, unless nothing was planned (a
 * movement whose tables were up to date reads nothing): then it leaves no line at all.
 *
 * <pre>{@code
 * try (Progress progress = Progress.onStdout(metrics::snapshot).start()) {
 *     movement.run();
 * }
 * }</pre>
 *
 * Elapsed time is the display's own, counted from {@link #start()}. The formatting is in pure static
 * methods; the drawing runs on one daemon thread, so a display never keeps the JVM alive.
 */
public final class Progress implements AutoCloseable {
    static final Duration REDRAW_INTERVAL = Duration.ofMillis(250);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    static final int BAR_WIDTH = 30;
    /** Carriage return, then erase to the end of the line: the next draw replaces the last. */
    private static final String REDRAW = "\r\u001b[K";

    private final Supplier<ProgressSnapshot> source;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    private Thread drawer;
    private long startedNanos;
    private boolean closed;
    private RuntimeException sourceFailure;

    /**
     * A display on {@code out}.
     *
     * @param terminal whether {@code out} is a terminal that can redraw a line (see {@link #isTerminal})
     * @param nanoTime the clock elapsed time is measured with
     */
    Progress(Supplier<ProgressSnapshot> source, PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.source = Objects.requireNonNull(source, "source");
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** A display on standard output, redrawing when it is a terminal. */
    public static Progress onStdout(Supplier<ProgressSnapshot> source) {
        return new Progress(source, System.out, isTerminal(System.console() != null, System.getenv("TERM")), System::nanoTime);
    }

    /** Whether a line can be redrawn: there is a console and its {@code TERM} is not {@code dumb}. */
    static boolean isTerminal(boolean hasConsole, String term) {
        return hasConsole && !"dumb".equals(term);
    }

    /**
     * Starts the clock and the drawing thread.
     *
     * @throws IllegalStateException when already started
     */
    public Progress start() {
        synchronized (lock) {
            if (drawer != null) {
                throw new IllegalStateException("Progress display already started");
            }
            startedNanos = nanoTime.getAsLong();
            drawer = new Thread(this::drawUntilClosed, "movedata-progress");
            drawer.setDaemon(true);
            drawer.start();
        }
        return this;
    }

    /**
     * Stops drawing and prints the final line.
     *
     * @throws IllegalStateException when the snapshot supplier failed, with its exception as the cause
     */
    @Override
    public void close() {
        Thread thread;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            thread = drawer;
            lock.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread != null && sourceFailure == null) {
            drawLast();
        }
        if (sourceFailure != null) {
            throw new IllegalStateException("The progress display could not read the movement's progress: "
                    + sourceFailure.getMessage(), sourceFailure);
        }
    }

    private void drawUntilClosed() {
        long interval = (terminal ? REDRAW_INTERVAL : LOG_INTERVAL).toMillis();
        synchronized (lock) {
            while (!closed) {
                try {
                    lock.wait(interval);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed && !draw(false)) {
                    return;
                }
            }
        }
    }

    /** The final line; when nothing was planned, none, and a line drawn on a terminal is erased. */
    private void drawLast() {
        ProgressSnapshot snapshot = snapshot();
        if (snapshot == null) {
            return;
        }
        if (snapshot.splitsTotal() == 0) {
            if (terminal) {
                out.print(REDRAW);
                out.flush();
            }
            return;
        }
        draw(snapshot, true);
    }

    /** Draws one line; false when the supplier failed (the failure is kept for {@link #close()}). */
    private boolean draw(boolean last) {
        ProgressSnapshot snapshot = snapshot();
        if (snapshot != null) {
            draw(snapshot, last);
        }
        return snapshot != null;
    }

    /** The supplier's snapshot, or null when it failed (the failure is kept for {@link #close()}). */
    private ProgressSnapshot snapshot() {
        try {
            return source.get();
        } catch (RuntimeException e) {
            sourceFailure = e;
            return null;
        }
    }

    private void draw(ProgressSnapshot snapshot, boolean last) {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startedNanos);
        if (terminal) {
            out.print(REDRAW + terminalLine(snapshot, elapsed) + (last ? System.lineSeparator() : ""));
        } else {
            out.println(logLine(snapshot, elapsed, last));
        }
        out.flush();
    }

    /** {@code [#########.....................]  12/40 splits  1,234,567 rows  45.6 MiB/s  1:23}. */
    static String terminalLine(ProgressSnapshot s, Duration elapsed) {
        return bar(s.splitsDone(), s.splitsTotal(), BAR_WIDTH) + "  " + s.splitsDone() + "/" + s.splitsTotal() + " splits  "
                + Units.count(s.rows()) + " rows  " + rate(s.bytes(), elapsed) + "  " + Units.clock(elapsed);
    }

    /**
     * {@code progress: 12/40 splits (30%), 1,234,567 rows, 56.0 MiB at 45.6 MiB/s, 1:23 elapsed}, or
     * {@code done: ...} for the final line.
     */
    static String logLine(ProgressSnapshot s, Duration elapsed, boolean last) {
        return (last ? "done: " : "progress: ") + s.splitsDone() + "/" + s.splitsTotal() + " splits ("
                + percent(s.splitsDone(), s.splitsTotal()) + "%), " + Units.count(s.rows()) + " rows, "
                + ByteSizes.text(s.bytes()) + " at " + rate(s.bytes(), elapsed) + ", " + Units.clock(elapsed) + " elapsed";
    }

    /** {@code [#####.....]}: {@code width} cells, filled in proportion to done/total (empty while total is 0). */
    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.max(0, done) * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    private static long percent(long done, long total) {
        return total <= 0 ? 0 : Math.min(100, done * 100 / total);
    }

    private static String rate(long bytes, Duration elapsed) {
        return ByteSizes.rate(bytes, elapsed);
    }
}
