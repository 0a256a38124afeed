package io.movedata.api;

import java.util.List;

import org.apache.spark.sql.SparkSession;

/** What a connector may know about the movement it is created for. */
public interface ConnectorContext {

    /** The id of this run, unique per run; also recorded in the report and the lineage. */
    String movementId();

    /** The Cassandra tables ({@code keyspace.table}) the movement spec names as its source; may be empty. */
    List<String> sourceTables();

    /** The session the movement runs in. */
    SparkSession spark();
}
