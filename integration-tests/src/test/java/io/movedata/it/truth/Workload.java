package io.movedata.it.truth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * A seeded random workload over a table with a composite partition key, three clustering
 * columns, static columns, collections and UDTs: inserts, updates, overwrites, every kind of
 * delete (cell, row, range, partition, static, collection element, UDT field), short and long
 * TTLs. Replaying the same seed issues the same statements.
 */
final class Workload {
    static final String KEYSPACE = "truth";
    static final String TABLE = KEYSPACE + ".events";

    static String schema(int replicationFactor) {
        return """
                CREATE KEYSPACE truth WITH replication = {'class': 'SimpleStrategy', 'replication_factor': %d};
                CREATE TYPE truth.address (street text, city text, zip int);
                CREATE TABLE truth.events (
                    tenant text, bucket int, day int, seq int, kind text,
                    owner text STATIC, quota int STATIC,
                    payload text, amount bigint, score double, ok boolean, at timestamp,
                    tags set<text>, nums list<int>, attrs map<text, int>,
                    home frozen<address>, addr address,
                    PRIMARY KEY ((tenant, bucket), day, seq, kind)
                ) WITH CLUSTERING ORDER BY (day DESC, seq ASC, kind ASC)
                """.formatted(replicationFactor);
    }

    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");
    private static final List<String> KINDS = List.of("click", "view", "buy");
    private static final List<String> WORDS = List.of("red", "green", "blue", "amber", "teal", "plum");

    private final CqlSession session;
    private final Random random;
    private final ConsistencyLevel consistency;

    Workload(CqlSession session, long seed, ConsistencyLevel consistency) {
        this.session = session;
        this.random = new Random(seed);
        this.consistency = consistency;
    }

    static void createSchema(CqlSession session, int replicationFactor) {
        for (String statement : schema(replicationFactor).split(";")) {
            if (!statement.isBlank()) {
                session.execute(statement);
            }
        }
    }

    /** Runs {@code operations} random statements; every {@code flushEvery} it calls {@code flush}. */
    void run(int operations, int flushEvery, Runnable flush) {
        for (int i = 1; i <= operations; i++) {
            step();
            if (i % flushEvery == 0) {
                flush.run();
            }
        }
    }

    /** Rows that expire after {@code ttlSeconds}: present at a snapshot taken before then. */
    void insertExpiring(int rows, int ttlSeconds) {
        for (int i = 0; i < rows; i++) {
            execute("INSERT INTO " + TABLE + " (tenant, bucket, day, seq, kind, payload) VALUES (?, ?, ?, ?, ?, ?) USING TTL "
                    + ttlSeconds, "expiring", i % 3, 1, i, "click", "lives " + ttlSeconds + " s");
        }
    }

    private void step() {
        String tenant = pick(TENANTS);
        int bucket = random.nextInt(3);
        int day = random.nextInt(6);
        int seq = random.nextInt(8);
        String kind = pick(KINDS);
        int roll = random.nextInt(100);
        String key = " WHERE tenant = ? AND bucket = ? AND day = ? AND seq = ? AND kind = ?";
        if (roll < 30) {
            String ttl = random.nextInt(10) == 0 ? " USING TTL 1" : random.nextInt(10) == 0 ? " USING TTL 86400" : "";
            execute("INSERT INTO " + TABLE + " (tenant, bucket, day, seq, kind, payload, amount, score, ok, at, tags, nums, "
                            + "attrs, home, addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            + "{street: ?, city: ?, zip: ?}, {street: ?, city: ?, zip: ?})" + ttl,
                    tenant, bucket, day, seq, kind, pick(WORDS) + random.nextInt(1000), random.nextLong(),
                    random.nextDouble(), random.nextBoolean(), Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000)),
                    new java.util.TreeSet<>(List.of(pick(WORDS), pick(WORDS))), List.of(random.nextInt(100), random.nextInt(100)),
                    Map.of(pick(WORDS), random.nextInt(100)), random.nextInt(100) + " Main St", pick(WORDS), random.nextInt(99999),
                    random.nextInt(100) + " Side St", pick(WORDS), random.nextInt(99999));
        } else if (roll < 40) {
            execute("UPDATE " + TABLE + " SET payload = ?, amount = ?" + key, "updated" + random.nextInt(100),
                    random.nextLong(), tenant, bucket, day, seq, kind);
        } else if (roll < 47) {
            execute("UPDATE " + TABLE + " SET tags = tags + ?, nums = nums + ?, attrs[?] = ?" + key, Set.of(pick(WORDS)),
                    List.of(random.nextInt(100)), pick(WORDS), random.nextInt(100), tenant, bucket, day, seq, kind);
        } else if (roll < 52) {
            execute("UPDATE " + TABLE + " SET tags = tags - ?" + key, Set.of(pick(WORDS)), tenant, bucket, day, seq, kind);
        } else if (roll < 56) {
            execute("DELETE attrs[?] FROM " + TABLE + key, pick(WORDS), tenant, bucket, day, seq, kind);
        } else if (roll < 60) {
            execute("UPDATE " + TABLE + " SET addr.city = ?" + key, pick(WORDS), tenant, bucket, day, seq, kind);
        } else if (roll < 66) {
            execute("UPDATE " + TABLE + " SET owner = ?, quota = ? WHERE tenant = ? AND bucket = ?", pick(WORDS),
                    random.nextInt(1000), tenant, bucket);
        } else if (roll < 68) {
            execute("DELETE owner FROM " + TABLE + " WHERE tenant = ? AND bucket = ?", tenant, bucket);
        } else if (roll < 74) {
            execute("DELETE payload, score FROM " + TABLE + key, tenant, bucket, day, seq, kind);
        } else if (roll < 82) {
            execute("DELETE FROM " + TABLE + key, tenant, bucket, day, seq, kind);
        } else if (roll < 87) {
            execute("DELETE FROM " + TABLE + " WHERE tenant = ? AND bucket = ? AND day = ?", tenant, bucket, day);
        } else if (roll < 91) {
            execute("DELETE FROM " + TABLE + " WHERE tenant = ? AND bucket = ? AND day = ? AND seq > ?", tenant, bucket, day, seq);
        } else if (roll < 93) {
            execute("DELETE FROM " + TABLE + " WHERE tenant = ? AND bucket = ?", tenant, bucket);
        } else {
            execute("UPDATE " + TABLE + " USING TTL " + (random.nextBoolean() ? 1 : 86400) + " SET payload = ?" + key,
                    "ttl" + random.nextInt(100), tenant, bucket, day, seq, kind);
        }
    }

    private void execute(String cql, Object... values) {
        session.execute(SimpleStatement.newInstance(cql, values).setConsistencyLevel(consistency));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
