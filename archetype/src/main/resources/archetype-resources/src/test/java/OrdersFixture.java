package ${package};

import io.movedata.testkit.FixtureCluster;

/**
 * The fixture backup of the contract test: the Cassandra schema and the writes of a small orders
 * table. The kit writes them into real SSTables (cassandra-all) and publishes a backup of them.
 * Writes carry their own timestamps, so an update or a delete wins over the write it follows, as in
 * Cassandra.
 */
final class OrdersFixture {
    static final String TABLE = "shop.orders";

    static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE shop.orders (
                customer text,
                order_id int,
                item text,
                qty int,
                PRIMARY KEY (customer, order_id))""";

    private static final String INSERT =
            "INSERT INTO shop.orders (customer, order_id, item, qty) VALUES (?, ?, ?, ?) USING TIMESTAMP 10";

    private OrdersFixture() {
    }

    static void write(FixtureCluster cluster) {
        cluster.execute(INSERT, "alice", 1, "blue mug", 2)
                .execute(INSERT, "alice", 2, "Tea, green", 1)
                .execute(INSERT, "alice", 3, "teapot (large)", 3)
                .execute(INSERT, "bob", 1, "spoon", null)
                .execute(INSERT, "bob", 2, "fork", 4)
                .execute(INSERT, "carol", 1, "plate", 5)
                .flush()
                // In newer SSTables: bob's fork quantity changed, carol's only order deleted.
                .execute("UPDATE shop.orders USING TIMESTAMP 20 SET qty = 6 WHERE customer = 'bob' AND order_id = 2")
                .execute("DELETE FROM shop.orders USING TIMESTAMP 20 WHERE customer = 'carol' AND order_id = 1");
    }
}
