package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.SpecException;
import io.movedata.runtime.sstable.SSTableReadException;
import io.movedata.runtime.store.ObjectStoreException;

/** The command line itself: help, version, usage errors and their exit codes, the connectors listing. */
class MovedataCliTest {

    @Test
    void aMisspeltCommandOrOptionIsOneLineWithTheSuggestionAndWhereHelpIs() {
        CliRun command = CliRun.of("backups", "lst", "s3://b/p");
        CliRun option = CliRun.of("connectors", "list", "--jsn");

        assertThat(command.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(command.err().lines()).as(command.toString()).containsExactly(
                "movedata: Unmatched arguments from index 1: 'lst', 's3://b/p' (did you mean 'list'?)",
                "Try 'movedata backups --help' for more information.");
        assertThat(option.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(option.err().lines()).as(option.toString()).hasSize(2).first().asString()
                .startsWith("movedata: Unknown option: '--jsn'").endsWith("(did you mean '--json'?)");
    }

    @Test
    void topHelpNamesTheCommandsOptionsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: movedata", "run", "demo", "connectors", "backups", "show", "--help", "--version",
                "--verbose", "Exit codes:", "0   success", "1   the command failed", "2   usage error");
    }

    @Test
    void showHelpNamesItsOptionsIncludingTheS3Ones() {
        CliRun run = CliRun.of("show", "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: movedata show", "LOCATION", "--table=KEYSPACE.TABLE", "--backup=NAME",
                "--limit=N", "Default: 20", "--consistency=LEVEL", "--columns=COLUMN", "--s3-endpoint=URL",
                "--s3-region=REGION", "--s3-path-style", "--s3-access-key=KEY", "--s3-secret-key=SECRET", "--verbose");
    }

    @Test
    void runAndDemoHaveHelp() {
        CliRun run = CliRun.of("run", "--help");
        CliRun demo = CliRun.of("demo", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: movedata run", "SPEC", "JSON report");
        assertThat(demo.exitCode()).isZero();
        assertThat(demo.out()).contains("Usage: movedata demo", "--directory=DIRECTORY", "--customers=N", "Default: 300",
                "Needs the local distribution");
    }

    @Test
    void runWithoutASpecFileIsInvalidInputNamingTheFile() {
        CliRun run = CliRun.of("run", "no/such/spec.yaml");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("movedata: Movement spec no/such/spec.yaml does not exist (looked for ");
    }

    @Test
    void backupsShowAndVerifyHaveHelpWithTheirExitCodes() {
        CliRun show = CliRun.of("backups", "show", "--help");
        CliRun verify = CliRun.of("backups", "verify", "--help");

        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("Usage: movedata backups show", "LOCATION [BACKUP]", "--as-of=TIME", "--skew-window=DURATION",
                "Spark is not started");
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("Usage: movedata backups verify", "LOCATION", "[BACKUP]", "--as-of=TIME",
                "--consistency=LEVEL", "--keyspace=KEYSPACE", "Default: ONE,QUORUM,ALL", "Exit codes:");
    }

    @Test
    void nestedCommandsHaveHelpAndVersionToo() {
        CliRun backups = CliRun.of("backups", "list", "--help");
        CliRun connectors = CliRun.of("connectors", "--help");
        CliRun version = CliRun.of("connectors", "list", "--version");

        assertThat(backups.exitCode()).isZero();
        assertThat(backups.out()).contains("Usage: movedata backups list", "LOCATION", "--s3-endpoint=URL", "reference time",
                "--as-of=TIME", "--skew-window=DURATION");
        assertThat(connectors.exitCode()).isZero();
        assertThat(connectors.out()).contains("Usage: movedata connectors", "list");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("movedata 0.1.0-SNAPSHOT", "Spark 4.0.4", "Iceberg 1.10.2", "Cassandra 5.0.9");
    }

    @Test
    void unknownOptionIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.of("show", "file:///tmp", "--table", "ks.t", "--limt", "5");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("movedata: Unknown options: '--limt', '5'")
                .contains("--limit", "Try 'movedata show --help' for more information.");
    }

    @Test
    void missingArgumentOrOptionIsAUsageError() {
        CliRun noLocation = CliRun.of("backups", "list");
        CliRun noTable = CliRun.of("show", "file:///tmp");

        assertThat(noLocation.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(noLocation.err()).startsWith("movedata: Missing required parameter: 'LOCATION'");
        assertThat(noTable.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(noTable.err()).startsWith("movedata: Missing required option: '--table=KEYSPACE.TABLE'");
    }

    @Test
    void limitOutOfRangeIsAUsageError() {
        CliRun run = CliRun.of("show", "file:///tmp", "--table", "ks.t", "--limit", "0");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("movedata: --limit must be between 1 and 1000000, found 0\n");
    }

    @Test
    void aGroupWithoutItsCommandIsAUsageErrorNamingThem() {
        CliRun top = CliRun.of();
        CliRun backups = CliRun.of("backups");

        assertThat(top.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(top.err()).startsWith("movedata: Missing command: choose one of run, demo, backup, connectors, backups, show, validate");
        assertThat(backups.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(backups.err()).startsWith("movedata: Missing command: choose one of list, show, verify");
    }

    @Test
    void connectorsListShowsTheBuiltInConnectorWithEveryOption() {
        CliRun run = CliRun.of("connectors", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("cassandra-table (version 1)\n")
                .contains("  Copies one Cassandra table into one Iceberg table")
                .contains("    table (string, optional): the Cassandra table, keyspace.table")
                .contains("    rowWritetime (boolean, default false): ")
                .contains("    cellMetadata (list, optional): ")
                .contains("    partitionBy (list, optional): Iceberg partition transforms")
                .contains("    sortBy (list, optional): ");
    }

    @Test
    void connectorsListShowsTheKeyValueConnectorWithItsOptionsAndUdfs() {
        CliRun run = CliRun.of("connectors", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String keyValue = run.out().substring(run.out().indexOf("\nkey-value (version 1)\n") + 1);
        assertThat(keyValue.lines().toList()).as(run.out()).startsWith("key-value (version 1)",
                "  Rebuilds a key-value namespace (items table <ks>.<ns> and chunks table <ks>.<ns>_chunks) in one read: "
                        + "values reassembled from chunks, decompressed and checked, expired items left out; writes an items "
                        + "table and optionally a records table (one row per id).",
                "  options:",
                "    namespace (string, required): the namespace's items table, keyspace.ns; its chunks table is keyspace.ns_chunks",
                "    records (boolean, default false): also write target 'records', one row per id with its items (holds one "
                        + "record's items in memory)",
                "    buckets (int, default 16): the targets are partitioned by bucket(buckets, id)",
                "    onCorrupt (string, default fail): a corrupt item (missing chunk, size or checksum mismatch, undecodable "
                        + "value): 'fail' the movement naming it, or 'skip' it and count it in the report",
                "  SQL functions (UDFs):",
                "    kv_decode: kv_decode(value binary, value_metadata binary): the value an items-table row stores inline, "
                        + "decompressed and checked; null for a chunked value",
                "    kv_key_text: kv_key_text(key binary): the key as UTF-8 text when it is text, else 0x and hex");
        // The built-in connector registers none: it has no UDF lines.
        assertThat(run.out().substring(0, run.out().indexOf("\nkey-value"))).doesNotContain("SQL functions");
    }

    @Test
    void connectorsListJsonIsOneDocumentWithEveryOption() throws Exception {
        CliRun run = CliRun.of("connectors", "list", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode connector = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(run.out())
                .get("connectors").get(0);
        assertThat(connector.get("name").asText()).isEqualTo("cassandra-table");
        assertThat(connector.get("version").asText()).isEqualTo("1");
        JsonNode rowWritetime = null;
        for (JsonNode option : connector.get("options")) {
            if (option.get("name").asText().equals("rowWritetime")) {
                rowWritetime = option;
            }
        }
        assertThat(rowWritetime).isNotNull();
        assertThat(rowWritetime.toString()).isEqualTo("{\"name\":\"rowWritetime\",\"type\":\"BOOLEAN\",\"required\":false,"
                + "\"defaultValue\":\"false\",\"secret\":false,\"documentation\":\"add column _row_writetime, a timestamp: when the "
                + "row was last written (its newest cell's write time, to the microsecond)\"}");
        assertThat(connector.get("udfs")).isEmpty();
    }

    @Test
    void connectorsListJsonListsTheUdfsOfTheKeyValueConnector() throws Exception {
        CliRun run = CliRun.of("connectors", "list", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode connectors = new ObjectMapper().readTree(run.out()).get("connectors");
        JsonNode keyValue = null;
        for (JsonNode connector : connectors) {
            if (connector.get("name").asText().equals("key-value")) {
                keyValue = connector;
            }
        }
        assertThat(keyValue).as(run.out()).isNotNull();
        assertThat(keyValue.get("udfs").toString()).isEqualTo("[{\"name\":\"kv_decode\",\"description\":\"kv_decode(value binary, "
                + "value_metadata binary): the value an items-table row stores inline, decompressed and checked; null for a chunked "
                + "value\"},{\"name\":\"kv_key_text\",\"description\":\"kv_key_text(key binary): the key as UTF-8 text when it is "
                + "text, else 0x and hex\"}]");
        assertThat(keyValue.get("options")).extracting(option -> option.get("name").asText())
                .containsExactly("namespace", "records", "buckets", "onCorrupt");
    }

    @Test
    void badLocationIsInvalidInputInOneLine() {
        CliRun run = CliRun.of("backups", "list", "ftp://host/backups");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("movedata: Backup location 'ftp://host/backups' has an unsupported scheme; "
                + "expected s3://bucket/prefix or file:///dir\n");
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheMessage() {
        CliRun run = CliRun.of("backups", "list", "ftp://host/backups", "--verbose");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("movedata: Backup location 'ftp://host/backups' has an unsupported scheme")
                .contains("io.movedata.api.MovedataException: Backup location", "\tat io.movedata.runtime.store.StoreLocation.parse");
    }

    @Test
    void onlyOneOfTheS3KeysIsInvalidInput() {
        CliRun run = CliRun.of("backups", "list", "s3://bucket/prefix", "--s3-access-key", "AKIA");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).isEqualTo("movedata: --s3-access-key and --s3-secret-key go together; found only --s3-access-key\n");
    }

    @Test
    void anErrorFromAnExecutorIsReportedAsItselfNotAsSparksJobFailure() {
        BackupException missing = new BackupException("s3://b/p backup 'b1' node 'n1': the manifest lists k (10 bytes), found none");
        Throwable reported = MovedataCli.reported(new SparkException("Job aborted due to stage failure: ...", missing));

        assertThat(reported).isSameAs(missing);
        assertThat(MovedataCli.exitCode(reported)).isEqualTo(MovedataCli.FAILED);
    }

    @Test
    void theExitCodeIsTheErrorKindsTwoForInvalidInputOneForEveryOtherKind() {
        assertThat(MovedataCli.exitCode(new MovedataException(ErrorKind.INVALID_INPUT, "bad spec"))).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(MovedataCli.exitCode(new ConnectorException("unknown connector"))).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(MovedataCli.exitCode(new SSTableReadException("truncated Data.db"))).isEqualTo(MovedataCli.FAILED);
        assertThat(MovedataCli.exitCode(new ObjectStoreException("Cannot list s3://b/p/: connection refused"))).isEqualTo(MovedataCli.FAILED);
        assertThat(MovedataCli.exitCode(new ConnectorException(ErrorKind.INTERNAL, "targets() failed"))).isEqualTo(MovedataCli.FAILED);
    }

    @Test
    void aFailedRunExitsWithTheCodeOfItsReportsErrorKind() {
        for (ErrorKind kind : ErrorKind.values()) {
            MovementReport report = new MovementReport("id", "m", MovementReport.Outcome.FAILED, null, null, null, null, null, null,
                    List.of(), Map.of(), new MovementReport.ErrorReport(kind.label(), "t", "message", List.of()), null, null);

            assertThat(RunCommand.exitCode(report)).as(kind.label()).isEqualTo(kind == ErrorKind.INVALID_INPUT ? 2 : 1);
        }
    }

    @Test
    void anythingThrownThatIsNotAMovedataExceptionIsInternalAndOne() {
        assertThat(MovedataCli.exitCode(new IllegalArgumentException("bad"))).isEqualTo(MovedataCli.FAILED);
        assertThat(MovedataCli.exitCode(new NullPointerException())).isEqualTo(MovedataCli.FAILED);
        // A cause deeper than a wrapper does not decide: an I/O failure stays a failure.
        Throwable io = new UncheckedIOException("read failed", new IOException(new NumberFormatException("x")));
        assertThat(MovedataCli.exitCode(MovedataCli.reported(io))).isEqualTo(MovedataCli.FAILED);
        // A movedata exception inside Spark's job failure decides.
        assertThat(MovedataCli.exitCode(new SparkException("Job aborted", new SpecException("Field 'source.table'"))))
                .isEqualTo(MovedataCli.INVALID_INPUT);
    }
}
