package io.movedata.runtime.iceberg;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.iceberg.Transaction;
import org.apache.iceberg.spark.functions.SparkFunctions;
import org.apache.iceberg.spark.source.StagedSparkTable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchFunctionException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark catalog of the Iceberg transactions a movement writes into, one per table (a table's
 * creation, or an existing table's new columns, layout and rows): Spark writes into
 * {@code movedata_staged.`<id>`}, and nothing is visible in the table's own catalog until the
 * transaction commits (a table being created appears with its first snapshot). Iceberg's staged
 * CREATE TABLE AS SELECT does the same for a new table, but cannot take a sort order. Iceberg's
 * partition transforms are this catalog's functions, which Spark needs to distribute the rows of
 * a partitioned table. Spark creates a catalog from its class name and hands it only names, hence
 * the registry (entries live only while their write runs; the movedata_staged catalog is left out
 * of the catalog names users are shown).
 */
public final class StagedTables implements TableCatalog, FunctionCatalog {
    static final String NAME = "movedata_staged";
    private static final Map<String, StagedSparkTable> STAGED = new ConcurrentHashMap<>();

    private String name = NAME;

    /** Registers this catalog in the session; harmless when it already is. */
    static void register(SparkSession spark) {
        spark.conf().set("spark.sql.catalog." + NAME, StagedTables.class.getName());
    }

    /**
     * Registers a transaction for Spark to write into.
     *
     * @return the table's name for Spark, {@code movedata_staged.`<id>`}
     */
    static String stage(Transaction creation, String id) {
        STAGED.put(id, new StagedSparkTable(creation));
        return NAME + ".`" + id + "`";
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static void unstage(String id) {
        STAGED.remove(id);
    }

    @Override
    public void initialize(String catalogName, CaseInsensitiveStringMap options) {
        this.name = catalogName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        StagedSparkTable table = ident.namespace().length == 0 ? STAGED.get(ident.name()) : null;
        if (table == null) {
            throw new NoSuchTableException(ident);
        }
        return table;
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        return new Identifier[0];
    }

    @Override
    public Table createTable(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties) {
        throw new UnsupportedOperationException("Catalog " + name + " only holds tables movedata is creating");
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw new UnsupportedOperationException("Catalog " + name + " only holds tables movedata is creating");
    }

    @Override
    public boolean dropTable(Identifier ident) {
        return false;
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw new UnsupportedOperationException("Catalog " + name + " only holds tables movedata is creating");
    }

    @Override
    public Identifier[] listFunctions(String[] namespace) {
        return SparkFunctions.list().stream().map(function -> Identifier.of(namespace, function)).toArray(Identifier[]::new);
    }

    @Override
    public UnboundFunction loadFunction(Identifier ident) throws NoSuchFunctionException {
        UnboundFunction function = ident.namespace().length == 0 ? SparkFunctions.load(ident.name()) : null;
        if (function == null) {
            throw new NoSuchFunctionException(ident);
        }
        return function;
    }
}
