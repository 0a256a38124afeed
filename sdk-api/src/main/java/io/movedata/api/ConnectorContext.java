package io.movedata.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Row;
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
     * The rows of a small table, such as a list of time slices that decides which tables to read:
     * the rows {@code SELECT *} returns at the backup's {@link #referenceTime()}, read from the
     * movement's backup (the same node backups, consistency level and datacenter) with the same
     * integrity checks as every read of the movement, through Spark and collected on the driver. The
     * rows of a Cassandra partition are contiguous and in clustering order; partitions come in no
     * specified order.
     *
     * <p>Callable from {@link ConnectorFactory#create} and {@link Connector#sources()}, so that the
     * rows can decide what the connector reads. The table need not be one of the connector's sources;
     * it is read once per movement (asking again returns the same rows), and the movement's report
     * counts its rows and bytes under {@code read.lookups}, apart from the sources' reads.
     *
     * <p>A lookup is capped: it reads at most 64 MiB of SSTables (the bytes its read plans, over every
     * replica the consistency level reads; a table above is refused before anything is fetched) and
     * returns at most 100,000 rows. A larger table belongs in {@link Connector#sources()}.
     *
     * <p>Not yet stable ({@link Unstable}): added for the time-series connector (issue 14), its one
     * user so far.
     *
     * @param table {@code keyspace.table}
     * @return the rows, with the table's columns (no metadata columns); unmodifiable
     * @throws ConnectorException when {@code table} is not {@code keyspace.table}, or the table is
     *         above the cap (naming the table, the cap and what was found)
     * @throws MovedataException of the kind that fits when the table is not in the backup's schema
     *         or cannot be read (a missing or damaged SSTable, named with its node and object)
     */
    @Unstable
    List<Row> lookup(String table);

    /**
     * A count reported in the movement's report under {@code connector.counts.<name>}, for the
     * connector's transforms to add to on the executors.
     *
     * @param name an identifier, unique within the connector
     * @param description what is counted, shown with the count
     */
    ReportedCount count(String name, String description);
}
