package io.movedata.it.movement;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import com.google.auto.service.AutoService;

import io.movedata.api.BackupIdentity;
import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;
import io.movedata.api.ReportedCount;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetSnapshot;
import io.movedata.api.TargetTable;

/**
 * The example of docs/connectors.md for the movement's identity and reported counts: the orders as
 * of the backup's reference time, large orders counted with samples, and one row per movement
 * saying which backup it moved and which backup the table held before.
 */
@AutoService(ConnectorFactory.class)
public final class OrderAuditConnector implements ConnectorFactory {
    static final String NAME = "order-audit";

    static final StructType ORDERS = new StructType()
            .add("customer", DataTypes.StringType)
            .add("order_id", DataTypes.IntegerType)
            .add("qty", DataTypes.IntegerType)
            .add("as_of", DataTypes.TimestampType);

    static final StructType MOVES = new StructType()
            .add("movement_id", DataTypes.StringType)
            .add("backup_location", DataTypes.StringType)
            .add("backup_name", DataTypes.StringType)
            .add("node_backups", DataTypes.StringType)
            .add("reference_time", DataTypes.TimestampType)
            .add("previous_snapshot_id", DataTypes.LongType)
            .add("previous_backup", DataTypes.StringType)
            .add("previous_movement_id", DataTypes.StringType);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "The orders as of the backup, large orders counted, and which backup each movement moved.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("table").required().documentation("the orders table, keyspace.table"),
                OptionSpec.integer("largeQty").defaultValue("5").validator(OptionSpec.Validator.atLeast(1))
                        .documentation("orders of at least this many items are counted as large"));
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        SourceTable orders = SourceTable.of(options.string("table"));
        int largeQty = options.integer("largeQty");
        return new Connector() {
            @Override
            public List<SourceTable> sources() {
                return List.of(orders);
            }

            @Override
            public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                return List.of(TargetTable.of("orders", ORDERS).sortedBy(List.of("customer", "order_id")),
                        TargetTable.of("moves", MOVES));
            }

            @Override
            public Map<String, Dataset<Row>> output(SourceFrames sources) {
                // Obtained on the driver, captured by the transform, added to on the executors.
                ReportedCount large = context.count("largeOrders", "orders of at least " + largeQty + " items");
                Timestamp asOf = Timestamp.from(context.referenceTime());
                Dataset<Row> audited = sources.transform(orders.table(), RowTransform.perRow(ORDERS, (row, out) -> {
                    Integer qty = row.getAs("qty");
                    if (qty != null && qty >= largeQty) {
                        large.add(row.getAs("customer") + "/" + row.getAs("order_id") + ": " + qty + " items");
                    }
                    out.accept(RowFactory.create(row.getAs("customer"), row.getAs("order_id"), qty, asOf));
                }));
                return Map.of("orders", audited, "moves", moves());
            }

            /** This movement's row: the backup it reads, and the one the table's current snapshot came from. */
            private Dataset<Row> moves() {
                BackupIdentity backup = context.backup();
                Optional<TargetSnapshot> previous = context.currentSnapshot("moves"); // empty on the first run
                Row move = RowFactory.create(context.movementId(), backup.location(), backup.name(),
                        String.join(",", backup.nodeBackups()), Timestamp.from(backup.referenceTime()),
                        previous.map(TargetSnapshot::snapshotId).orElse(null),
                        previous.map(snapshot -> snapshot.lineage().get("backup.name")).orElse(null),
                        previous.map(snapshot -> snapshot.lineage().get("movement-id")).orElse(null));
                return context.spark().createDataFrame(List.of(move), MOVES);
            }
        };
    }
}
