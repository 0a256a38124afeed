package io.movedata.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.SparkSession;

/** What a connector may know about the movement it is created for. */
public interface ConnectorContext {

    /** The id of this run, unique per run; also recorded in the report and the lineage. */
    String movementId();

    /** The Cassandra tables ({@code keyspace.table}) the movement spec names as its source; may be empty. */
    List<String> sourceTables();

    /** The session the movement runs in. */
    SparkSession spark();

    /**
     * The time the rows are as of: the backup's reference time. A row expired by the connector's own
     * rules (an item's expiry in its metadata) is gone when its expiry is at or before this.
     */
    Instant referenceTime();

    /**
     * The backup the movement reads: location, name, node backups and reference time.
     *
     * <p>Not yet stable ({@link Unstable}), as {@link BackupIdentity} is.
     */
    @Unstable
    BackupIdentity backup();

    /**
     * The current snapshot of the table the movement's destination maps {@code target} to, with the
     * lineage an earlier movement recorded in it; empty when the table does not exist yet or has no
     * snapshot. A connector can compare it with {@link #backup()} to decide what to emit again.
     *
     * <p>Not yet stable ({@link Unstable}), as {@link TargetSnapshot} is.
     *
     * @param target a target name the connector declares in {@link Connector#targets}
     * @throws ConnectorException when the destination maps no table to {@code target}
     */
    @Unstable
    Optional<TargetSnapshot> currentSnapshot(String target);

    /**
     * A count reported in the movement's report under {@code connector.counts.<name>}, for the
     * connector's transforms to add to on the executors.
     *
     * @param name an identifier, unique within the connector
     * @param description what is counted, shown with the count
     */
    ReportedCount count(String name, String description);
}
