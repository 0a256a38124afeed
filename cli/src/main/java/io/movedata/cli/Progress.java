package io.movedata.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress display for a running movement, fed by a {@link ProgressSnapshot} supplier it polls.
 * On a terminal it redraws one line every 250 ms (a bar of splits done out of planned, rows, MB/s,
 * elapsed time); elsewhere (a pipe, a file, CI, {@code TERM=dumb}) it prints a plain log line every
 * 10 s. Either way {@link #close()} prints a final line.
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
            draw(true);
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

    /** Draws one line; false when the supplier failed (the failure is kept for {@link #close()}). */
    private boolean draw(boolean last) {
        ProgressSnapshot snapshot;
        try {
            snapshot = source.get();
        } catch (RuntimeException e) {
            sourceFailure = e;
            return false;
        }
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startedNanos);
        if (terminal) {
            out.print(REDRAW + terminalLine(snapshot, elapsed) + (last ? System.lineSeparator() : ""));
        } else {
            out.println(logLine(snapshot, elapsed, last));
        }
        out.flush();
        return true;
    }

    /** {@code [#########.....................]  12/40 splits  1,234,567 rows  45.6 MB/s  1:23}. */
    static String terminalLine(ProgressSnapshot s, Duration elapsed) {
        return bar(s.splitsDone(), s.splitsTotal(), BAR_WIDTH) + "  " + s.splitsDone() + "/" + s.splitsTotal() + " splits  "
                + Units.count(s.rows()) + " rows  " + rate(s.bytes(), elapsed) + "  " + Units.clock(elapsed);
    }

    /**
     * {@code progress: 12/40 splits (30%), 1,234,567 rows, 56.0 MiB at 45.6 MB/s, 1:23 elapsed}, or
     * {@code done: ...} for the final line.
     */
    static String logLine(ProgressSnapshot s, Duration elapsed, boolean last) {
        return (last ? "done: " : "progress: ") + s.splitsDone() + "/" + s.splitsTotal() + " splits ("
                + percent(s.splitsDone(), s.splitsTotal()) + "%), " + Units.count(s.rows()) + " rows, "
                + Units.bytes(s.bytes()) + " at " + rate(s.bytes(), elapsed) + ", " + Units.clock(elapsed) + " elapsed";
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
        return String.format(Locale.ROOT, "%.1f MB/s", Units.megabytesPerSecond(bytes, elapsed));
    }
}
