package io.movedata.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.BackupObject;
import io.movedata.testkit.BackupOptions;
import io.movedata.testkit.ClusterBackupInfo;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.NodeBackupInfo;
import io.movedata.testkit.S3Endpoint;

/**
 * The backups docs/backups.md shows, in an S3 endpoint on disk, so that each node backup's start and
 * finish times are set exactly (its meta objects' modification times, which S3 reports as
 * LastModified) and every printed line can be checked.
 *
 * <p>{@code s3://backups/cluster1}: backup b1 complete on all three nodes (2026-11-20), b2 a day later
 * with node3's manifest missing (a node backup that never finished). {@code s3://backups/broken}: one
 * backup whose node1 lacks an object, node2 has an object of the wrong size, and node3's manifest
 * lists a key outside its prefix. Three nodes with single tokens, keyspace {@code ks} at replication
 * factor 2, so each node replicates two of the three ranges. {@code s3://backups/damaged}: one complete
 * backup whose node2 Data.db has one byte flipped (same size: only {@code --checksums} sees it).
 */
final class DocumentedBackups implements AutoCloseable {
    static final String NODE1 = "node1.fixture.local";
    static final String NODE2 = "node2.fixture.local";
    static final String NODE3 = "node3.fixture.local";
    static final List<String> NODES = List.of(NODE1, NODE2, NODE3);
    static final String BUCKET = "backups";
    static final Instant DAY1 = Instant.parse("2026-11-20T00:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-11-21T00:00:00Z");
    /** How long each node backup took: its manifest's time after its schema.cql's. */
    static final Duration TOOK = Duration.ofMinutes(10);

    final S3Endpoint s3;
    final FixtureCluster cluster;
    final ClusterBackupInfo b1;
    final ClusterBackupInfo b2;
    final ClusterBackupInfo broken;
    final ClusterBackupInfo damaged;
    final String cluster1;
    final String brokenLocation;
    final String damagedLocation;
    final String missingKey;
    final String resizedKey;
    final long resizedSize;
    final String escapingKey;

    DocumentedBackups(Path directory) {
        cluster = FixtureCluster.builder()
                .schema("""
                        CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2};
                        CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY (k, c));
                        """)
                .node(NODE1, "dc1", "rack1", List.of(-6_000_000_000_000_000_000L))
                .node(NODE2, "dc1", "rack1", List.of(0L))
                .node(NODE3, "dc1", "rack1", List.of(6_000_000_000_000_000_000L))
                .build();
        for (int k = 0; k < 8; k++) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?) USING TIMESTAMP 10", k, 1, "v-" + k);
        }
        s3 = S3Endpoint.onDisk(directory.resolve("s3"));
        s3.createBucket(BUCKET);
        StoreLocation first = s3.location(BUCKET, "cluster1");
        StoreLocation second = s3.location(BUCKET, "broken");
        StoreLocation third = s3.location(BUCKET, "damaged");
        try (ObjectStore store = s3.openStore(BUCKET)) {
            b1 = cluster.backup(store, first, "b1", BackupMode.DIFFERENTIAL);
            b2 = cluster.backup(store, first, "b2", BackupMode.DIFFERENTIAL, BackupOptions.defaults().withoutManifest(NODE3));
            broken = cluster.backup(store, second, "b1", BackupMode.DIFFERENTIAL);
            // node1 loses an object, node2's Data.db is replaced by 3 bytes, node3's manifest lists a key that climbs out.
            missingKey = dataObject(broken.node(NODE1)).key();
            store.delete(missingKey);
            BackupObject resized = dataObject(broken.node(NODE2));
            resizedKey = resized.key();
            resizedSize = resized.size();
            store.put(resizedKey, "abc".getBytes());
            BackupObject listed = dataObject(broken.node(NODE3));
            escapingKey = "broken/" + NODE3 + "/../" + NODE1 + "/data/ks/t-" + listed.tableId() + "/" + listed.fileName();
            List<Map<String, Object>> manifest = List.of(Map.of("keyspace", "ks", "columnfamily", "t-" + listed.tableId(),
                    "objects", List.of(Map.of("path", escapingKey, "MD5", listed.md5(), "size", listed.size()))));
            store.put(broken.node(NODE3).manifestKey().orElseThrow(), new ObjectMapper().writeValueAsBytes(manifest));
            damaged = cluster.backup(store, third, "b1", BackupMode.DIFFERENTIAL);
            String flippedKey = dataObject(damaged.node(NODE2)).key();
            byte[] bytes = store.readAll(flippedKey);
            bytes[bytes.length / 2] ^= 0x01;
            store.put(flippedKey, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backdate(b1, DAY1);
        backdate(b2, DAY2);
        backdate(broken, DAY1);
        backdate(damaged, DAY1);
        cluster1 = first.toString();
        brokenLocation = second.toString();
        damagedLocation = third.toString();
    }

    static BackupObject dataObject(NodeBackupInfo node) {
        return node.objects().stream().filter(o -> o.fileName().endsWith("-Data.db")).findFirst().orElseThrow();
    }

    /**
     * Gives node i's backup the start time {@code day + i minutes} (its meta objects) and, when it
     * finished, the finish time {@link #TOOK} later (its manifest).
     */
    private void backdate(ClusterBackupInfo backup, Instant day) {
        for (int i = 0; i < NODES.size(); i++) {
            NodeBackupInfo node = backup.node(NODES.get(i));
            Instant started = day.plus(Duration.ofMinutes(i));
            for (String key : node.metaKeys()) {
                boolean manifest = node.manifestKey().map(key::equals).orElse(false);
                s3.setLastModified(BUCKET, key, manifest ? started.plus(TOOK) : started);
            }
        }
    }

    @Override
    public void close() {
        s3.close();
        cluster.close();
    }
}
