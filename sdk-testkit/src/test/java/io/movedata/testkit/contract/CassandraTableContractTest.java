package io.movedata.testkit.contract;

import java.util.Map;

/**
 * The contract of the built-in {@code cassandra-table} connector: a table with a static column,
 * collections and a descending clustering order, an update, a row deletion and a partition
 * deletion, copied with its row write times.
 */
class CassandraTableContractTest extends ConnectorContractTest {
    @Override
    protected Contract contract() {
        return Contract.connector("cassandra-table")
                .schema("""
                        CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};
                        CREATE TABLE shop.orders (customer text, order_id int, name text STATIC, total decimal,
                            tags set<text>, notes map<int, text>, PRIMARY KEY (customer, order_id))
                            WITH CLUSTERING ORDER BY (order_id DESC)""")
                .nodes(2)
                .data(cluster -> cluster
                        .execute("INSERT INTO shop.orders (customer, name) VALUES ('ada', 'Ada') USING TIMESTAMP 100")
                        .execute("INSERT INTO shop.orders (customer, order_id, total, tags, notes) VALUES ('ada', 1, 9.50, {'gift'}, {1: 'wrap'}) USING TIMESTAMP 100")
                        .execute("INSERT INTO shop.orders (customer, order_id, total) VALUES ('ada', 2, 20.00) USING TIMESTAMP 100")
                        .execute("INSERT INTO shop.orders (customer, order_id, total) VALUES ('bob', 1, 3.25) USING TIMESTAMP 100")
                        .execute("INSERT INTO shop.orders (customer, order_id, total) VALUES ('cy', 1, 1.00) USING TIMESTAMP 100")
                        .flush()
                        .execute("UPDATE shop.orders USING TIMESTAMP 200 SET total = 25.00 WHERE customer = 'ada' AND order_id = 2")
                        .execute("DELETE FROM shop.orders USING TIMESTAMP 200 WHERE customer = 'bob' AND order_id = 1")
                        .execute("DELETE FROM shop.orders USING TIMESTAMP 200 WHERE customer = 'cy'"))
                .tables("shop.orders")
                .options(Map.of("rowWritetime", "true"))
                .streaming()
                .expectedRows("table", ExpectedRows.jsonLines("/contract/cassandra-table-orders.jsonl"));
    }
}
