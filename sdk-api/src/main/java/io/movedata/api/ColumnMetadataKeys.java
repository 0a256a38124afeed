package io.movedata.api;

/**
 * Keys of the metadata every Spark {@code StructField} read from a Cassandra table carries, so a
 * connector can see the CQL behind a Spark column without depending on Cassandra.
 */
public final class ColumnMetadataKeys {
    /** The column's CQL type as CQL writes it, for example {@code frozen<map<text, int>>}. */
    public static final String CQL_TYPE = "cql_type";
    /** The column's role: one of {@code partition_key}, {@code clustering}, {@code static}, {@code regular}, {@code metadata}. */
    public static final String KEY_ROLE = "key_role";
    /** For key columns: the position within the partition key or the clustering, from 0. */
    public static final String KEY_POSITION = "key_position";
    /** For clustering columns: {@code ASC} or {@code DESC}. */
    public static final String CLUSTERING_ORDER = "clustering_order";

    private ColumnMetadataKeys() {}
}
