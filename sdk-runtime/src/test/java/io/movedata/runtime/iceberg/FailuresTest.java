package io.movedata.runtime.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.sstable.SSTableReadException;
import io.movedata.runtime.store.ObjectStoreException;

/** Whose fault a failed write is: it decides the report's kind after the tables were restored. */
class FailuresTest {
    @Test
    void aReadThatFailedKeepsItsOwnKindThroughSparksWrapping() {
        RuntimeException jobFailure = new RuntimeException("Job aborted",
                new SSTableReadException("node n1: corrupt SSTable file ks/t-1/oa-1-big-Data.db"));

        assertThat(Failures.kind(jobFailure)).isEqualTo(ErrorKind.UNREADABLE_SOURCE);
    }

    @Test
    void icebergCommitAndCatalogFailuresAreExternal() {
        assertThat(Failures.kind(new CommitFailedException("Table metadata refresh is required"))).isEqualTo(ErrorKind.EXTERNAL);
        assertThat(Failures.kind(new CommitStateUnknownException(new RuntimeException("read timed out"))))
                .isEqualTo(ErrorKind.EXTERNAL);
        assertThat(Failures.kind(new RuntimeException("Task failed", new UncheckedIOException(new IOException("disk full")))))
                .isEqualTo(ErrorKind.EXTERNAL);
    }

    @Test
    void anythingElseIsABug() {
        assertThat(Failures.kind(new NullPointerException("udf"))).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void aMovedataErrorDecidesEvenOverTheIoFailureItWraps() {
        ConnectorException bug = new ConnectorException(ErrorKind.INTERNAL, "Connector 'orders' failed in output()",
                new UncheckedIOException(new IOException("stream closed")));

        assertThat(Failures.kind(new RuntimeException("Job aborted", bug))).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void anSSTableThatCouldNotBeFetchedBecauseTheStoreFailedIsExternalNotADamagedBackup() {
        SSTableReadException unreachable = new SSTableReadException("cannot fetch ks/t-1/oa-1-big-Data.db",
                new ObjectStoreException("s3://backups: connection refused"));
        SSTableReadException corrupt = new SSTableReadException("corrupt SSTable", new IllegalStateException("bad chunk"));

        assertThat(unreachable.kind()).isEqualTo(ErrorKind.EXTERNAL);
        assertThat(Failures.kind(unreachable)).isEqualTo(ErrorKind.EXTERNAL);
        assertThat(corrupt.kind()).isEqualTo(ErrorKind.UNREADABLE_SOURCE);
    }
}
