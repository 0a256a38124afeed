package io.movedata.cli;

import java.util.function.BiFunction;

import io.movedata.testkit.FixtureCluster;

/**
 * The table the cli's tests move and show: {@code ks.t (k int, c int, v text, PRIMARY KEY (k, c))}
 * in keyspace {@code ks} (SimpleStrategy) on a fixture cluster of nodes
 * {@code node<i>.fixture.local}, with rows on a grid of partitions {@code k} and clusterings {@code c}.
 */
final class SmallTable {
    private SmallTable() {}

    /** A fixture cluster of {@code nodes} nodes holding an empty ks.t, replicated {@code replicationFactor} times. */
    static FixtureCluster cluster(int nodes, int replicationFactor) {
        return FixtureCluster.builder()
                .schema("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
                        + replicationFactor + "}")
                .schema("CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c))")
                .nodes(nodes)
                .build();
    }

    /**
     * Writes the rows {@code (k, c, value(k, c))} for every {@code k < partitions} and
     * {@code c < clusterings}, at timestamp 10.
     */
    static void writeGrid(FixtureCluster cluster, int partitions, int clusterings, BiFunction<Integer, Integer, String> value) {
        for (int k = 0; k < partitions; k++) {
            for (int c = 0; c < clusterings; c++) {
                cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, c, value.apply(k, c));
            }
        }
    }
}
