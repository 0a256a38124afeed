package io.movedata.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.agent.NodeBackupAgent;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/** {@code movedata backup <location> --name NAME}: backs up one running node as a Medusa node backup. */
@Command(name = "backup",
        description = {"Backs up one running Cassandra node to LOCATION as a Medusa node backup: a snapshot through "
                + "JMX, the schema through CQL, the ring through JMX, the SSTables uploaded with manifest.json last.",
                "Run it on (or next to) the node, since it reads the snapshot's files from the node's data "
                        + "directories; run it on every node with the same --name for a cluster backup. Safe on a "
                        + "live node and to rerun after a crash: only a node backup with its manifest is complete."},
        exitCodeList = {
                "0:done: the node backup is complete",
                "1:the node could not be reached, snapshotted or uploaded",
                "2:usage error or invalid input: a bad option or location, or the node has a backup of that name"})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOCATION", description = "Where the backups live: s3://bucket/prefix or file:///dir.")
    String location;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The backup's name.")
    String name;

    @Option(names = "--jmx", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7199",
            description = "The node's JMX. Default: ${DEFAULT-VALUE}.")
    String jmx;

    @Option(names = "--cql", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9042",
            description = "The node's CQL native port, for its schema. Default: ${DEFAULT-VALUE}.")
    String cql;

    @Option(names = "--keyspaces", paramLabel = "KEYSPACE", split = ",",
            description = "Whole keyspaces to back up, comma-separated. Default: every non-system keyspace.")
    List<String> keyspaces;

    @Option(names = "--tables", paramLabel = "KEYSPACE.TABLE", split = ",",
            description = "Single tables to back up, comma-separated. With neither --keyspaces nor --tables: every "
                    + "non-system keyspace.")
    List<String> tables;

    @Option(names = "--full", description = "Medusa's full mode (every SSTable under the backup). Default: "
            + "differential (SSTables shared by a node's backups; only new ones are uploaded).")
    boolean full;

    @Mixin
    S3Options s3;

    @Override
    public Integer call() {
        String[] jmxAddress = hostAndPort("--jmx", jmx);
        String[] cqlAddress = hostAndPort("--cql", cql);
        StoreLocation where = s3.location(location);
        NodeBackupAgent.Request request = new NodeBackupAgent.Request(jmxAddress[0], Integer.parseInt(jmxAddress[1]),
                cqlAddress[0], Integer.parseInt(cqlAddress[1]), name, keyspaces == null ? List.of() : keyspaces,
                tables == null ? List.of() : tables, !full);
        try (ObjectStore store = ObjectStores.open(where)) {
            NodeBackupAgent.Result result = NodeBackupAgent.backup(request, store, where);
            spec.commandLine().getOut().println(result.summary());
        }
        return MovedataCli.SUCCESS;
    }

    private static String[] hostAndPort(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || !value.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Option " + option + " must be HOST:PORT, found '" + value + "'");
        }
        return new String[] {value.substring(0, colon), value.substring(colon + 1)};
    }
}
