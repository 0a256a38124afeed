package io.movedata.runtime.movement;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.runtime.movement.TableLookups.Cap;

class TableLookupsTest {
    private static final Cap CAP = new Cap(10, 4096);

    @Test
    void theDeclaredCapIsTheOneTheApiDocuments() {
        assertThatCode(() -> Cap.DECLARED.checkRows("c", "ks.t", 100_000)).doesNotThrowAnyException();
        assertThatCode(() -> Cap.DECLARED.checkBytes("c", "ks.t", 64L * 1024 * 1024)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Cap.DECLARED.checkRows("c", "ks.t", 100_001)).hasMessageContaining("at most 100,000 rows");
        assertThatThrownBy(() -> Cap.DECLARED.checkBytes("c", "ks.t", 64L * 1024 * 1024 + 1))
                .hasMessageContaining("at most 64.0 MiB of SSTables");
    }

    @Test
    void rowsUpToTheCapAreAcceptedAndOneMoreIsRefusedNamingTableCapAndFound() {
        assertThatCode(() -> CAP.checkRows("slices", "ts.slices", 10)).doesNotThrowAnyException();

        assertThatThrownBy(() -> CAP.checkRows("slices", "ts.slices", 11))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Connector 'slices' looked up table ts.slices, but a lookup reads at most 10 rows and it holds "
                        + "at least 11; a table that large belongs in the connector's sources")
                .extracting(ErrorKind::of).isEqualTo(ErrorKind.INVALID_INPUT);
    }

    @Test
    void plannedBytesUpToTheCapAreAcceptedAndMoreAreRefusedNamingTableCapAndFound() {
        assertThatCode(() -> CAP.checkBytes("slices", "ts.slices", 4096)).doesNotThrowAnyException();

        assertThatThrownBy(() -> CAP.checkBytes("slices", "ts.slices", 6144))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Connector 'slices' looked up table ts.slices, but a lookup reads at most 4.0 KiB of SSTables "
                        + "and its read plans 6.0 KiB; a table that large belongs in the connector's sources");
    }
}
