package io.movedata.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's sample data: a 3-node, RF=3 cluster's orders table written by cassandra-all, with the
 * history a real table has (updates, deletes of rows and partitions, expired and live TTLs, data
 * spread over several flushes), published as a Medusa backup.
 */
final class DemoBackup {
    static final String TABLE = "shop.orders";
    static final String SCHEMA = """
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

    private static final List<String> PRODUCTS = List.of("kettle", "teapot", "mug", "filter", "grinder", "scale", "tin");
    private static final List<String> CITIES = List.of("Lisbon", "Oslo", "Kyoto", "Austin", "Lagos", "Lima");

    private DemoBackup() {}

    /** Writes the cluster's backup {@code name} to {@code location}; returns the rows written before merging. */
    static int write(Path directory, ObjectStore store, StoreLocation location, String name, int customers) {
        Random random = new Random(20261126L);
        Instant start = Instant.parse("2026-11-01T08:00:00Z");
        long micros = start.toEpochMilli() * 1000;
        int statements = 0;
        try (FixtureCluster cluster = FixtureCluster.builder().schema(SCHEMA).nodes(3).directory(directory).build()) {
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
            sleepPastShortTtls();
            cluster.backup(store, location, name, BackupMode.DIFFERENTIAL);
        }
        return statements;
    }

    private static void sleepPastShortTtls() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the demo's 1 s TTLs to expire", e);
        }
    }
}
