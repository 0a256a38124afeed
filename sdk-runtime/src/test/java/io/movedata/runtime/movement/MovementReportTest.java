package io.movedata.runtime.movement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.movedata.runtime.movement.MovementReport.ConnectorReport;
import io.movedata.runtime.movement.MovementReport.CountReport;

class MovementReportTest {

    @Test
    void summaryTellsEachNonZeroCountWithItsFirstSample() {
        Map<String, CountReport> counts = new LinkedHashMap<>();
        counts.put("none", new CountReport("never seen", 0, List.of()));
        counts.put("corruptItems", new CountReport("items left out as corrupt", 1234,
                List.of("ns id 'a' key 'k1': chunk 2 missing", "ns id 'b' key 'k9': CRC mismatch")));
        counts.put("unsampled", new CountReport("counted without samples", 2, List.of()));
        MovementReport report = new MovementReport("id", "kv", MovementReport.Outcome.SUCCEEDED, "start", "end", null,
                new ConnectorReport("key-value", "1", Map.of(), counts), null, List.of(), Map.of(), null, null, null);

        assertThat(report.summary()).isEqualTo("""
                movement kv (id): SUCCEEDED
                  count   corruptItems: 1,234 (items left out as corrupt), e.g. ns id 'a' key 'k1': chunk 2 missing
                  count   unsampled: 2 (counted without samples)
                """);
    }
}
