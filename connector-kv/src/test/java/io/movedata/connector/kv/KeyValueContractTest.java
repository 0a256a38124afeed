package io.movedata.connector.kv;

import java.time.Instant;
import java.util.Map;

import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.testkit.contract.Contract;
import io.movedata.testkit.contract.ConnectorContractTest;
import io.movedata.testkit.contract.ExpectedRows;

/**
 * The contract of the {@code key-value} connector: a namespace with an inline item with a content
 * type, a compressed item in chunks, an expired item, an item with an expiry to come, and a deleted
 * item, moved into both targets.
 */
class KeyValueContractTest extends ConnectorContractTest {
    private static final long NEW_YEAR_MICROS = 1_767_225_600_000_000L;

    @Override
    protected Contract contract() {
        return Contract.connector("key-value")
                .schema("CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(KvNamespaceWriter.schema("kv.users", KvNamespaceWriter.KeyOrder.ASC))
                .data(cluster -> {
                    KvNamespaceWriter kv = new KvNamespaceWriter(cluster, "kv.users").chunkSize(8);
                    kv.item("u1", "a").value("alpha").contentType("text/plain").inline().timestamp(NEW_YEAR_MICROS).write();
                    kv.item("u1", "b").value("bravo-bravo-bravo-bravo").codec(ValueCodec.ZSTD).chunked()
                            .timestamp(NEW_YEAR_MICROS + 1).write();
                    kv.item("u2", "c").value("charlie").expiresAt(Instant.parse("2026-01-01T00:00:00Z"))
                            .timestamp(NEW_YEAR_MICROS + 2).write();
                    kv.item("u2", "d").value("delta").codec(ValueCodec.SNAPPY).expiresAt(Instant.parse("2100-01-01T00:00:00Z"))
                            .timestamp(NEW_YEAR_MICROS + 3).write();
                    kv.item("u3", "e").value("echo").timestamp(NEW_YEAR_MICROS + 4).write();
                    kv.deleteItem("u3", "e".getBytes(java.nio.charset.StandardCharsets.UTF_8), NEW_YEAR_MICROS + 5);
                })
                .options(Map.of("namespace", "kv.users", "records", "true", "buckets", "4"))
                .streaming()
                .expectedRows("items", ExpectedRows.jsonLines("/contract/items.jsonl"))
                .expectedRows("records", ExpectedRows.jsonLines("/contract/records.jsonl"));
    }
}
