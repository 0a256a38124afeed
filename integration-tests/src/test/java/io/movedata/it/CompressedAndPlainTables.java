package io.movedata.it;

import java.util.Random;

import io.movedata.testkit.FixtureCluster;

/**
 * One node holding the same table twice, written row for row alike: {@code ks.compressed} with
 * Cassandra's default compression and {@code ks.plain} without, so a test of what a read fetches
 * covers both layouts of Data.db.
 */
final class CompressedAndPlainTables {
    private CompressedAndPlainTables() {}

    /** A one-node fixture cluster (replication factor 1) with the two tables, empty. */
    static FixtureCluster cluster() {
        return FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                        CREATE TABLE ks.compressed (k int, c int, v text, PRIMARY KEY (k, c));
                        CREATE TABLE ks.plain (k int, c int, v text, PRIMARY KEY (k, c)) WITH compression = {'enabled': 'false'};
                        """)
                .nodes(1)
                .build();
    }

    /** Writes the row {@code (k, c, v)} into both tables at timestamp 10. */
    static void insert(FixtureCluster cluster, int k, int c, String v) {
        cluster.execute("INSERT INTO ks.compressed (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, v);
        cluster.execute("INSERT INTO ks.plain (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, v);
    }

    /** {@code length} random letters: text that compresses about as real values do, not to nothing. */
    static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
