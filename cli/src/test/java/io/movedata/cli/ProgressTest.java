package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The progress display's lines, and what it prints when it closes; never its timing. */
class ProgressTest {

    @Test
    void barFillsInProportionToSplitsDone() {
        assertThat(Progress.bar(0, 40, 10)).isEqualTo("[..........]");
        assertThat(Progress.bar(12, 40, 10)).isEqualTo("[###.......]");
        assertThat(Progress.bar(40, 40, 10)).isEqualTo("[##########]");
    }

    @Test
    void barIsEmptyWhilePlanningAndNeverOverflows() {
        assertThat(Progress.bar(0, 0, 5)).isEqualTo("[.....]");
        assertThat(Progress.bar(50, 40, 5)).isEqualTo("[#####]");
    }

    @Test
    void terminalLineShowsBarSplitsRowsRateAndElapsed() {
        ProgressSnapshot snapshot = new ProgressSnapshot(12, 40, 1_234_567, 456_000_000);

        assertThat(Progress.terminalLine(snapshot, Duration.ofSeconds(83)))
                .isEqualTo("[#########.....................]  12/40 splits  1,234,567 rows  5.2 MiB/s  1:23");
    }

    @Test
    void logLineSaysTheSameInWords() {
        ProgressSnapshot snapshot = new ProgressSnapshot(12, 40, 1_234_567, 58_720_256);

        assertThat(Progress.logLine(snapshot, Duration.ofSeconds(10), false))
                .isEqualTo("progress: 12/40 splits (30%), 1,234,567 rows, 56.0 MiB at 5.6 MiB/s, 0:10 elapsed");
        assertThat(Progress.logLine(new ProgressSnapshot(40, 40, 9, 0), Duration.ofHours(1).plusSeconds(62), true))
                .isEqualTo("done: 40/40 splits (100%), 9 rows, 0 B at 0 B/s, 1:01:02 elapsed");
    }

    @Test
    void rateIsZeroBeforeAnyTimeHasPassed() {
        assertThat(Progress.terminalLine(new ProgressSnapshot(0, 0, 0, 1000), Duration.ZERO))
                .isEqualTo("[..............................]  0/0 splits  0 rows  0 B/s  0:00");
    }

    @Test
    void aTerminalIsAConsoleWhoseTermIsNotDumb() {
        assertThat(Progress.isTerminal(true, "xterm-256color")).isTrue();
        assertThat(Progress.isTerminal(true, null)).isTrue();
        assertThat(Progress.isTerminal(true, "dumb")).isFalse();
        assertThat(Progress.isTerminal(false, "xterm")).isFalse();
    }

    @Test
    void closePrintsTheFinalLogLineWithTheDisplaysOwnElapsedTime() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Progress progress = new Progress(() -> new ProgressSnapshot(3, 3, 300, 3_000_000), new PrintStream(bytes, true),
                false, clock::get).start();
        clock.addAndGet(Duration.ofSeconds(3).toNanos());

        progress.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("done: 3/3 splits (100%), 300 rows, 2.9 MiB at 976.6 KiB/s, 0:03 elapsed" + System.lineSeparator());
    }

    @Test
    void onATerminalTheFinalLineReplacesTheLastDrawAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        Progress progress = new Progress(() -> new ProgressSnapshot(1, 2, 5, 0), new PrintStream(bytes, true),
                true, clock::get).start();

        progress.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("\r\u001b[K[###############...............]"
                + "  1/2 splits  5 rows  0 B/s  0:00" + System.lineSeparator());
    }

    @Test
    void whenNothingWasPlannedCloseLeavesNoLine() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        Progress logged = new Progress(() -> new ProgressSnapshot(0, 0, 0, 0), new PrintStream(log, true), false, clock::get).start();
        Progress drawn = new Progress(() -> new ProgressSnapshot(0, 0, 0, 0), new PrintStream(terminal, true), true, clock::get).start();

        logged.close();
        drawn.close();

        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
        // Whatever was drawn while planning is erased, and nothing follows.
        assertThat(terminal.toString(StandardCharsets.UTF_8)).endsWith("\r\u001b[K").doesNotContain("done");
    }

    @Test
    void aFailingSourceIsReportedByClose() {
        Progress progress = new Progress(() -> {
            throw new IllegalStateException("metrics gone");
        }, new PrintStream(new ByteArrayOutputStream()), false, System::nanoTime).start();

        assertThatThrownBy(progress::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("metrics gone").hasRootCauseMessage("metrics gone");
    }
}
