package io.movedata.testkit.contract;

import java.util.function.Consumer;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * The fixture backups of one contract, in an in-process S3 endpoint: the team's backup (its schema
 * and rows) and the edge backups the kit derives from the schema ({@link EdgeRows}), each written
 * when first asked for.
 */
final class ContractFixtures implements AutoCloseable {
    /** The team's backup. */
    static final String CONTRACT = "contract";
    /** The schema and no rows. */
    static final String EMPTY = "empty";
    /** The schema with the edge rows. */
    static final String EDGE = "edge";
    /** The edge rows, every partition deleted afterwards. */
    static final String DELETED = "deleted";

    private static final String BUCKET = "contract";

    private final Contract contract;
    private final S3Endpoint endpoint = S3Endpoint.inMemory();
    private StoreLocation team;
    private StoreLocation edge;

    ContractFixtures(Contract contract) {
        this.contract = contract;
        endpoint.createBucket(BUCKET);
    }

    S3Endpoint endpoint() {
        return endpoint;
    }

    /** Where the team's backup is, or will be once {@link #team()} writes it. */
    StoreLocation teamLocation() {
        return endpoint.location(BUCKET, "team");
    }

    /** The location of the team's backup {@link #CONTRACT}, written from the contract's schema and data. */
    synchronized StoreLocation team() {
        if (team == null) {
            StoreLocation location = teamLocation();
            try (FixtureCluster cluster = cluster(); ObjectStore store = endpoint.openStore(BUCKET)) {
                for (Consumer<FixtureCluster> writer : contract.data()) {
                    writer.accept(cluster);
                }
                cluster.backup(store, location, CONTRACT, BackupMode.FULL);
            }
            team = location;
        }
        return team;
    }

    /** The location of the backups {@link #EMPTY}, {@link #EDGE} and {@link #DELETED}, taken in that order of one cluster. */
    synchronized StoreLocation edge() {
        if (edge == null) {
            StoreLocation location = endpoint.location(BUCKET, "edge");
            try (FixtureCluster cluster = cluster(); ObjectStore store = endpoint.openStore(BUCKET)) {
                cluster.backup(store, location, EMPTY, BackupMode.FULL);
                EdgeRows rows = EdgeRows.of(cluster.schemaTables());
                rows.write(cluster);
                cluster.flush();
                cluster.backup(store, location, EDGE, BackupMode.FULL);
                rows.delete(cluster);
                cluster.flush();
                cluster.backup(store, location, DELETED, BackupMode.FULL);
            }
            edge = location;
        }
        return edge;
    }

    private FixtureCluster cluster() {
        return FixtureCluster.builder().schema(contract.schemaCql()).nodes(contract.nodeCount()).build();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
