package io.movedata.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.iceberg.IcebergSink;
import io.movedata.runtime.iceberg.SnapshotInfo;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's {@code cassandra-table} part: an orders table with the history a real table has
 * (updates, deletes of rows and partitions, expired and live TTLs, data spread over several
 * flushes), moved into {@code demo.shop.orders}; it prints a sample and the snapshot's lineage.
 */
final class TableDemo implements DemoPart {
    static final String TABLE = "shop.orders";
    private static final List<String> PRODUCTS = List.of("kettle", "teapot", "mug", "filter", "grinder", "scale", "tin");
    private static final List<String> CITIES = List.of("Lisbon", "Oslo", "Kyoto", "Austin", "Lagos", "Lima");

    private final int customers;

    TableDemo(int customers) {
        this.customers = customers;
    }

    @Override
    public String connector() {
        return "cassandra-table";
    }

    @Override
    public String schema() {
        return """
                CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                CREATE TYPE shop.address (street text, city text, zip text);
                CREATE TABLE shop.orders (
                    customer text,
                    order_id int,
                    customer_name text STATIC,
                    placed_at timestamp,
                    status text,
                    total decimal,
                    items map<text, int>,
                    tags set<text>,
                    ship_to frozen<address>,
                    PRIMARY KEY (customer, order_id)
                ) WITH CLUSTERING ORDER BY (order_id DESC);
                """;
    }

    @Override
    public String write(FixtureCluster cluster) {
        Random random = new Random(20261126L);
        Instant start = Instant.parse("2026-11-01T08:00:00Z");
        long micros = start.toEpochMilli() * 1000;
        int statements = 0;
        for (int c = 0; c < customers; c++) {
            String customer = String.format("cust-%04d", c);
            cluster.execute("INSERT INTO shop.orders (customer, customer_name) VALUES (?, ?) USING TIMESTAMP ?",
                    customer, "Customer " + c, micros);
            int orders = 1 + random.nextInt(12);
            for (int o = 1; o <= orders; o++) {
                Map<String, Integer> items = new LinkedHashMap<>();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    items.put(PRODUCTS.get(random.nextInt(PRODUCTS.size())), 1 + random.nextInt(4));
                }
                String city = CITIES.get(random.nextInt(CITIES.size()));
                cluster.execute("INSERT INTO shop.orders (customer, order_id, placed_at, status, total, items, tags, ship_to) "
                                + "VALUES (?, ?, ?, 'placed', ?, ?, ?, ?) USING TIMESTAMP ?",
                        customer, o, start.plusSeconds(3600L * (c + o)), BigDecimal.valueOf(500 + random.nextInt(20000), 2),
                        items, Set.of(random.nextBoolean() ? "web" : "store"),
                        cluster.udt("shop.address", o + " Main St", city, String.format("%05d", random.nextInt(99999))),
                        micros + o);
                statements++;
            }
            if (c % 50 == 49) {
                cluster.flush();
            }
        }
        cluster.flush();
        long later = micros + 10_000_000;
        for (int c = 0; c < customers; c++) {
            String customer = String.format("cust-%04d", c);
            int roll = random.nextInt(100);
            if (roll < 30) {
                cluster.execute("UPDATE shop.orders USING TIMESTAMP ? SET status = 'shipped', tags = tags + {'shipped'} "
                        + "WHERE customer = ? AND order_id = 1", later, customer);
            } else if (roll < 36) {
                cluster.execute("DELETE FROM shop.orders USING TIMESTAMP ? WHERE customer = ? AND order_id = 1", later, customer);
            } else if (roll < 38) {
                cluster.execute("DELETE FROM shop.orders USING TIMESTAMP ? WHERE customer = ?", later, customer);
            } else if (roll < 48) {
                // a promotion that ran out before the backup, and a cart hold that is still live
                cluster.execute("INSERT INTO shop.orders (customer, order_id, status, tags) VALUES (?, 100, 'promo', {'flash'}) "
                        + "USING TIMESTAMP ? AND TTL 1", customer, later);
                cluster.execute("INSERT INTO shop.orders (customer, order_id, status) VALUES (?, 101, 'cart') "
                        + "USING TIMESTAMP ? AND TTL 864000", customer, later);
            }
            statements++;
        }
        cluster.flush();
        return "table " + TABLE + ", " + String.format("%,d", statements) + " writes, updates, deletes and TTLs over several flushes";
    }

    @Override
    public String specFile() {
        return "movement.yaml";
    }

    @Override
    public String spec(String source, Path root) {
        return """
                # The demo's movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-orders
                %s
                  tables: [%s]
                  consistency: LOCAL_QUORUM
                connector:
                  name: cassandra-table
                  options:
                    partitionBy: ["bucket(8, customer)"]
                    sortBy: customer, order_id DESC
                    rowWritetime: true
                destination:
                  catalog: {name: demo, type: hadoop, warehouse: "%s"}
                  namespace: shop
                  table: orders
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(source, TABLE, root.resolve("warehouse"), root.resolve("reports"));
    }

    @Override
    public String moves() {
        return "cassandra-table into demo.shop.orders";
    }

    @Override
    public void show(Steps steps, Path root) {
        Dataset<Row> table = LocalSpark.session().table("demo.shop.orders");
        List<Row> rows = table.orderBy(functions.col("customer"), functions.col("order_id").desc()).limit(8).collectAsList();
        steps.step("A sample of the Iceberg table demo.shop.orders:");
        steps.out().print(ShowCommand.render(table.schema(), rows));
        CatalogSettings catalog = CatalogSettings.hadoop("demo", root.resolve("warehouse"));
        SnapshotInfo latest = new IcebergSink(LocalSpark.session(), catalog).history("shop.orders").get(0);
        steps.step("Lineage in the summary of snapshot " + latest.snapshotId() + ":");
        new TreeMap<>(latest.summary()).forEach((key, value) -> {
            if (key.startsWith("movedata.")) {
                steps.out().println("     " + key + " = " + value);
            }
        });
    }
}
