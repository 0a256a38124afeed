package io.movedata.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.movedata.runtime.backup.MedusaBackupWriter;
import io.movedata.runtime.backup.NodeTopology;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;

/**
 * A Medusa-shaped location with thousands of objects, written by the runtime's own
 * {@link MedusaBackupWriter} in differential mode: per node, {@code backups} node backups of
 * {@code sstables} SSTables each (spread over {@link #TABLES} tables), of which {@code newPerBackup}
 * are new in each backup after the first (the oldest as many are gone, as compaction would have
 * it). SSTable components are a few bytes each: only listing is measured, but the manifests list
 * them with their real sizes, so verification compares every one.
 */
record ListingBucket(int nodes, int backups, int sstables, int newPerBackup, int tokensPerNode) {
    static final int TABLES = 4;
    static final String KEYSPACE = "bench";
    /** The components of a big-format SSTable. */
    static final List<String> COMPONENTS = List.of("Data.db", "Index.db", "Summary.db", "Filter.db", "Statistics.db",
            "CompressionInfo.db", "Digest.crc32", "TOC.txt");
    private static final int WRITER_THREADS = 4;

    String fqdn(int node) {
        return String.format("node%02d.bench.local", node + 1);
    }

    static String backupName(int backup) {
        return String.format("backup-%02d", backup + 1);
    }

    /** SSTable components under the location: each node's distinct SSTables, once (differential mode). */
    long componentObjects() {
        return (long) nodes * (sstables + (long) (backups - 1) * newPerBackup) * COMPONENTS.size();
    }

    /** Meta objects: schema.cql, tokenmap.json, server_version.json, differential, manifest.json per node backup. */
    long metaObjects() {
        return (long) nodes * backups * 5;
    }

    /** Objects the manifests list, summed over node backups (a shared component counts once per backup listing it). */
    long listedObjects() {
        return (long) nodes * backups * sstables * COMPONENTS.size();
    }

    /** Writes every node backup, node after node in parallel, backups in order (so their times increase). */
    void write(ObjectStore store, StoreLocation location, Path scratch) throws Exception {
        List<NodeTopology> tokenmap = tokenmap();
        String schema = schemaCql();
        ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
        try {
            for (int b = 0; b < backups; b++) {
                MedusaBackupWriter writer = new MedusaBackupWriter(store, location, backupName(b), true);
                List<Future<?>> written = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    int node = n;
                    int backup = b;
                    written.add(pool.submit(() -> writer.write(fqdn(node), schema, tokenmap, "5.0.9",
                            tables(scratch.resolve(fqdn(node)), backup), MedusaBackupWriter::md5, true)));
                }
                for (Future<?> f : written) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The backup's SSTables of one node as local files, generations {@code backup * newPerBackup + 1} on. */
    private List<MedusaBackupWriter.TableFiles> tables(Path nodeDirectory, int backup) {
        List<List<Path>> files = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            files.add(new ArrayList<>());
        }
        int first = backup * newPerBackup + 1;
        for (int generation = first; generation < first + sstables; generation++) {
            int table = generation % TABLES;
            for (String component : COMPONENTS) {
                String name = "oa-" + generation + "-big-" + component;
                files.get(table).add(file(nodeDirectory.resolve("t" + table).resolve(name), name));
            }
        }
        List<MedusaBackupWriter.TableFiles> tables = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            tables.add(new MedusaBackupWriter.TableFiles(KEYSPACE, "t" + t, tableId(t), files.get(t)));
        }
        return tables;
    }

    /** A file holding its own name: a few bytes, sizes differing from file to file. */
    private static Path file(Path path, String name) {
        try {
            if (!Files.exists(path)) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, name);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path, e);
        }
    }

    private static String tableId(int table) {
        byte[] id = new byte[16];
        new Random(table).nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private List<NodeTopology> tokenmap() {
        Random random = new Random(20_261_127L);
        List<NodeTopology> ring = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            List<Long> tokens = new ArrayList<>();
            for (int t = 0; t < tokensPerNode; t++) {
                tokens.add(random.nextLong());
            }
            ring.add(new NodeTopology(fqdn(n), tokens, true, "rack" + (n % 3 + 1), "dc1"));
        }
        return ring;
    }

    private static String schemaCql() {
        StringBuilder cql = new StringBuilder("CREATE KEYSPACE " + KEYSPACE
                + " WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3'} AND durable_writes = true;\n");
        for (int t = 0; t < TABLES; t++) {
            cql.append("CREATE TABLE ").append(KEYSPACE).append(".t").append(t)
                    .append(" (k bigint PRIMARY KEY, v text);\n");
        }
        return cql.toString();
    }
}
