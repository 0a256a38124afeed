package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.movedata.it.SharedSpark;
import io.movedata.it.kv.KvRows;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * A key-value namespace written through CQL to a real node ({@link KvCqlWorkload}: every case of the
 * model, then seeded random operations), backed up with {@code movedata backup} and moved with the
 * {@code key-value} connector, equals what the namespace's own read path returns from the node's
 * {@code SELECT *} of both tables ({@link KvReadPath}): every live item with its value bit for bit,
 * size, content type, write time and expiry, each record's items in clustering order, and the
 * corrupt item (a torn write) left out and counted. Keys ascending and descending.
 */
class KvTruthTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("kvtruth");

    private static final String KEYSPACE = "kvt";

    @TempDir
    static Path work;

    private static CassandraCluster cluster;
    private static TruthHarness harness;
    private static StoreLocation location;

    @BeforeAll
    static void writeAndBackUp() throws Exception {
        cluster = CassandraCluster.builder().nodes(1).directory(work.resolve("node")).start();
        CassandraNode node = cluster.node(1);
        cluster.session().execute("CREATE KEYSPACE " + KEYSPACE
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        for (String order : List.of("ASC", "DESC")) {
            String namespace = namespace(order);
            KvCqlWorkload.createSchema(cluster.session(), KEYSPACE, namespace, order);
            KvCqlWorkload workload = new KvCqlWorkload(cluster.session(), KEYSPACE, namespace, 12);
            workload.cases(() -> node.flush(KEYSPACE));
            workload.random(5, 150, () -> node.flush(KEYSPACE));
        }
        Thread.sleep(KvCqlWorkload.SHORT_TTL_SECONDS * 1000L + 500); // the short TTLs have run out before the snapshot
        location = S3.location("kvtruth", "node");
        harness = new TruthHarness(S3, work, "truth_kv");
        harness.backup(node, location, "snap");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String namespace(String order) {
        return "items_" + order.toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest(name = "keys {0}")
    @ValueSource(strings = {"ASC", "DESC"})
    void movementEqualsTheNamespacesReadPathOfTheNode(String order) throws Exception {
        String namespace = namespace(order);
        String table = KEYSPACE + "." + namespace;
        TruthHarness.Run run = harness.move("kv-" + namespace, location, "snap", "ONE", table + ", " + table + "_chunks",
                "{name: key-value, options: {namespace: " + table + ", records: true, onCorrupt: skip}}",
                "tables: {items: items, records: records}", namespace);
        MovementReport report = TruthHarness.report(run);
        // Nothing on the node changes between the snapshot and this SELECT: no TTL runs out in between.
        KvReadPath.Namespace truth = KvReadPath.read(cluster.session(), KEYSPACE, namespace,
                Instant.parse(report.source().referenceTime()));

        assertThat(KvRows.items(SharedSpark.session().table(harness.table(namespace, "items"))))
                .containsExactlyElementsOf(itemRows(truth.items()));
        assertThat(KvRows.records(SharedSpark.session().table(harness.table(namespace, "records"))))
                .containsExactlyElementsOf(recordRows(truth.items()));
        assertThat(truth.corrupt()).singleElement().asString().startsWith("torn/");
        assertThat(report.connector().counts().get("corruptItems").count()).isEqualTo(1);
        assertThat(truth.items()).as("live items on the node").hasSizeGreaterThan(60)
                .anySatisfy(item -> assertThat(item.valueSize()).isGreaterThan(3 * 1024 * 1024));
    }

    private static List<String> itemRows(List<KvReadPath.Item> items) {
        List<String> rows = new ArrayList<>();
        for (KvReadPath.Item item : items) {
            rows.add(KvRows.item(item.id(), item.key(), item.value(), item.contentType(), item.writeTime(), item.expiresAt()));
        }
        rows.sort(null);
        return rows;
    }

    /** Each record's items in the order the node returned them: clustering order. */
    private static List<String> recordRows(List<KvReadPath.Item> items) {
        Map<String, List<KvReadPath.Item>> records = new LinkedHashMap<>();
        items.forEach(item -> records.computeIfAbsent(item.id(), id -> new ArrayList<>()).add(item));
        List<String> rows = new ArrayList<>();
        records.forEach((id, its) -> rows.add(KvRows.record(id, its.stream().map(KvReadPath.Item::key).toList(),
                its.stream().map(KvReadPath.Item::value).toList())));
        rows.sort(null);
        return rows;
    }
}
