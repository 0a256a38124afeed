package io.movedata.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.movedata.connector.kv.KeyValueConnector;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.WrittenItem;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's sample data, written by cassandra-all on a 3-node, RF=3 cluster and published as a
 * Medusa backup: an orders table with the history a real table has (updates, deletes of rows and
 * partitions, expired and live TTLs, data spread over several flushes), and a key-value namespace
 * (its items and chunks tables) of mixed value sizes and codecs, overwrites, deletes and expiries.
 */
final class DemoBackup {
    static final String TABLE = "shop.orders";
    /** The key-value namespace: its items table; the chunks table is {@code kv.users_chunks}. */
    static final String NAMESPACE = "kv.users";
    static final int KV_RECORDS = 40;
    /** Small chunks, so that values of a few tens of KiB are chunked too and the demo stays quick. */
    static final int KV_CHUNK_SIZE = 16 * 1024;
    private static final long KV_SEED = 20261207L;
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
            CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
            """ + KvNamespaceWriter.schema(NAMESPACE, KvNamespaceWriter.KeyOrder.ASC);

    private static final List<String> PRODUCTS = List.of("kettle", "teapot", "mug", "filter", "grinder", "scale", "tin");
    private static final List<String> CITIES = List.of("Lisbon", "Oslo", "Kyoto", "Austin", "Lagos", "Lima");

    private DemoBackup() {}

    /** What the demo's backup holds, as written (before merging). */
    record Written(int orderStatements, int itemWrites) {}

    /** Writes the cluster's backup {@code name} to {@code location}. */
    static Written write(Path directory, ObjectStore store, StoreLocation location, String name, int customers) {
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
            int items = writeNamespace(cluster, Instant.now()).size();
            sleepPastShortTtls();
            cluster.backup(store, location, name, BackupMode.DIFFERENTIAL);
            return new Written(statements, items);
        }
    }

    /** The namespace's chunks table. */
    static String chunksTable() {
        return KeyValueConnector.chunksTable(NAMESPACE);
    }

    /**
     * Writes the key-value namespace {@link #NAMESPACE} into {@code cluster} (whose schema has it):
     * the same items every time for the same {@code expiredBefore}; items with a past expiry expired
     * an hour before it.
     *
     * @return every item write, in order
     */
    static List<WrittenItem> writeNamespace(FixtureCluster cluster, Instant expiredBefore) {
        return new KvNamespaceWriter(cluster, NAMESPACE).chunkSize(KV_CHUNK_SIZE).generate(KV_SEED, KV_RECORDS, expiredBefore);
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
