package io.movedata.runtime.iceberg;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.iceberg.Transaction;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.source.StagedSparkTable;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Spark's way into a table that is being created: {@code frame.write().format(StagedTables.class.getName())
 * .option(ID, id)} writes into the Iceberg create-table transaction registered under {@code id},
 * so a new table appears in its catalog only when the transaction commits, with its first snapshot
 * (Iceberg's own staged CREATE TABLE AS SELECT does the same, but cannot take a sort order).
 * Spark creates a provider from its class name and hands it only text options, hence the registry.
 */
public final class StagedTables implements TableProvider {
    static final String ID = "movedata.staged-table";
    private static final Map<String, StagedSparkTable> STAGED = new ConcurrentHashMap<>();

    /** Registers a transaction for Spark to write into; the id is the {@link #ID} option of the write. */
    static String register(Transaction creation) {
        String id = UUID.randomUUID().toString();
        STAGED.put(id, new StagedSparkTable(creation));
        return id;
    }

    static void unregister(String id) {
        STAGED.remove(id);
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return SparkSchemaUtil.convert(staged(options.get(ID)).table().schema());
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return staged(properties.get(ID));
    }

    private static StagedSparkTable staged(String id) {
        StagedSparkTable table = id == null ? null : STAGED.get(id);
        if (table == null) {
            throw new IllegalArgumentException("Option '" + ID + "' names '" + id
                    + "', but no table being created is registered under it in this driver");
        }
        return table;
    }
}
