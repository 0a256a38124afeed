package io.movedata.runtime.movement;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every local directory a run writes to is checked before it reads anything, each problem named at once. */
class RunDirectoriesTest {
    @TempDir
    Path work;

    private MovementSpec spec(String reports, String warehouse, String sparkLocalDir) {
        return MovementSpec.parse("""
                source: {location: "s3://backups/cluster1"}
                connector: {name: cassandra-table, options: {table: ks.t}}
                destination:
                  catalog: {name: lake, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: t
                spark: {config: {spark.local.dir: "%s"}}
                reportDirectory: "%s"
                """.formatted(warehouse, sparkLocalDir, reports), "spec.yaml", Map.<String, String>of()::get);
    }

    @Test
    void directoriesStillToBeCreatedUnderAWritableOnePass() {
        MovementSpec spec = spec(work.resolve("new/reports").toString(), "file://" + work.resolve("new/warehouse"),
                work.resolve("new/spark").toString());

        assertThatCode(() -> RunDirectories.check(spec, MovementRunner.catalog(spec))).doesNotThrowAnyException();
        assertThatCode(() -> RunDirectories.checkSparkLocalDirectories(spec.spark())).doesNotThrowAnyException();
    }

    @Test
    void aReportDirectoryAndAWarehouseUnderAFileAreNamedInOneMessage() throws Exception {
        Path file = Files.writeString(work.resolve("file"), "");
        MovementSpec spec = spec(file.resolve("reports").toString(), file.resolve("warehouse").toString(), work.toString());

        assertThatThrownBy(() -> RunDirectories.check(spec, MovementRunner.catalog(spec)))
                .isInstanceOf(SpecException.class)
                .hasMessage("Cannot write the report directory (reportDirectory) " + file.resolve("reports") + ": " + file
                        + " is a file, not a directory; Cannot write the warehouse of catalog 'lake' " + file.resolve("warehouse")
                        + ": " + file + " is a file, not a directory; nothing was read");
    }

    @Test
    void sparkLocalDirectoriesAreCheckedBeforeSparkWouldEndTheJvm() throws Exception {
        Path file = Files.writeString(work.resolve("file"), "");
        MovementSpec spec = spec(work.toString(), work.toString(), work + "," + file.resolve("spark"));

        assertThatThrownBy(() -> RunDirectories.checkSparkLocalDirectories(spec.spark()))
                .isInstanceOf(SpecException.class)
                .hasMessage("Cannot write Spark's local directory (spark.config.spark.local.dir) " + file.resolve("spark")
                        + ": " + file + " is a file, not a directory; nothing was read");
    }
}
