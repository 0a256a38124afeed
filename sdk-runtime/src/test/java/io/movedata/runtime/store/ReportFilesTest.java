package io.movedata.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class ReportFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Report(String id, long rows) {}

    @Test
    void aReportIsNamedByKindStartAndIdSoThatNamesSortByStart(@TempDir Path dir) {
        assertThat(ReportFiles.named(dir, "orders", "2026-11-20T03:04:05.123456Z", "0123456789abcdef"))
                .isEqualTo(dir.resolve("orders-20261120T030405Z-01234567.json"));
    }

    @Test
    void aReportIsWrittenIntoDirectoriesCreatedForItAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/report.json");

        ReportFiles.write(JSON, file, new Report("r1", 42));

        assertThat(Files.readString(file)).isEqualTo("{\"id\":\"r1\",\"rows\":42}");
        assertThat(ReportFiles.read(JSON, file, Report.class, "test report")).isEqualTo(new Report("r1", 42));
    }

    @Test
    void aFileThatIsNotTheReportSaysWhichKindAndFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), "{");

        assertThatThrownBy(() -> ReportFiles.read(JSON, file, Report.class, "test report"))
                .isInstanceOf(UncheckedIOException.class).hasMessage("Cannot read test report " + file);
    }
}
