package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.NodeBackupInfo;
import io.movedata.testkit.S3Endpoint;

/**
 * {@code backups list|show|verify} against the real fixture backups of docs/backups.md
 * ({@link DocumentedBackups}) in a real S3 endpoint, every line checked.
 */
class BackupsCommandTest {
    private static final String NODE1 = DocumentedBackups.NODE1;
    private static final String NODE2 = DocumentedBackups.NODE2;
    private static final String NODE3 = DocumentedBackups.NODE3;
    private static final List<String> NODES = DocumentedBackups.NODES;
    private static final Instant DAY1 = DocumentedBackups.DAY1;
    private static final Instant DAY2 = DocumentedBackups.DAY2;
    private static final Duration TOOK = DocumentedBackups.TOOK;

    @TempDir
    static Path directory;

    private static DocumentedBackups backups;
    private static S3Endpoint s3;
    private static ClusterBackupInfo b1;
    private static ClusterBackupInfo b2;
    private static ClusterBackupInfo broken;
    private static String cluster1;
    private static String brokenLocation;
    private static String missingKey;
    private static String resizedKey;
    private static long resizedSize;
    private static String escapingKey;

    @BeforeAll
    static void writeBackups() {
        backups = new DocumentedBackups(directory);
        s3 = backups.s3;
        b1 = backups.b1;
        b2 = backups.b2;
        broken = backups.broken;
        cluster1 = backups.cluster1;
        brokenLocation = backups.brokenLocation;
        missingKey = backups.missingKey;
        resizedKey = backups.resizedKey;
        resizedSize = backups.resizedSize;
        escapingKey = backups.escapingKey;
    }

    @AfterAll
    static void close() {
        if (backups != null) {
            backups.close();
        }
    }

    private static BackupObject dataObject(NodeBackupInfo node) {
        return DocumentedBackups.dataObject(node);
    }

    private static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        Map<String, String> settings = s3.options();
        all.addAll(List.of("--s3-endpoint", settings.get(StoreLocation.ENDPOINT), "--s3-path-style",
                "--s3-region", settings.get(StoreLocation.REGION),
                "--s3-access-key", settings.get(StoreLocation.ACCESS_KEY), "--s3-secret-key", settings.get(StoreLocation.SECRET_KEY)));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static String time(Instant day, int node) {
        return day.plus(Duration.ofMinutes(node)).toString();
    }

    private static String finished(Instant day, int node) {
        return day.plus(Duration.ofMinutes(node)).plus(TOOK).toString();
    }

    private static long bytes(NodeBackupInfo node) {
        return node.objects().stream().mapToLong(BackupObject::size).sum();
    }

    private static String size(NodeBackupInfo node) {
        return ByteSizes.text(bytes(node));
    }

    private static String size(ClusterBackupInfo backup, String... nodes) {
        long sum = 0;
        for (String node : nodes) {
            sum += bytes(backup.node(node));
        }
        return ByteSizes.text(sum);
    }

    /** The system_schema tables every fixture node backup lists, by name. */
    private static final List<String> SYSTEM_SCHEMA_TABLES = List.of("aggregates", "column_masks", "columns", "dropped_columns",
            "functions", "indexes", "keyspaces", "tables", "triggers", "types", "views");

    /** The row {@code backups show} prints for one table of a node backup. */
    private static String tableRow(NodeBackupInfo node, String backup, String keyspace, String table) {
        List<BackupObject> objects = node.objects(keyspace, table);
        return node.fqdn() + "|" + backup + "|" + keyspace + "." + table + "|"
                + objects.stream().filter(o -> o.fileName().endsWith("-Data.db")).count() + "|" + objects.size() + "|"
                + ByteSizes.text(objects.stream().mapToLong(BackupObject::size).sum());
    }

    private static String manifestMissing(Instant day, int node, String name) {
        return "cluster1/" + NODES.get(node) + "/" + name + "/meta/manifest.json is missing: the node backup started at "
                + time(day, node) + " and never finished";
    }

    @Test
    void listPrintsEachBackupThenEachNodeBackupWithItsStateAndReason() {
        CliRun run = run("backups", "list", cluster1);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.lines().get(0)).isEqualTo("Backups at " + cluster1 + " (medusa layout): 2 backups, 6 node backups");
        assertThat(printed.table("backup", "reference time", "nodes complete", "size", "state")).containsExactly(
                "b1|" + time(DAY1, 2) + "|3/3|" + size(b1, NODE1, NODE2, NODE3) + "|complete",
                "b2|" + time(DAY2, 1) + "|2/3|" + size(b2, NODE1, NODE2) + "|partial: 1 started");
        assertThat(printed.table("node", "backup", "started", "finished", "size", "state", "reason")).containsExactly(
                NODE1 + "|b1|" + time(DAY1, 0) + "|" + finished(DAY1, 0) + "|" + size(b1.node(NODE1)) + "|COMPLETE|",
                NODE2 + "|b1|" + time(DAY1, 1) + "|" + finished(DAY1, 1) + "|" + size(b1.node(NODE2)) + "|COMPLETE|",
                NODE3 + "|b1|" + time(DAY1, 2) + "|" + finished(DAY1, 2) + "|" + size(b1.node(NODE3)) + "|COMPLETE|",
                NODE1 + "|b2|" + time(DAY2, 0) + "|" + finished(DAY2, 0) + "|" + size(b2.node(NODE1)) + "|COMPLETE|",
                NODE2 + "|b2|" + time(DAY2, 1) + "|" + finished(DAY2, 1) + "|" + size(b2.node(NODE2)) + "|COMPLETE|",
                NODE3 + "|b2|" + time(DAY2, 2) + "|-|-|STARTED|" + manifestMissing(DAY2, 2, "b2"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void listNamesTheMissingObjectTheWrongSizeAndTheKeyOutsideThePrefix() {
        CliRun run = run("backups", "list", brokenLocation);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.table("backup", "reference time", "nodes complete", "size", "state"))
                .containsExactly("b1|-|0/3|-|unusable: 3 invalid");
        BackupObject escaping = dataObject(broken.node(NODE3));
        assertThat(printed.table("node", "backup", "started", "finished", "size", "state", "reason")).containsExactly(
                NODE1 + "|b1|" + time(DAY1, 0) + "|" + finished(DAY1, 0) + "|" + size(broken.node(NODE1)) + "|INVALID|object "
                        + missingKey + " (" + dataObject(broken.node(NODE1)).size() + " bytes) is listed but does not exist",
                NODE2 + "|b1|" + time(DAY1, 1) + "|" + finished(DAY1, 1) + "|" + size(broken.node(NODE2)) + "|INVALID|object "
                        + resizedKey + " is listed with " + resizedSize + " bytes but has 3",
                NODE3 + "|b1|" + time(DAY1, 2) + "|" + finished(DAY1, 2) + "|" + ByteSizes.text(escaping.size()) + "|INVALID|key "
                        + escapingKey + " is outside the node's prefix broken/" + NODE3 + "/; refused");
    }

    @Test
    void listAsOfPrintsTheChosenAndRejectedNodeBackupsAndTheUnavailableNode() {
        CliRun run = run("backups", "list", cluster1, "--as-of", "2026-11-21T12:00:00Z");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        String newest = "(" + NODE2 + " b2 at " + time(DAY2, 1) + ")";
        assertThat(printed.block("As of 2026-11-21T12:00:00Z at " + cluster1 + " (medusa layout), skew window PT6H"))
                .containsExactly(
                        "As of 2026-11-21T12:00:00Z at " + cluster1 + " (medusa layout), skew window PT6H",
                        "reference time: " + time(DAY2, 1),
                        "backups: b2",
                        "nodes: 2 of 3 available",
                        "size: " + size(b2, NODE1, NODE2));
        String chosen = "the newest complete node backup started at or before 2026-11-21T12:00:00Z";
        String skewed = "started more than the skew window PT6H before the newest chosen node backup " + newest;
        assertThat(printed.table("node", "backup", "started", "decision", "reason")).containsExactly(
                NODE1 + "|b2|" + time(DAY2, 0) + "|chosen|" + chosen,
                NODE2 + "|b2|" + time(DAY2, 1) + "|chosen|" + chosen,
                NODE3 + "|b2|" + time(DAY2, 2) + "|rejected|STARTED: " + manifestMissing(DAY2, 2, "b2"),
                NODE3 + "|b1|" + time(DAY1, 2) + "|rejected|" + skewed);
        assertThat(printed.block("unavailable nodes: 1")).containsExactly(
                "unavailable nodes: 1",
                "  " + NODE3 + ": b1 (" + time(DAY1, 2) + "): " + skewed);
    }

    @Test
    void aWiderSkewWindowLetsTheOlderNodeBackupIn() {
        CliRun run = run("backups", "list", cluster1, "--as-of", "2026-11-21T12:00:00Z", "--skew-window", "2d");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.lines()).contains("reference time: " + time(DAY2, 1), "backups: b1+b2", "nodes: 3 of 3 available",
                "unavailable nodes: none");
        assertThat(printed.table("node", "backup", "started", "decision", "reason")).containsExactly(
                NODE1 + "|b2|" + time(DAY2, 0) + "|chosen|the newest complete node backup started at or before 2026-11-21T12:00:00Z",
                NODE2 + "|b2|" + time(DAY2, 1) + "|chosen|the newest complete node backup started at or before 2026-11-21T12:00:00Z",
                NODE3 + "|b2|" + time(DAY2, 2) + "|rejected|STARTED: " + manifestMissing(DAY2, 2, "b2"),
                NODE3 + "|b1|" + time(DAY1, 2) + "|chosen|the newest complete node backup started at or before 2026-11-21T12:00:00Z");
    }

    @Test
    void showPrintsRingNodeBackupsTablesKeyspacesAndWhatIsMissing() {
        CliRun run = run("backups", "show", cluster1, "b2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.block("Backup 'b2' at " + cluster1 + " (medusa layout)")).containsExactly(
                "Backup 'b2' at " + cluster1 + " (medusa layout)",
                "reference time: " + time(DAY2, 1),
                "nodes: 2 of 3 available",
                "size: " + size(b2, NODE1, NODE2),
                "schema: schema.cql of " + NODE2 + " b2");
        assertThat(printed.table("node", "dc", "rack", "tokens", "node backup")).containsExactly(
                NODE1 + "|dc1|rack1|1|b2", NODE2 + "|dc1|rack1|1|b2", NODE3 + "|dc1|rack1|1|unavailable");
        assertThat(printed.table("node", "backup", "started", "finished", "version", "mode", "size", "state", "used"))
                .containsExactly(
                        NODE1 + "|b2|" + time(DAY2, 0) + "|" + finished(DAY2, 0) + "|5.0.9|differential|" + size(b2.node(NODE1)) + "|COMPLETE|yes",
                        NODE2 + "|b2|" + time(DAY2, 1) + "|" + finished(DAY2, 1) + "|5.0.9|differential|" + size(b2.node(NODE2)) + "|COMPLETE|yes",
                        NODE3 + "|b2|" + time(DAY2, 2) + "|-|-|-|0 B|STARTED|no");
        List<String> tableRows = new ArrayList<>();
        for (String node : List.of(NODE1, NODE2)) {
            tableRows.add(tableRow(b2.node(node), "b2", "ks", "t"));
            // The node's schema tables, which the backup holds like any other, the empty ones included.
            SYSTEM_SCHEMA_TABLES.forEach(table -> tableRows.add(tableRow(b2.node(node), "b2", "system_schema", table)));
        }
        assertThat(printed.table("node", "backup", "table", "sstables", "objects", "size")).containsExactlyElementsOf(tableRows);
        assertThat(printed.table("keyspace", "replication", "tables")).containsExactly("ks|SimpleStrategy 2|t",
                "system_schema|system keyspace|" + String.join(", ", SYSTEM_SCHEMA_TABLES));
        assertThat(printed.block("unavailable nodes: 1")).containsExactly(
                "unavailable nodes: 1",
                "  " + NODE3 + ": b2 (" + time(DAY2, 2) + "): STARTED: " + manifestMissing(DAY2, 2, "b2"),
                "problems: 1",
                "  " + NODE3 + " b2: " + manifestMissing(DAY2, 2, "b2"));
    }

    @Test
    void showAsOfUsesTheSelectionsNodeBackupsAndNewestSchema() {
        CliRun run = run("backups", "show", cluster1, "--as-of", "2026-11-21T12:00:00Z", "--skew-window", "PT48H");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.lines()).contains("backups: b1+b2", "nodes: 3 of 3 available", "schema: schema.cql of " + NODE2 + " b2",
                "unavailable nodes: none", "problems: 1", "  " + NODE3 + " b2: " + manifestMissing(DAY2, 2, "b2"));
        assertThat(printed.table("node", "dc", "rack", "tokens", "node backup")).containsExactly(
                NODE1 + "|dc1|rack1|1|b2", NODE2 + "|dc1|rack1|1|b2", NODE3 + "|dc1|rack1|1|b1");
        assertThat(printed.table("node", "backup", "started", "finished", "version", "mode", "size", "state", "used"))
                .extracting(row -> row.substring(row.lastIndexOf('|', row.lastIndexOf('|') - 1) + 1))
                .containsExactly("COMPLETE|yes", "COMPLETE|yes", "STARTED|no", "COMPLETE|yes");
    }

    @Test
    void verifyOfACompleteBackupFindsEveryReadPossibleAndExitsZero() {
        CliRun run = run("backups", "verify", cluster1, "b1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.SUCCESS);
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.lines().get(0)).isEqualTo("Verifying backup 'b1' at " + cluster1 + " (medusa layout): 3 node backups");
        assertThat(printed.table("node", "backup", "started", "finished", "objects", "size", "state")).containsExactly(
                NODE1 + "|b1|" + time(DAY1, 0) + "|" + finished(DAY1, 0) + "|" + b1.node(NODE1).objects().size() + "|" + size(b1.node(NODE1)) + "|COMPLETE",
                NODE2 + "|b1|" + time(DAY1, 1) + "|" + finished(DAY1, 1) + "|" + b1.node(NODE2).objects().size() + "|" + size(b1.node(NODE2)) + "|COMPLETE",
                NODE3 + "|b1|" + time(DAY1, 2) + "|" + finished(DAY1, 2) + "|" + b1.node(NODE3).objects().size() + "|" + size(b1.node(NODE3)) + "|COMPLETE");
        assertThat(printed.lines()).contains("problems: none");
        assertThat(printed.table("backup", "keyspace", "consistency", "result", "detail"))
                .containsExactly("b1|ks|ONE|readable|", "b1|ks|QUORUM|readable|", "b1|ks|ALL|readable|");
        assertThat(printed.lines().get(printed.lines().size() - 1))
                .isEqualTo("result: ok: 3 of 3 node backups complete, 3 of 3 reads can proceed");
    }

    @Test
    void verifyOfABackupMissingANodeSaysWhichReadsFailAndExitsOne() {
        CliRun run = run("backups", "verify", cluster1, "b2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.block("problems: 1")).containsExactly(
                "problems: 1",
                "  " + NODE3 + " b2: " + manifestMissing(DAY2, 2, "b2"),
                "b2: unavailable nodes: 1",
                "  " + NODE3 + ": b2 (" + time(DAY2, 2) + "): STARTED: " + manifestMissing(DAY2, 2, "b2"));
        String lacking = "2 of 3 token ranges lack replicas: consistency %s needs 2 of the replicas [" + NODE2 + ", " + NODE3
                + "] of token range (-6000000000000000000, 0] but only 1 have a complete node backup [" + NODE2 + "]";
        assertThat(printed.table("backup", "keyspace", "consistency", "result", "detail")).containsExactly(
                "b2|ks|ONE|readable|", "b2|ks|QUORUM|unreadable|" + lacking.formatted("QUORUM"),
                "b2|ks|ALL|unreadable|" + lacking.formatted("ALL"));
        assertThat(printed.lines().get(printed.lines().size() - 1))
                .isEqualTo("result: FAILED: 1 of 3 node backups incomplete or invalid, 2 of 3 reads cannot proceed");
    }

    @Test
    void verifyAsOfChecksTheSelectionAtTheLevelAskedFor() {
        CliRun one = run("backups", "verify", cluster1, "--as-of", "2026-11-21T12:00:00Z", "--consistency", "ONE");
        CliRun quorum = run("backups", "verify", cluster1, "--as-of", "2026-11-21T12:00:00Z", "--consistency", "quorum");

        assertThat(one.exitCode()).as(one.toString()).isEqualTo(MovedataCli.SUCCESS);
        PrintedText printed = PrintedText.of(one.out());
        assertThat(printed.lines().get(0)).isEqualTo("Verifying as of 2026-11-21T12:00:00Z, skew window PT6H at " + cluster1
                + " (medusa layout): 2 node backups");
        assertThat(printed.block("passed over: 2")).containsExactly(
                "passed over: 2",
                "  " + NODE3 + ": b2 (" + time(DAY2, 2) + ") rejected: STARTED: " + manifestMissing(DAY2, 2, "b2"),
                "  " + NODE3 + ": b1 (" + time(DAY1, 2) + ") rejected: started more than the skew window PT6H before the "
                        + "newest chosen node backup (" + NODE2 + " b2 at " + time(DAY2, 1) + ")");
        assertThat(printed.table("backup", "keyspace", "consistency", "result", "detail")).containsExactly("b2|ks|ONE|readable|");
        assertThat(printed.lines().get(printed.lines().size() - 1))
                .isEqualTo("result: ok: 2 of 2 node backups complete, 1 of 1 reads can proceed");
        assertThat(quorum.exitCode()).as(quorum.toString()).isEqualTo(MovedataCli.FAILED);
        PrintedText quorumPrinted = PrintedText.of(quorum.out());
        assertThat(quorumPrinted.table("backup", "keyspace", "consistency", "result", "detail")).singleElement()
                .asString().startsWith("b2|ks|QUORUM|unreadable|2 of 3 token ranges lack replicas");
        assertThat(quorumPrinted.lines().get(quorumPrinted.lines().size() - 1))
                .isEqualTo("result: FAILED: 1 of 1 reads cannot proceed");
    }

    @Test
    void verifyOfTheBrokenBackupPrintsEveryProblemWithNodeAndKey() {
        CliRun run = run("backups", "verify", brokenLocation);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.FAILED);
        PrintedText printed = PrintedText.of(run.out());
        assertThat(printed.lines().get(0)).isEqualTo("Verifying every backup at " + brokenLocation + " (medusa layout): 3 node backups");
        assertThat(printed.block("problems: 3")).containsExactly(
                "problems: 3",
                "  " + NODE1 + " b1: object " + missingKey + " (" + dataObject(broken.node(NODE1)).size()
                        + " bytes) is listed but does not exist",
                "  " + NODE2 + " b1: object " + resizedKey + " is listed with " + resizedSize + " bytes but has 3",
                "  " + NODE3 + " b1: key " + escapingKey + " is outside the node's prefix broken/" + NODE3 + "/; refused");
        assertThat(printed.table("backup", "keyspace", "consistency", "result", "detail"))
                .containsExactly("b1|-|-|unreadable|none of its node backups can be read: see problems above");
        assertThat(printed.lines().get(printed.lines().size() - 1))
                .isEqualTo("result: FAILED: 3 of 3 node backups incomplete or invalid, 1 of 1 reads cannot proceed");
    }

    @Test
    void verifyWithChecksumsFindsTheFlippedByteTheListingCheckPasses() throws Exception {
        String damaged = backups.damagedLocation;
        BackupObject flipped = dataObject(backups.damaged.node(NODE2));
        CliRun listing = run("backups", "verify", damaged);
        CliRun checksums = run("backups", "verify", damaged, "--checksums");
        CliRun json = run("backups", "verify", damaged, "--checksums", "--json");

        assertThat(listing.exitCode()).as(listing.toString()).isEqualTo(MovedataCli.SUCCESS);
        assertThat(PrintedText.of(listing.out()).lines()).contains("check: listing (sizes and presence)");
        assertThat(checksums.exitCode()).as(checksums.toString()).isEqualTo(MovedataCli.FAILED);
        assertThat(checksums.err()).isEmpty();
        PrintedText printed = PrintedText.of(checksums.out());
        int objects = backups.damaged.nodes().values().stream().mapToInt(node -> node.objects().size()).sum();
        assertThat(printed.lines().get(1)).startsWith("check: checksums (every object read: " + objects + " objects, ");
        assertThat(printed.block("checksums: 1 of " + objects + " objects differ")).hasSize(2).last().asString()
                .startsWith("  " + NODE2 + " b1: node '" + NODE2 + "' object " + flipped.key() + ": MD5 is ")
                .endsWith(" but the manifest lists " + flipped.md5());
        assertThat(printed.lines().get(printed.lines().size() - 1))
                .isEqualTo("result: FAILED: 1 of " + objects + " objects differ from their checksums");
        JsonNode document = new ObjectMapper().readTree(json.out());
        assertThat(json.exitCode()).isEqualTo(MovedataCli.FAILED);
        assertThat(document.path("check").asText()).startsWith("checksums (every object read: ");
        assertThat(document.path("checksumMismatches")).hasSize(1);
        JsonNode mismatch = document.path("checksumMismatches").get(0);
        assertThat(mismatch.path("key").asText()).isEqualTo(flipped.key());
        assertThat(mismatch.path("listedBy")).extracting(JsonNode::asText).containsExactly(NODE2 + " b1");
        assertThat(mismatch.path("problem").asText()).contains(flipped.key(), "but the manifest lists " + flipped.md5());
        JsonNode listingOnly = new ObjectMapper().readTree(run("backups", "verify", damaged, "--json").out());
        assertThat(listingOnly.path("check").asText()).isEqualTo("listing (sizes and presence)");
        assertThat(listingOnly.path("checksumMismatches").isNull()).as("present, null without --checksums").isTrue();
        assertThat(document.path("result").asText()).isEqualTo("FAILED");
    }

    @Test
    void verifyRefusesAnUnknownBackupKeyspaceLevelOrTimeWithExitTwo() {
        CliRun backup = run("backups", "verify", cluster1, "b9");
        CliRun keyspace = run("backups", "verify", cluster1, "b1", "--keyspace", "nope");
        CliRun level = run("backups", "verify", cluster1, "--consistency", "MOST");
        CliRun time = run("backups", "verify", cluster1, "--as-of", "yesterday");
        CliRun early = run("backups", "verify", cluster1, "--as-of", "2026-11-19T00:00:00Z");
        CliRun both = run("backups", "verify", cluster1, "b1", "--as-of", "2026-11-21T00:00:00Z");

        for (CliRun run : List.of(backup, keyspace, level, time, early, both)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
            assertThat(run.out()).as(run.toString()).isEmpty();
        }
        assertThat(backup.err()).isEqualTo("movedata: No backup named 'b9' at " + cluster1 + " (medusa layout); backups found: [b1, b2]\n");
        assertThat(keyspace.err()).isEqualTo("movedata: Keyspace 'nope' is not in the schema.cql of " + cluster1
                + " backup 'b1'; keyspaces there: [ks]\n");
        assertThat(level.err()).startsWith("movedata: Invalid value for option '--consistency'")
                .contains("Unknown consistency 'MOST'; expected one of [ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM]");
        assertThat(time.err()).startsWith("movedata: Invalid value for option '--as-of'")
                .contains("expected an ISO-8601 time such as 2026-11-20T00:00:00Z, found 'yesterday'");
        assertThat(early.err()).isEqualTo("movedata: No node backup at " + cluster1 + " started at or before "
                + "2026-11-19T00:00:00Z; the first started at " + time(DAY1, 0) + "\n");
        assertThat(both.err()).startsWith("movedata: Give a BACKUP or --as-of, not both");
    }

    @Test
    void showAndListRefuseABadSelectionWithExitTwo() {
        CliRun unknown = run("backups", "show", cluster1, "b9");
        CliRun several = run("backups", "show", cluster1);
        CliRun skewAlone = run("backups", "list", cluster1, "--skew-window", "1h");
        CliRun badSkew = run("backups", "list", cluster1, "--as-of", "2026-11-21T00:00:00Z", "--skew-window", "soon");
        CliRun earlyList = run("backups", "list", cluster1, "--as-of", "2026-11-19T00:00:00Z");
        CliRun earlyShow = run("backups", "show", cluster1, "--as-of", "2026-11-19T00:00:00Z");

        for (CliRun run : List.of(unknown, several, skewAlone, badSkew, earlyList, earlyShow)) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        }
        for (CliRun early : List.of(earlyList, earlyShow)) {
            assertThat(early.err()).as(early.toString()).isEqualTo("movedata: No node backup at " + cluster1
                    + " started at or before 2026-11-19T00:00:00Z; the first started at " + time(DAY1, 0) + "\n");
        }
        assertThat(unknown.err()).startsWith("movedata: No backup named 'b9' at " + cluster1);
        assertThat(several.err()).startsWith("movedata: Name a backup or give an as-of time: " + cluster1 + " holds 2 backups [b1, b2]");
        assertThat(skewAlone.err()).startsWith("movedata: --skew-window applies to --as-of selections only");
        assertThat(badSkew.err()).contains("expected a duration such as PT30M, 90s, 30m, 6h or 1d, found 'soon'");
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.err()).as(run.toString()).isEmpty();
        // One document and nothing else on stdout.
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(run.out());
    }

    @Test
    void listShowAndVerifyPrintOneJsonDocumentWithTheDocumentedFields() throws IOException {
        CliRun list = run("backups", "list", cluster1, "--json");
        CliRun asOf = run("backups", "list", cluster1, "--as-of", "2026-11-21T12:00:00Z", "--json");
        CliRun show = run("backups", "show", cluster1, "b2", "--json");
        CliRun verify = run("backups", "verify", cluster1, "b2", "--json");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode listed = json(list);
        assertThat(listed.get("location").asText()).isEqualTo(cluster1);
        assertThat(listed.get("layout").asText()).isEqualTo("medusa");
        JsonNode second = listed.get("backups").get(1);
        assertThat(second.get("name").asText()).isEqualTo("b2");
        assertThat(second.get("referenceTime").asText()).isEqualTo(time(DAY2, 1));
        assertThat(second.get("nodesComplete").asInt()).isEqualTo(2);
        assertThat(second.get("nodesInRing").asInt()).isEqualTo(3);
        assertThat(second.get("bytes").asLong()).isEqualTo(bytes(b2.node(NODE1)) + bytes(b2.node(NODE2)));
        assertThat(second.get("state").asText()).isEqualTo("partial: 1 started");
        JsonNode started = listed.get("nodeBackups").get(5);
        assertThat(started.get("node").asText()).isEqualTo(NODE3);
        assertThat(started.get("finished").isNull()).isTrue();
        assertThat(started.get("bytes").isNull()).isTrue();
        assertThat(started.get("state").asText()).isEqualTo("STARTED");
        assertThat(started.get("reason").asText()).isEqualTo(manifestMissing(DAY2, 2, "b2"));
        assertThat(listed.get("absent").isEmpty()).isTrue();

        JsonNode selection = json(asOf);
        assertThat(selection.get("asOf").asText()).isEqualTo("2026-11-21T12:00:00Z");
        assertThat(selection.get("skewWindow").asText()).isEqualTo("PT6H");
        assertThat(selection.get("backups").asText()).isEqualTo("b2");
        assertThat(selection.get("nodesAvailable").asInt()).isEqualTo(2);
        assertThat(selection.get("decisions")).extracting(d -> d.get("node").asText() + "|" + d.get("decision").asText())
                .containsExactly(NODE1 + "|chosen", NODE2 + "|chosen", NODE3 + "|rejected", NODE3 + "|rejected");
        assertThat(selection.get("unavailable").fieldNames()).toIterable().containsExactly(NODE3);

        JsonNode shown = json(show);
        assertThat(shown.get("backup").asText()).isEqualTo("b2");
        assertThat(shown.get("asOf").isNull()).isTrue();
        assertThat(shown.get("schemaSource").asText()).isEqualTo("schema.cql of " + NODE2 + " b2");
        assertThat(shown.get("ring").get(2).get("nodeBackup").isNull()).isTrue();
        assertThat(shown.get("nodeBackups").get(2).get("used").asBoolean()).isFalse();
        assertThat(shown.get("nodeBackups").get(0).get("mode").asText()).isEqualTo("differential");
        assertThat(shown.get("tables").get(0).get("table").asText()).isEqualTo("ks.t");
        assertThat(shown.get("keyspaces").get(0).toString()).isEqualTo("{\"keyspace\":\"ks\",\"replication\":\"SimpleStrategy 2\",\"tables\":[\"t\"]}");
        assertThat(shown.get("problems")).extracting(JsonNode::asText).containsExactly(NODE3 + " b2: " + manifestMissing(DAY2, 2, "b2"));

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(MovedataCli.FAILED);
        JsonNode verified = json(verify);
        assertThat(verified.fieldNames()).toIterable().containsExactly("checked", "check", "location", "layout", "nodeBackups",
                "passedOver", "problems", "checksumMismatches", "unavailable", "reads", "result", "summary");
        assertThat(verified.get("reads").get(0).fieldNames()).toIterable()
                .containsExactly("backup", "keyspace", "consistency", "readable", "detail");
        assertThat(verified.get("checked").asText()).isEqualTo("backup 'b2'");
        assertThat(verified.get("nodeBackups").get(0).get("objects").asInt()).isEqualTo(b2.node(NODE1).objects().size());
        assertThat(verified.get("passedOver").isNull()).isTrue();
        assertThat(verified.get("unavailable").get("b2").fieldNames()).toIterable().containsExactly(NODE3);
        assertThat(verified.get("reads")).extracting(r -> r.get("consistency").asText() + "|" + r.get("readable").asBoolean())
                .containsExactly("ONE|true", "QUORUM|false", "ALL|false");
        assertThat(verified.get("result").asText()).isEqualTo("FAILED");
        assertThat(verified.get("summary").asText()).isEqualTo("FAILED: 1 of 3 node backups incomplete or invalid, 2 of 3 reads cannot proceed");
    }
}
