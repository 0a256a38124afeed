package io.movedata.runtime.movement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.SourceTable;
import io.movedata.runtime.movement.MovementReport.LookupReport;
import io.movedata.runtime.read.ReadPlan;
import io.movedata.runtime.spark.BackupRead;
import io.movedata.runtime.spark.ReadMetrics;
import io.movedata.runtime.spark.ScanPlanning;
import io.movedata.runtime.spark.SparkFailures;
import io.movedata.runtime.store.ByteSizes;

/**
 * The small tables a run's connector looks up while deciding what to read
 * ({@link ConnectorContext#lookup}): each read as the run reads its sources (a {@link BackupRead}
 * of the run's node backups, consistency and datacenter, with every integrity check), planned first
 * so that a table above the byte cap is refused before anything is fetched, then collected up to one
 * row past the row cap. Each table is read once per run, with read metrics of its own, so that the
 * report counts it apart from the sources.
 */
final class TableLookups {
    /** The most rows a lookup may return and SSTable bytes it may read. */
    record Cap(int maxRows, long maxBytes) {
        /** The cap {@link ConnectorContext#lookup} declares. */
        static final Cap DECLARED = new Cap(100_000, 64L * 1024 * 1024);

        /** @throws ConnectorException when the planned bytes are above the cap */
        void checkBytes(String connector, String table, long plannedBytes) {
            if (plannedBytes > maxBytes) {
                throw refused(connector, table, ByteSizes.text(maxBytes) + " of SSTables",
                        "its read plans " + ByteSizes.text(plannedBytes));
            }
        }

        /** @throws ConnectorException when more rows were found than the cap allows */
        void checkRows(String connector, String table, long rowsFound) {
            if (rowsFound > maxRows) {
                throw refused(connector, table, String.format(Locale.ROOT, "%,d rows", maxRows),
                        String.format(Locale.ROOT, "it holds at least %,d", rowsFound));
            }
        }

        private static ConnectorException refused(String connector, String table, String cap, String found) {
            return new ConnectorException("Connector '" + connector + "' looked up table " + table + ", but a lookup "
                    + "reads at most " + cap + " and " + found + "; a table that large belongs in the connector's sources");
        }
    }

    private record Lookup(List<Row> rows, ReadMetrics metrics) {}

    private final SparkSession spark;
    private final String movementId;
    private final String connector;
    private final BiFunction<SourceTable, ReadMetrics, BackupRead> reads;
    private final Cap cap;
    private final Map<String, Lookup> done = new LinkedHashMap<>();

    /**
     * @param connector the connector's name, for messages
     * @param reads the run's read of a table, adding to the metrics given
     */
    TableLookups(SparkSession spark, String movementId, String connector,
                 BiFunction<SourceTable, ReadMetrics, BackupRead> reads, Cap cap) {
        this.spark = spark;
        this.movementId = movementId;
        this.connector = connector;
        this.reads = reads;
        this.cap = cap;
    }

    /** The rows of {@code table}, read on the first call (see {@link ConnectorContext#lookup}). */
    synchronized List<Row> rows(String table) {
        Lookup lookup = done.get(table);
        if (lookup == null) {
            lookup = read(SourceTable.of(table));
            done.put(table, lookup);
        }
        return lookup.rows();
    }

    /** What each lookup read, in the order the connector asked. */
    synchronized List<LookupReport> reports() {
        List<LookupReport> reports = new ArrayList<>();
        done.forEach((table, lookup) -> reports.add(new LookupReport(table, lookup.rows().size(),
                lookup.metrics().bytesRead(), lookup.metrics().bytesFetched())));
        return reports;
    }

    private Lookup read(SourceTable table) {
        ReadMetrics metrics = new ReadMetrics(spark.sparkContext(), movementId + ".lookup." + table.table());
        try {
            Dataset<Row> rows = reads.apply(table, metrics).load(spark).limit(cap.maxRows() + 1);
            // Planned by the same query the collect runs, so the plan is made once and refused unfetched.
            ScanPlanning.planScans(rows);
            cap.checkBytes(connector, table.table(), metrics.plans().stream().mapToLong(ReadPlan::totalBytes).sum());
            List<Row> collected = rows.collectAsList();
            cap.checkRows(connector, table.table(), collected.size());
            return new Lookup(List.copyOf(collected), metrics);
        } catch (ConnectorException e) {
            throw e;
        } catch (Exception e) { // Spark's checked SparkException escapes Scala code undeclared
            throw new MovedataException(ErrorKind.of(e), "Connector '" + connector + "' looked up table " + table.table()
                    + ", which cannot be read: " + SparkFailures.message(e), e);
        }
    }
}
