package io.movedata.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark table and its rows, a pure function of the row number so a dataset can be
 * regenerated identically and its aggregates known without reading it back.
 *
 * <p>Row {@code r} of {@code n} goes to partition {@code r % partitions} with clustering
 * {@code r / partitions}: rows are written interleaved over all partitions, as a live node would
 * see them, so every SSTable flushed from the writer's buffer holds a slice of every partition and
 * reading must really merge. Text values are 20..400 ASCII characters (pseudo-random, so LZ4 finds
 * little to compress); one row in 64 has a map of 1..3 entries, the others have no map cell at all.
 */
final class BenchData {
    static final String KEYSPACE = "bench";
    static final String TABLE = "t";
    static final String QUALIFIED = KEYSPACE + "." + TABLE;
    static final String SCHEMA = "CREATE KEYSPACE " + KEYSPACE
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};\n"
            + "CREATE TABLE " + QUALIFIED + " (pk bigint, ck int, v text, i int, b bigint, m map<text, int>, "
            + "PRIMARY KEY ((pk), ck));\n";
    static final String INSERT = "INSERT INTO " + QUALIFIED + " (pk, ck, v, i, b) VALUES (?, ?, ?, ?, ?)";
    static final String INSERT_WITH_MAP = "INSERT INTO " + QUALIFIED + " (pk, ck, v, i, b, m) VALUES (?, ?, ?, ?, ?, ?)";

    static final int MIN_TEXT = 20;
    static final int MAX_TEXT = 400;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,".toCharArray();

    private BenchData() {}

    /** One generated row; {@code m} is null when the row has no map. */
    record BenchRow(long pk, int ck, String v, int i, long b, Map<String, Integer> m) {}

    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static BenchRow row(long r, int partitions, char[] scratch) {
        long h = mix(r);
        long pk = r % partitions;
        int ck = (int) (r / partitions);
        int length = textLength(h);
        long x = h | 1;
        for (int c = 0; c < length; c++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            scratch[c] = ALPHABET[(int) ((x >>> 11) % ALPHABET.length)];
        }
        String v = new String(scratch, 0, length);
        int i = (int) (h >>> 32);
        long b = r * 7 + (h & 1023);
        Map<String, Integer> m = null;
        if (hasMap(h)) {
            m = new LinkedHashMap<>();
            int entries = mapEntries(h);
            for (int e = 0; e < entries; e++) {
                m.put("k" + e, (int) (r % 100) + e);
            }
        }
        return new BenchRow(pk, ck, v, i, b, m);
    }

    static int textLength(long h) {
        return MIN_TEXT + (int) ((h >>> 1) % (MAX_TEXT - MIN_TEXT + 1));
    }

    static boolean hasMap(long h) {
        return (h & 63) == 0;
    }

    static int mapEntries(long h) {
        return 1 + (int) ((h >>> 8) % 3);
    }

    /** What the aggregate query must return for {@code rows} rows in {@code partitions} partitions. */
    record Expected(long rows, long sumLength, int maxI, long sumB, long distinctPk, int minCk, int maxCk, long mapEntries) {
        static Expected of(long rows, int partitions) {
            long sumLength = 0;
            int maxI = Integer.MIN_VALUE;
            long sumB = 0;
            long mapEntries = 0;
            for (long r = 0; r < rows; r++) {
                long h = mix(r);
                sumLength += textLength(h);
                maxI = Math.max(maxI, (int) (h >>> 32));
                sumB += r * 7 + (h & 1023);
                if (hasMap(h)) {
                    mapEntries += BenchData.mapEntries(h);
                }
            }
            return new Expected(rows, sumLength, maxI, sumB, Math.min(rows, partitions), 0,
                    (int) ((rows - 1) / partitions), mapEntries);
        }
    }
}
