package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code movedata run} into a local Hadoop warehouse writes its files without starting a process per
 * file: a {@code chmod} first on the launcher's PATH logs each call Hadoop's own local file system
 * makes (it runs {@code chmod} by name when its native library is missing, as here).
 */
class LocalWarehouseIT {
    @RegisterExtension
    static final LauncherMovements MOVEMENTS = new LauncherMovements();

    @Test
    void aLocalRunStartsNoChmodProcessUnlessTheSpecAsksForHadoopsOwnFileSystem() throws Exception {
        Path bin = Files.createDirectories(MOVEMENTS.work().resolve("logging-bin"));
        Path calls = MOVEMENTS.work().resolve("chmod-calls.log");
        Path chmod = bin.resolve("chmod");
        Files.writeString(chmod, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec /bin/chmod \"$@\"\n");
        Files.setPosixFilePermissions(chmod, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> path = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        String partitioned = "partitionBy: \"bucket(4, k)\"";

        ChildProcess nio;
        ChildProcess hadoop;
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path ours = MOVEMENTS.spec("nio", proxy, "good", "nio", partitioned, MOVEMENTS.work().resolve("reports"));
            nio = MOVEMENTS.run(path, "run", ours.toString());
            List<String> afterOurs = Files.exists(calls) ? Files.readAllLines(calls) : List.of();

            Path theirs = MOVEMENTS.spec("hadoop", proxy, "good", "hadoop", partitioned, MOVEMENTS.work().resolve("reports"));
            Files.writeString(theirs, "spark:\n  config: {spark.hadoop.fs.file.impl: org.apache.hadoop.fs.LocalFileSystem}\n",
                    StandardOpenOption.APPEND);
            hadoop = MOVEMENTS.run(path, "run", theirs.toString());

            assertThat(nio.exitCode()).as(nio.toString()).isZero();
            assertThat(nio.out()).contains("movement nio (", "): SUCCEEDED", LauncherMovements.GOOD_ROWS + " rows written");
            assertThat(afterOurs).as("chmod calls of the run through NioLocalFileSystem").isEmpty();
        }
        assertThat(hadoop.exitCode()).as(hadoop.toString()).isZero();
        assertThat(hadoop.out()).contains("movement hadoop (", "): SUCCEEDED", LauncherMovements.GOOD_ROWS + " rows written");
        assertThat(Files.readAllLines(calls)).as("chmod calls of the run through Hadoop's LocalFileSystem")
                .anyMatch(line -> line.contains(MOVEMENTS.warehouse().resolve("ks/hadoop/data").toString()))
                .noneMatch(line -> line.contains("/ks/nio/"));
        assertThat(MOVEMENTS.table("nio").orElseThrow().currentSnapshot().summary())
                .containsEntry("total-records", String.valueOf(LauncherMovements.GOOD_ROWS));
    }
}
