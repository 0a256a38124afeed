package io.movedata.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.movedata.connector.kv.KeyValueConnector;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.connector.kv.fixture.WrittenItem;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's {@code key-value} part: a namespace (its items and chunks tables) of mixed value sizes
 * and codecs, overwrites, deletes and expiries, moved into {@code demo.kv.user_items} and
 * {@code demo.kv.user_records} in one read; it prints the smallest and largest item of each content
 * type, decoded.
 */
final class KeyValueDemo implements DemoPart {
    /** The key-value namespace: its items table; the chunks table is {@code kv.users_chunks}. */
    static final String NAMESPACE = "kv.users";
    static final int RECORDS = 40;
    /** Small chunks, so that values of a few tens of KiB are chunked too and the demo stays quick. */
    static final int CHUNK_SIZE = 16 * 1024;
    private static final long SEED = 20261207L;

    @Override
    public String connector() {
        return "key-value";
    }

    @Override
    public String schema() {
        return "CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};\n"
                + KvNamespaceWriter.schema(NAMESPACE, KvNamespaceWriter.KeyOrder.ASC);
    }

    @Override
    public String write(FixtureCluster cluster) {
        int items = writeNamespace(cluster, Instant.now()).size();
        return "key-value namespace " + NAMESPACE + " (items and chunks), " + String.format("%,d", items)
                + " item writes of mixed sizes and codecs, overwrites, deletes and expiries";
    }

    /**
     * Writes the namespace into {@code cluster} (whose schema has it): the same items every time for
     * the same {@code expiredBefore}; items with a past expiry expired an hour before it.
     *
     * @return every item write, in order
     */
    static List<WrittenItem> writeNamespace(FixtureCluster cluster, Instant expiredBefore) {
        return new KvNamespaceWriter(cluster, NAMESPACE).chunkSize(CHUNK_SIZE).generate(SEED, RECORDS, expiredBefore);
    }

    @Override
    public String specFile() {
        return "kv-movement.yaml";
    }

    /** Both outputs of the connector, items and records, from one read of the namespace's two tables. */
    @Override
    public String spec(String source, Path root) {
        return """
                # The demo's key-value movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-kv-users
                %s
                  tables: [%s, %s]
                  consistency: LOCAL_QUORUM
                connector:
                  name: key-value
                  options: {namespace: %s, records: true, buckets: 4}
                destination:
                  catalog: {name: demo, type: hadoop, warehouse: "%s"}
                  namespace: kv
                  tables: {items: user_items, records: user_records}
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(source, NAMESPACE, KeyValueConnector.chunksTable(NAMESPACE), NAMESPACE,
                root.resolve("warehouse"), root.resolve("reports"));
    }

    @Override
    public String moves() {
        return "key-value: " + NAMESPACE + " and its chunks, in one read, into demo.kv.user_items and demo.kv.user_records";
    }

    /**
     * The smallest and the largest item of each content type, with the connector's UDFs (the movement
     * registered them in the session): the key as text, the value as text when it is UTF-8 (its start),
     * else its first bytes in hex.
     */
    @Override
    public void show(Steps steps, Path root) {
        Dataset<Row> items = LocalSpark.session().sql("""
                SELECT id, kv_key_text(key) AS key,
                       CASE WHEN is_valid_utf8(CAST(value AS STRING))
                            THEN CASE WHEN char_length(CAST(value AS STRING)) > 36 THEN concat(left(CAST(value AS STRING), 33), '...')
                                      ELSE CAST(value AS STRING) END
                            ELSE concat('0x', lower(hex(substr(value, 1, 8))), CASE WHEN value_size > 8 THEN '...' ELSE '' END)
                            END AS value,
                       value_size, content_type
                FROM (SELECT *, row_number() OVER (PARTITION BY content_type ORDER BY value_size, id, key) AS smallest,
                                row_number() OVER (PARTITION BY content_type ORDER BY value_size DESC, id, key) AS largest
                      FROM demo.kv.user_items)
                WHERE smallest = 1 OR largest = 1
                ORDER BY content_type, value_size""");
        steps.step("Items of demo.kv.user_items, the smallest and the largest of each content type, decoded:");
        steps.out().print(ShowCommand.render(items.schema(), items.collectAsList()));
    }
}
