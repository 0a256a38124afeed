package io.movedata.runtime.movement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.movedata.runtime.movement.MovementReport.ConnectorReport;
import io.movedata.runtime.movement.MovementReport.CountReport;
import io.movedata.runtime.movement.MovementReport.LookupReport;
import io.movedata.runtime.movement.MovementReport.ReadReport;
import io.movedata.runtime.store.S3Requests;

class MovementReportTest {

    @Test
    void summaryTellsEachNonZeroCountWithItsFirstSample() {
        Map<String, CountReport> counts = new LinkedHashMap<>();
        counts.put("none", new CountReport("never seen", 0, List.of()));
        counts.put("corruptItems", new CountReport("items left out as corrupt", 1234,
                List.of("ns id 'a' key 'k1': chunk 2 missing", "ns id 'b' key 'k9': CRC mismatch")));
        counts.put("unsampled", new CountReport("counted without samples", 2, List.of()));
        MovementReport report = new MovementReport("id", "kv", MovementReport.Outcome.SUCCEEDED, "start", "end", null,
                new ConnectorReport("key-value", "1", Map.of(), counts), null, null, List.of(), Map.of(), null, null, null);

        assertThat(report.summary()).isEqualTo("""
                movement kv (id): SUCCEEDED
                  count   corruptItems: 1,234 (items left out as corrupt), e.g. ns id 'a' key 'k1': chunk 2 missing
                  count   unsampled: 2 (counted without samples)
                """);
    }

    @Test
    void summaryTellsEachLookupApartFromTheSourcesRead() {
        ReadReport read = new ReadReport(2, 2, 2, 6, 3000, 3000, 2048, 4, 2, 2, 0, List.of(),
                List.of(new LookupReport("ts.slices", 3, 1536, 1024), new LookupReport("ts.owners", 1_200, 2_097_152, 0)));
        MovementReport report = new MovementReport("id", "listed", MovementReport.Outcome.SUCCEEDED, "start", "end", null,
                null, read, null, List.of(), Map.of(), null, null, null);

        assertThat(report.summary()).isEqualTo("""
                movement listed (id): SUCCEEDED
                  read    4 rows in 2 partitions (largest 2 rows) from 6 SSTables, 2 splits, 2.9 KiB of SSTables, 2.0 KiB fetched
                  lookup  ts.slices: 3 rows, 1.5 KiB of SSTables, 1.0 KiB fetched
                  lookup  ts.owners: 1,200 rows, 2.0 MiB of SSTables, 0 B fetched
                """);
    }

    @Test
    void summaryCountsS3RequestsRetriedByCauseAndBodiesFetchedAgain() {
        S3Requests s3 = new S3Requests(1_250, 230, 0, 41, Map.of("503", 80L, "500", 70L, "no response", 60L, "broken body", 20L));
        MovementReport report = new MovementReport("id", "faulty", MovementReport.Outcome.SUCCEEDED, "start", "end", null,
                null, null, s3, List.of(), Map.of(), null, null, null);

        assertThat(report.summary()).isEqualTo("""
                movement faulty (id): SUCCEEDED
                  s3      1,250 requests, 230 retried (failed: 500 70, 503 80, broken body 20, no response 60), broken bodies fetched again: 41
                """);
    }
}
