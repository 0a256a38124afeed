package io.movedata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.NodeBackup;
import io.movedata.runtime.backup.NodeBackupEntry;
import io.movedata.runtime.store.LocalFiles;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * How fast the backup catalog answers from a location with thousands of objects, on S3 (S3Proxy
 * in-process on 127.0.0.1, objects in memory or on disk) and on the same directory read as
 * {@code file://}: (a) a raw listing of the whole prefix, (b) {@link BackupCatalog#entries()}
 * (which node backups exist), (c) reading and verifying every node backup
 * ({@link BackupCatalog#readAll}). Prints objects/s, S3 requests per run and peak heap. See
 * docs/performance.md, "Listing backups"; run with {@code bin/benchmark listing [--help]}.
 */
public final class ListingBenchmark {
    static final String USAGE = """
            ListingBenchmark: listing, catalog and verification of a Medusa-shaped location with thousands of objects.
            Options (--name value or --name=value):
              --nodes N        nodes (default 12)
              --backups N      differential backups per node (default 5)
              --sstables N     SSTables each node backup lists, 8 components each (default 40)
              --new N          SSTables new in each backup after the first (default 8)
              --runs N         measured runs per step (default 5; medians are reported)
              --warmups N      unmeasured runs per step first (default 2)
              --stores LIST    comma-separated of memory, disk, file (default memory,disk,file; file reads the disk
                               endpoint's directory directly, so it needs disk)
              --dir PATH       where the disk endpoint keeps its objects (default: a temporary directory, deleted)
            """;
    private static final String BUCKET = "listing";
    private static final String PREFIX = "cluster1";

    private final ListingBucket bucket;
    private final int runs;
    private final int warmups;
    private final HeapMonitor heap = new HeapMonitor();
    private final List<String> results = new ArrayList<>();

    private ListingBenchmark(ListingBucket bucket, int runs, int warmups) {
        this.bucket = bucket;
        this.runs = runs;
        this.warmups = warmups;
    }

    /**
     * One step's figures: median time, what it went through, requests of one run, peak heap over the
     * runs, and the most CPU other processes of this shared machine took during a run.
     */
    private record Measured(double medianSeconds, long items, Map<String, Long> requests, long peakHeapBytes,
                            double otherCores) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        ListingBucket bucket = new ListingBucket(number(options, "nodes", 12), number(options, "backups", 5),
                number(options, "sstables", 40), number(options, "new", 8), 16);
        List<String> stores = List.of(options.getOrDefault("stores", "memory,disk,file").split(","));
        if (stores.contains("file") && !stores.contains("disk")) {
            throw new IllegalArgumentException("--stores file reads the disk endpoint's directory: add disk\n" + USAGE);
        }
        ListingBenchmark bench = new ListingBenchmark(bucket, number(options, "runs", 5), number(options, "warmups", 2));
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        System.out.printf(Locale.ROOT, "Location: %d nodes x %d differential backups, %d SSTables x %d components per node backup "
                        + "(%d new per backup), %d tables: %,d objects (%,d SSTable components, %,d meta); the manifests list %,d%n",
                bucket.nodes(), bucket.backups(), bucket.sstables(), ListingBucket.COMPONENTS.size(), bucket.newPerBackup(),
                ListingBucket.TABLES, bucket.componentObjects() + bucket.metaObjects(), bucket.componentObjects(),
                bucket.metaObjects(), bucket.listedObjects());
        System.out.printf(Locale.ROOT, "Runs: %d warm-up and %d measured per step, medians reported%n%n", bench.warmups, bench.runs);
        Path scratch = Files.createTempDirectory("movedata-listing-files-");
        Path disk = options.containsKey("dir") ? Path.of(options.get("dir")) : Files.createTempDirectory("movedata-listing-s3-");
        try {
            if (stores.contains("memory")) {
                try (S3Endpoint s3 = S3Endpoint.inMemory()) {
                    bench.measureS3("S3, in memory", s3, scratch);
                }
            }
            if (stores.contains("disk")) {
                try (S3Endpoint s3 = S3Endpoint.onDisk(disk)) {
                    bench.measureS3("S3, on disk", s3, scratch);
                }
            }
            if (stores.contains("file")) {
                StoreLocation location = StoreLocation.ofDirectory(disk.resolve(BUCKET)).withPrefix(PREFIX);
                try (ObjectStore store = ObjectStores.open(location)) {
                    bench.measure("file://", store, location);
                }
            }
        } finally {
            bench.heap.close();
            LocalFiles.deleteTree(scratch);
            if (!options.containsKey("dir")) {
                LocalFiles.deleteTree(disk);
            }
        }
        System.out.println();
        System.out.println("| store | step | items | median (ms) | items/s | requests per run | peak heap (MiB) | cores used by others (max) |");
        System.out.println("|---|---|---:|---:|---:|---|---:|---:|");
        bench.results.forEach(System.out::println);
        System.out.println("Load average at the end: " + loadAverage());
    }

    private void measureS3(String name, S3Endpoint s3, Path scratch) throws Exception {
        s3.createBucket(BUCKET);
        StoreLocation location = s3.location(BUCKET, PREFIX);
        try (ObjectStore store = ObjectStores.open(location)) {
            long start = System.nanoTime();
            bucket.write(store, location, scratch);
            System.out.printf(Locale.ROOT, "%s: wrote the location in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
            measure(name, store, location);
        }
    }

    private void measure(String name, ObjectStore store, StoreLocation location) {
        long objects = bucket.componentObjects() + bucket.metaObjects();
        Measured listing = time(() -> (long) store.list(location.keyPrefix()).size());
        check(name + " listing", objects, listing.items());
        report(name, "(a) list the whole prefix (objects)", listing);

        long nodeBackups = (long) bucket.nodes() * bucket.backups();
        Measured entries = time(() -> (long) BackupCatalog.open(store, location).entries().size());
        check(name + " entries", nodeBackups, entries.items());
        report(name, "(b) catalog entries (node backups)", entries);

        Measured verified = time(() -> {
            BackupCatalog catalog = BackupCatalog.open(store, location);
            List<NodeBackupEntry> all = catalog.entries();
            long listed = 0;
            for (NodeBackup node : catalog.readAll(all)) {
                if (!node.complete()) {
                    throw new IllegalStateException(name + ": " + node.fqdn() + " " + node.name() + " is " + node.describeState());
                }
                listed += node.manifest().stream().mapToLong(t -> t.objects().size()).sum();
            }
            return listed;
        });
        check(name + " verified objects", bucket.listedObjects(), verified.items());
        report(name, "(c) entries + read and verify all (listed objects)", verified);
    }

    /** Runs the step {@code warmups + runs} times on fresh objects; the item count must not change between runs. */
    private Measured time(Supplier<Long> step) {
        List<Double> seconds = new ArrayList<>();
        long items = -1;
        long peak = 0;
        double others = 0;
        Map<String, Long> requests = Map.of();
        for (int run = 0; run < warmups + runs; run++) {
            heap.reset();
            RequestCounter.reset();
            CpuMeter.Reading before = CpuMeter.read();
            long start = System.nanoTime();
            long counted = step.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            CpuMeter.Usage usage = CpuMeter.between(before, CpuMeter.read());
            requests = RequestCounter.snapshot();
            if (run >= warmups) {
                seconds.add(elapsed);
                peak = Math.max(peak, heap.sampledPeakBytes());
                others = Math.max(others, usage.otherCores());
            }
            items = counted;
        }
        seconds.sort(null);
        double median = seconds.size() % 2 == 1 ? seconds.get(seconds.size() / 2)
                : (seconds.get(seconds.size() / 2 - 1) + seconds.get(seconds.size() / 2)) / 2;
        return new Measured(median, items, requests, peak, others);
    }

    private void report(String store, String step, Measured m) {
        String requests = m.requests().isEmpty() ? "none (local files)" : String.join(", ",
                m.requests().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        String row = String.format(Locale.ROOT, "| %s | %s | %,d | %.0f | %,.0f | %s | %d | %.2f |", store, step, m.items(),
                m.medianSeconds() * 1000, m.items() / m.medianSeconds(), requests, m.peakHeapBytes() >> 20, m.otherCores());
        System.out.println(row);
        results.add(row);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void check(String what, long expected, long found) {
        if (expected != found) {
            throw new IllegalStateException(what + ": expected " + expected + ", found " + found);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = BenchArgs.parse(args, USAGE, Set.of());
        for (String name : options.keySet()) {
            if (!List.of("nodes", "backups", "sstables", "new", "runs", "warmups", "stores", "dir").contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
            }
        }
        return options;
    }

    private static int number(Map<String, String> options, String name, int fallback) {
        int value = Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
        if (value < (name.equals("warmups") || name.equals("new") ? 0 : 1)) {
            throw new IllegalArgumentException("--" + name + " must be " + (name.equals("warmups") || name.equals("new")
                    ? "0 or more" : "positive") + ", found " + value + "\n" + USAGE);
        }
        return value;
    }
}
