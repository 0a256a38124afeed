package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.api.OutputRow;
import io.movedata.api.PartitionGroup;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.KvNamespaceWriter.KeyOrder;
import io.movedata.connector.kv.fixture.WrittenItem;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3EndpointExtension;

/** The writer's seeded generator: the same data for a seed, realistic, and nothing the connector finds corrupt. */
class GeneratedNamespaceTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("generated");

    private static final String NS = "kv.generated";
    private static final Instant R = Instant.parse("2026-06-01T00:00:00Z");
    private static final int CHUNK = 4096;

    private static FixtureCluster cluster() {
        return FixtureCluster.builder()
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(KvNamespaceWriter.schema(NS, KeyOrder.ASC))
                .nodes(1).build();
    }

    private static String describe(WrittenItem item) {
        return item.id() + "/" + HexFormat.of().formatHex(item.key()) + "@" + item.timestamp() + "=" + item.value().length
                + ":" + ValueMetadata.crc32c(item.value()) + ":" + item.metadata();
    }

    @Test
    void theSameSeedWritesTheSameNamespace() {
        try (FixtureCluster a = cluster(); FixtureCluster b = cluster()) {
            List<WrittenItem> first = new KvNamespaceWriter(a, NS).chunkSize(CHUNK).generate(11, 30, R);
            List<WrittenItem> second = new KvNamespaceWriter(b, NS).chunkSize(CHUNK).generate(11, 30, R);

            assertThat(second.stream().map(GeneratedNamespaceTest::describe).toList())
                    .isEqualTo(first.stream().map(GeneratedNamespaceTest::describe).toList());
        }
    }

    @Test
    void everyItemReadIsTheLatestWriteOfItsKeyAndTheMixIsRealistic() {
        try (FixtureCluster cluster = cluster()) {
            List<WrittenItem> written = new KvNamespaceWriter(cluster, NS).chunkSize(CHUNK).generate(7, 60, R);
            Map<String, WrittenItem> latest = new HashMap<>();
            for (WrittenItem item : written) {
                latest.merge(item.id() + "/" + HexFormat.of().formatHex(item.key()), item,
                        (a, b) -> a.timestamp() >= b.timestamp() ? a : b);
            }
            NamespaceRead read = NamespaceRead.of(S3, "generated", cluster, NS, R);
            NamespaceTransform transform = new NamespaceTransform(NS, read.chunksTable(), read.itemColumns(),
                    read.chunkColumns(), R, false, CorruptItems.fail(NS));

            List<Row> items = new ArrayList<>();
            for (PartitionGroup group : read.groups()) {
                transform.apply(group).forEachRemaining((OutputRow row) -> items.add(row.row()));
            }

            for (Row item : items) {
                WrittenItem expected = latest.get(item.getString(0) + "/" + HexFormat.of().formatHex((byte[]) item.get(1)));
                assertThat((byte[]) item.get(2)).isEqualTo(expected.value());
                assertThat(item.getString(4)).isEqualTo(expected.metadata().contentType());
                assertThat(KvOutputs.micros(item.get(5))).isEqualTo(expected.timestamp());
                assertThat(expected.metadata().expiresAt() == null || expected.metadata().expiresAt().isAfter(R)).isTrue();
            }
            List<WrittenItem> moved = items.stream()
                    .map(item -> latest.get(item.getString(0) + "/" + HexFormat.of().formatHex((byte[]) item.get(1)))).toList();
            assertThat(moved).extracting(item -> item.metadata().codec()).contains(ValueCodec.values());
            assertThat(moved).filteredOn(item -> item.metadata().isChunked()).hasSizeGreaterThan(10);
            assertThat(moved).filteredOn(item -> Utf8.keyText(item.key()).startsWith("0x")).isNotEmpty();
            assertThat(moved).filteredOn(item -> item.metadata().expiresAt() != null).isNotEmpty();
            assertThat(moved).filteredOn(item -> item.ttlSeconds() > 0).isNotEmpty();
            assertThat(items.size()).as("deletes and expiries left some keys out").isLessThan(latest.size() - 20);
            assertThat(written.size()).as("some keys were written more than once").isGreaterThan(latest.size());
        }
    }
}
