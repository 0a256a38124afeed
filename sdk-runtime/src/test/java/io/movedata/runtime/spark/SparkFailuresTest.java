package io.movedata.runtime.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.iceberg.NoHandlersMetricsServlet;
import io.movedata.runtime.sstable.SSTableReadException;
import io.movedata.runtime.store.ObjectStoreException;

/** Failures thrown on a real Spark executor, as the driver receives them, read back as the user should read them. */
class SparkFailuresTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[1]")
                .appName("SparkFailuresTest")
                .config("spark.ui.enabled", "false")
                .config("spark.metrics.conf.*.sink.servlet.class", NoHandlersMetricsServlet.class.getName())
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** What the driver throws when {@code failure} is thrown while an executor maps a row. */
    private static Throwable failedJob(RuntimeException failure) {
        MapFunction<Integer, Integer> fail = value -> {
            throw failure;
        };
        return catchThrowable(() -> spark.createDataset(List.of(1), Encoders.INT()).map(fail, Encoders.INT()).collectAsList());
    }

    @Test
    void aMovedataExceptionFromAnExecutorIsReportedAsItselfWithItsWholeMessage() {
        BackupException missing = new BackupException("s3://b/p backup 'b1' node n1: object k is listed with 10 bytes but has 3");
        Throwable thrown = failedJob(missing);

        assertThat(thrown.getMessage()).startsWith("Job aborted due to stage failure");
        assertThat(SparkFailures.reported(thrown)).isInstanceOf(BackupException.class).hasMessage(missing.getMessage());
        assertThat(SparkFailures.message(thrown)).isEqualTo(missing.getMessage());
    }

    @Test
    void anotherExceptionFromAnExecutorIsReportedByTheFirstLineOfItsMessageWithoutSparksWrapping() {
        Throwable thrown = failedJob(new UncheckedIOException("Corrupted chunk at 4096 of n1/oa-1-big-Data.db\nsecond line",
                new IOException("checksum mismatch")));

        assertThat(SparkFailures.reported(thrown)).isInstanceOf(UncheckedIOException.class);
        assertThat(SparkFailures.message(thrown)).isEqualTo("Corrupted chunk at 4096 of n1/oa-1-big-Data.db");
    }

    @Test
    void aJobFailureWithoutTheExecutorsExceptionIsCutToThatExceptionsOwnFirstLine() {
        // What the driver has when an executor's exception could not be sent back: only the job's message.
        Throwable thrown = failedJob(new IllegalStateException("Cannot read n1/oa-1-big-Statistics.db: bad header"));
        Exception messageOnly = new RuntimeException(thrown.getMessage());

        assertThat(thrown.getMessage()).contains("Driver stacktrace:");
        assertThat(SparkFailures.message(messageOnly))
                .isEqualTo("java.lang.IllegalStateException: Cannot read n1/oa-1-big-Statistics.db: bad header");
    }

    @Test
    void aMovedataMessageQuotingSparksJobFailureKeepsOnlyTheExecutorsWords() {
        Throwable job = failedJob(new BackupException("corrupt SSTable file n1/oa-1-big-Data.db of node 'n1'"));
        String firstLine = job.getMessage().lines().findFirst().orElseThrow();
        BackupException quoting = new BackupException("Writing table ks.t failed: SparkException: " + firstLine
                + ". Restored: dropped table ks.t, which this run created.");

        assertThat(SparkFailures.message(quoting)).isEqualTo("Writing table ks.t failed: corrupt SSTable file n1/oa-1-big-Data.db "
                + "of node 'n1'. Restored: dropped table ks.t, which this run created.");
    }

    @Test
    void aMovedataMessageQuotingAnotherOnSeveralLinesIsOneLine() {
        BackupException quoting = new BackupException("Cannot reach JMX at 127.0.0.1:7199: nested exception is: \n"
                + "\tjava.net.ConnectException: Connection refused");

        assertThat(SparkFailures.message(quoting))
                .isEqualTo("Cannot reach JMX at 127.0.0.1:7199: nested exception is: java.net.ConnectException: Connection refused");
    }

    @Test
    void aMovedataExceptionWrappingAnotherIsReportedAsTheOuterOne() {
        BackupException outer = new BackupException("Backup location s3://nobucket/p does not exist: there is no bucket 'nobucket'",
                new io.movedata.runtime.store.ObjectStoreException("Cannot list s3://nobucket/p/: The specified bucket does not exist",
                        new IllegalStateException("404")));

        assertThat(SparkFailures.reported(new IllegalStateException("wrapper", outer))).isSameAs(outer);
        assertThat(SparkFailures.message(outer)).isEqualTo(outer.getMessage());
    }

    @Test
    void aFailedWriteIsReportedByWhatItRestoredAndTheExecutorsWords() {
        Throwable job = failedJob(new BackupException("node 'n1' object k/oa-1-big-Data.db: MD5 is 9f but the manifest lists b1"));
        BackupException write = new BackupException("Writing table ks.t failed: SparkException: "
                + job.getMessage().lines().findFirst().orElseThrow() + ". Restored: dropped table ks.t, which this run created.", job);

        assertThat(SparkFailures.reported(write)).isSameAs(write);
        assertThat(SparkFailures.message(write)).isEqualTo("Writing table ks.t failed: node 'n1' object k/oa-1-big-Data.db: "
                + "MD5 is 9f but the manifest lists b1. Restored: dropped table ks.t, which this run created.");
    }

    @Test
    void aMovedataExceptionFromAnExecutorKeepsItsKind() {
        Throwable thrown = failedJob(new SSTableReadException("node 'n1' object k/oa-1-big-Data.db: truncated at byte 4096"));

        assertThat(ErrorKind.of(thrown)).isEqualTo(ErrorKind.UNREADABLE_SOURCE);
        assertThat(ErrorKind.of(SparkFailures.reported(thrown))).isEqualTo(ErrorKind.UNREADABLE_SOURCE);
    }

    @Test
    void anotherExceptionFromAnExecutorIsInternal() {
        Throwable thrown = failedJob(new NullPointerException("Cannot invoke \"String.length()\" because \"name\" is null"));

        assertThat(ErrorKind.of(thrown)).isEqualTo(ErrorKind.INTERNAL);
        assertThat(SparkFailures.message(thrown)).isEqualTo("Cannot invoke \"String.length()\" because \"name\" is null");
    }

    @Test
    void theOutermostMovedataExceptionInTheCauseChainDecidesTheKind() {
        BackupException write = new BackupException("Writing table ks.t failed",
                new IllegalStateException("wrapper", new ObjectStoreException("Cannot read s3://b/k: connection reset")));

        assertThat(ErrorKind.of(write)).isEqualTo(ErrorKind.UNREADABLE_SOURCE);
        assertThat(ErrorKind.of(new IllegalStateException("wrapper", write.getCause().getCause()))).isEqualTo(ErrorKind.EXTERNAL);
    }

    @Test
    void withoutAMessageTheClassNames() {
        assertThat(SparkFailures.message(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
    }
}
