package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.testkit.S3Endpoint;

/**
 * No secret of a movement appears in anything {@code movedata run} leaves behind: its stdout and
 * stderr (with {@code --verbose} too, and of a dry run), its report, the Iceberg table's metadata
 * (snapshot summaries: lineage) and Spark's event log (what the Spark UI and history server show,
 * SQL executions' settings included). The S3 keys come in through the environment, as the docs
 * advise; the catalog gets a token among its properties, which Spark turns into session settings.
 */
class SecretsIT {
    @RegisterExtension
    static final LauncherMovements MOVEMENTS = new LauncherMovements();

    private static final String CATALOG_TOKEN = "catalog-token-7f3a9c21e5";
    private static final List<String> SECRETS = List.of(S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY, CATALOG_TOKEN);

    @Test
    void noSecretAppearsInAnyOutputOfAMovement() throws Exception {
        Path events = Files.createDirectories(MOVEMENTS.work().resolve("events"));
        Path reports = MOVEMENTS.work().resolve("secret-reports");
        Map<String, String> environment = Map.of("MD_S3_ACCESS", S3Endpoint.ACCESS_KEY, "MD_S3_SECRET", S3Endpoint.SECRET_KEY);
        List<ChildProcess> runs = new ArrayList<>();
        try (HeldReads proxy = MOVEMENTS.proxy()) {
            Path spec = MOVEMENTS.work().resolve("secrets.yaml");
            Files.writeString(spec, """
                    name: secrets
                    source:
                      location: %s
                      s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: "${MD_S3_ACCESS}", secretKey: "${MD_S3_SECRET}"}
                      backup: good
                      consistency: ALL
                    connector:
                      name: cassandra-table
                      options: {table: ks.t}
                    destination:
                      catalog:
                        name: cli
                        type: hadoop
                        warehouse: "%s"
                        properties: {token: %s}
                      namespace: ks
                      table: secrets
                    spark:
                      config: {spark.eventLog.enabled: "true", spark.eventLog.dir: "file://%s", spark.eventLog.compress: "false",
                               spark.eventLog.rolling.enabled: "false"}
                    reportDirectory: "%s"
                    """.formatted(LauncherMovements.LOCATION, proxy.endpoint(), S3Endpoint.REGION, MOVEMENTS.warehouse(),
                    CATALOG_TOKEN, events, reports));
            runs.add(MOVEMENTS.run(environment, "run", spec.toString(), "--dry-run"));
            runs.add(MOVEMENTS.run(environment, "run", spec.toString(), "--verbose"));
        }

        assertThat(runs).allSatisfy(run -> assertThat(run.exitCode()).as(run.toString()).isZero());
        assertThat(runs.get(1).out()).contains("movement secrets (", "): SUCCEEDED",
                LauncherMovements.GOOD_ROWS + " rows written");
        List<Path> eventLogs = files(events);
        assertThat(eventLogs).as("Spark's event log of each run").hasSize(2);
        // The movement's run (the later one) lists the catalog's settings with each SQL execution: masked.
        assertThat(Files.readString(eventLogs.get(1))).contains("SparkListenerSQLExecutionStart",
                "\"spark.sql.catalog.cli.token\":\"*********(redacted)\"");
        for (ChildProcess run : runs) {
            assertNoSecret("stdout and stderr of " + run, run.out() + run.err());
        }
        List<Path> written = new ArrayList<>(eventLogs);
        written.addAll(files(reports));
        written.addAll(files(MOVEMENTS.warehouse().resolve("ks/secrets/metadata")));
        assertThat(written).as("event logs, reports and the table's metadata").hasSizeGreaterThan(4);
        for (Path file : written) {
            assertNoSecret(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            assertThat(text).as(where).doesNotContain(secret).doesNotContain(base64);
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
