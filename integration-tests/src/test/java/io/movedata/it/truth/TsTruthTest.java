package io.movedata.it.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import io.movedata.connector.timeseries.fixture.TimeSeriesWriter;
import io.movedata.it.timeseries.TsRows;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;
import io.movedata.testkit.cassandra.CassandraCluster;
import io.movedata.testkit.cassandra.CassandraNode;

/**
 * A time-series namespace written through CQL to a real node ({@link TimeSeriesWriter}'s seeded
 * mix: four slices of their own bucket settings, events of several items under every codec, TTLs,
 * expiries, overwrites, deletes of items, events, event-time ranges and partitions, over several
 * flushes), backed up with {@code movedata backup} and moved with the {@code timeseries} connector
 * (both forms), equals what the namespace's readers get from the node's {@code SELECT *}
 * ({@link TsReadPath}), and what the writer says they get.
 */
class TsTruthTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("tstruth");

    private static final String KEYSPACE = "tst";

    @TempDir
    static Path work;

    private static CassandraCluster cluster;
    private static TimeSeriesWriter writer;
    private static TruthHarness harness;
    private static StoreLocation location;

    @BeforeAll
    static void writeAndBackUp() throws Exception {
        cluster = CassandraCluster.builder().nodes(1).directory(work.resolve("node")).start();
        CassandraNode node = cluster.node(1);
        CqlSession session = cluster.session();
        session.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        for (String statement : TimeSeriesWriter.schema(KEYSPACE, "m", List.of("m_1", "m_2", "m_3", "m_4")).split(";\n")) {
            session.execute(statement);
        }
        Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();
        writer = new TimeSeriesWriter((cql, values) -> {
            Object[] bound = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                bound[i] = values[i] instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : values[i];
            }
            session.execute(prepared.computeIfAbsent(cql, session::prepare).bind(bound));
        }, KEYSPACE, "m");
        Instant now = Instant.now();
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        writer.slice("m_1", day.minus(Duration.ofDays(3)), day.minus(Duration.ofDays(2))).secondsPerBucket(3600).eventBuckets(4)
                .status("CLOSED").write();
        writer.slice("m_2", day.minus(Duration.ofDays(2)), day.minus(Duration.ofDays(1))).secondsPerBucket(600).eventBuckets(3)
                .status("CLOSED").write();
        writer.slice("m_3", day.minus(Duration.ofDays(1)), day).secondsPerBucket(86_400).eventBuckets(1).write();
        writer.slice("m_4", day, day.plus(Duration.ofDays(1))).secondsPerBucket(7200).eventBuckets(2).write();
        writer.generate(17, 4, 10, now, 1);
        node.flush(KEYSPACE);
        writer.generate(18, 3, 10, now, 1);
        node.flush(KEYSPACE);
        Thread.sleep(1500); // the 1-second TTLs have run out before the snapshot
        location = S3.location("tstruth", "node");
        harness = new TruthHarness(S3, work, "truth_ts");
        harness.backup(node, location, "snap");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void movementEqualsTheNamespacesReadPathOfTheNode() throws Exception {
        TruthHarness.Run run = harness.move("ts-m", location, "snap", "ONE", "tst.m_1, tst.m_2, tst.m_3, tst.m_4", "{name: timeseries, options: "
                + "{keyspace: " + KEYSPACE + ", namespace: m, form: both}}", "tables: {events: events, event_items: items}", "ts");
        MovementReport report = TruthHarness.report(run);
        Instant referenceTime = Instant.parse(report.source().referenceTime());
        // Nothing on the node changes between the snapshot and this SELECT: no TTL runs out in between.
        List<String> truth = TsReadPath.events(cluster.session(), KEYSPACE, "m", referenceTime);

        assertThat(TsRows.events(harness.table("ts", "events"))).containsExactlyElementsOf(truth);
        assertThat(truth).isEqualTo(TsRows.expectedEvents(writer.expectedEvents(referenceTime, null, null)))
                .hasSizeGreaterThan(150);
        assertThat(TsRows.items(harness.table("ts", "items")))
                .containsExactlyElementsOf(TsRows.expectedItems(writer.expectedEvents(referenceTime, null, null)));
        assertThat(report.source().tables()).containsExactly("tst.m_1", "tst.m_2", "tst.m_3", "tst.m_4");
    }
}
