package io.movedata.runtime.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LineageTest {

    @Test
    void summaryPrefixesEveryEntryAndLeadsWithTheFingerprint() {
        Lineage lineage = new Lineage("abc123", Map.of("source.table", "ks.orders", "backup.name", "nightly"));

        assertThat(lineage.summary()).containsExactly(
                Map.entry("movedata.fingerprint", "abc123"),
                Map.entry("movedata.backup.name", "nightly"),
                Map.entry("movedata.source.table", "ks.orders"));
    }

    @Test
    void aConnectorsEntriesFollowUnderMovedataConnectorAndCannotReplaceTheRunsOwn() {
        Lineage lineage = new Lineage("abc123", Map.of("connector", "timeseries", "connector.version", "2"));

        assertThat(lineage.summary(Map.of("slices.closed", "s1,s2"))).containsExactly(
                Map.entry("movedata.fingerprint", "abc123"),
                Map.entry("movedata.connector", "timeseries"),
                Map.entry("movedata.connector.version", "2"),
                Map.entry("movedata.connector.slices.closed", "s1,s2"));
        assertThatThrownBy(() -> lineage.summary(Map.of("version", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lineage entry 'version', which would replace the movement's own movedata.connector.version");
    }

    @Test
    void aPropertyNamedFingerprintIsRefused() {
        assertThatThrownBy(() -> new Lineage("abc123", Map.of("fingerprint", "other")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Lineage property 'fingerprint' would hide the lineage's fingerprint 'abc123'");
    }

    @Test
    void aBlankFingerprintIsRefused() {
        assertThatThrownBy(() -> new Lineage(" ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A lineage needs a fingerprint, found ' '");
    }
}
