package io.movedata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.store.ByteSizes;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.verify.BackupVerification;

/**
 * {@code movedata backups verify <location> [<backup> | --as-of T] [--checksums]}: are the node
 * backups whole (listed objects present with their sizes, or with {@code --checksums} also read
 * and matching their checksums), and could a read at each consistency level asked for proceed? Exit 0 when everything asked for
 * is, 1 when not, 2 for invalid input. The checks are {@link BackupVerification}'s; this command
 * prints its result as text or JSON.
 */
@Command(name = "verify",
        description = {"Checks the node backups in question (every one at LOCATION, those of BACKUP, or those an --as-of "
                + "read would use): each finished, and every object its manifest lists exists with the listed size "
                + "inside the node's own prefix. Prints each problem with node and key.",
                "Then says, for each keyspace of each backup's schema, whether a read at each consistency level could "
                        + "proceed with the node backups there are, by the same rules a read plans with.",
                "With --checksums, every object of the complete node backups is also read and compared with the MD5 its "
                        + "manifest lists (and each Data.db with its Digest.crc32).",
                "Spark is not started."},
        exitCodeList = {
                "0:every node backup checked is complete (with --checksums: every object matches) and every read checked "
                        + "can proceed",
                "1:a node backup checked is incomplete or damaged, or a read checked cannot proceed (or the object store failed)",
                "2:usage error or invalid input: an unknown backup or keyspace, a bad time, duration, level or location"})
final class BackupsVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix or file:///dir.")
    String location;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP",
            description = "Verify only this backup. Default: every backup at LOCATION (or, with --as-of, that selection).")
    String name;

    @Option(names = "--consistency", paramLabel = "LEVEL", split = ",", converter = ConsistencyConverter.class,
            description = "The consistency levels to check reads at, comma-separated: ONE, TWO, THREE, QUORUM, LOCAL_ONE, "
                    + "LOCAL_QUORUM, ALL (LOCAL_ levels are checked in each datacenter). Default: ONE,QUORUM,ALL.")
    List<Consistency> levels;

    @Option(names = "--keyspace", paramLabel = "KEYSPACE",
            description = "Check reads of this keyspace only. Default: every keyspace the backups hold but Cassandra's own "
                    + "(system, system_auth, ...).")
    String keyspace;

    @Option(names = "--checksums",
            description = "Also read every object of the complete node backups to the end and compare it with the MD5 the "
                    + "manifest lists and, for a Data.db, its Digest.crc32 (reads the whole backup; objects listed with no "
                    + "plain MD5 are checked by size). Default: a listing check of presence and sizes only.")
    boolean checksums;

    @Mixin
    BackupsOptions options;

    @Override
    public Integer call() {
        Duration skewWindow = options.asOf.skewWindow(spec);
        if (name != null && options.asOf.asOf != null) {
            throw new ParameterException(spec.commandLine(), "Give a BACKUP or --as-of, not both (found '" + name
                    + "' and --as-of " + options.asOf.asOf + ")");
        }
        StoreLocation where = options.s3.location(location);
        BackupVerification.Result result;
        try (ObjectStore store = ObjectStores.open(where)) {
            result = BackupVerification.verify(store, BackupCatalog.open(store, where),
                    new BackupVerification.Request(name, options.asOf.asOf, skewWindow, levels, keyspace, checksums));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(options.json ? Json.text(result) : text(result));
        return result.ok() ? MovedataCli.SUCCESS : MovedataCli.FAILED;
    }

    private static String text(BackupVerification.Result result) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        int checked = result.nodeBackups().size();
        out.println("Verifying " + result.checked() + " at " + result.location() + " (" + result.layout() + " layout): "
                + checked + (checked == 1 ? " node backup" : " node backups"));
        out.println("check: " + result.check());
        out.println();
        out.print(nodeTable(result.nodeBackups()));
        if (result.passedOver() != null) {
            out.println();
            out.println("passed over: " + (result.passedOver().isEmpty() ? "none" : result.passedOver().size()));
            result.passedOver().forEach(line -> out.println("  " + line));
        }
        out.println();
        out.println("problems: " + (result.problems().isEmpty() ? "none" : result.problems().size()));
        result.problems().forEach(problem -> out.println("  " + problem));
        result.unavailable().forEach((backup, nodes) -> {
            if (!nodes.isEmpty()) {
                out.print((result.passedOver() != null ? "" : backup + ": ") + BackupText.unavailable(nodes));
            }
        });

        if (result.checksumMismatches() != null) {
            List<String> mismatches = result.checksumMismatches().stream()
                    .map(m -> String.join(", ", m.listedBy()) + ": " + m.problem()).toList();
            out.println();
            out.println("checksums: " + (mismatches.isEmpty() ? "all match"
                    : mismatches.size() + " of " + result.checksummedObjects() + " objects differ"));
            mismatches.forEach(mismatch -> out.println("  " + mismatch));
        }

        out.println();
        out.println("Reads");
        TextTable table = new TextTable(List.of("backup", "keyspace", "consistency", "result", "detail")).uncut(4);
        result.reads().forEach(read -> table.add(List.of(read.backup(), BackupText.orNone(read.keyspace()),
                BackupText.orNone(read.consistency()), read.outcome(), read.detail())));
        out.print(table.render());
        out.println();
        out.println("result: " + result.summary());
        out.flush();
        return text.toString();
    }

    private static String nodeTable(List<BackupVerification.CheckedNodeBackup> checked) {
        TextTable nodes = new TextTable(List.of("node", "backup", "started", "finished", "objects", "size", "state"))
                .alignRight(4).alignRight(5);
        for (BackupVerification.CheckedNodeBackup node : checked) {
            nodes.add(List.of(node.node(), node.backup(), node.started(), BackupText.orNone(node.finished()),
                    String.valueOf(node.objects()), ByteSizes.text(node.bytes()), node.state()));
        }
        return nodes.render();
    }

    /** {@link Consistency#parse}, its message kept. */
    static final class ConsistencyConverter implements ITypeConverter<Consistency> {
        @Override
        public Consistency convert(String value) {
            return ParsedValue.of(value, Consistency::parse);
        }
    }
}
