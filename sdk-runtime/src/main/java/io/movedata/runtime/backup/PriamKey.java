package io.movedata.runtime.backup;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.movedata.runtime.manifest.ManifestObject.Compression;

/**
 * One object key of Priam's backup V2 layout, below the application's folder:
 * {@code <token>/<type>/<epochMs>/[<keyspace>/<table>-<id>/][.<index>/]<compression>/<encryption>/<file>}.
 * The whole key is {@code <base>/<hash>_<app>/} followed by that, where {@code <hash>} is the
 * app name's Java {@code hashCode() % 10000} (negative for some names) and {@code <epochMs>} is
 * the file's modification time truncated to whole seconds (the snapshot time for meta files).
 *
 * @param token the node's token folder, as found (checked by {@link #murmur3Token})
 * @param keyspace null for a meta file
 * @param tableDirectory {@code <table>-<id>}; null for a meta file
 * @param indexDirectory {@code .<index>} of a secondary-index file; null otherwise
 */
record PriamKey(String token, Type type, long epochMs, String keyspace, String tableDirectory, String indexDirectory,
                Compression compression, Encryption encryption, String fileName) {

    static final String GRAMMAR = "<base>/<hash>_<app>/<token>/<META_V2|SST_V2|SECONDARY_INDEX_V2>/<epochMs>/"
            + "[<keyspace>/<table>-<id>/][.<index>/]<SNAPPY|LZ4|NONE>/<PLAINTEXT|PGP>/<file>";

    private static final Pattern APP_FOLDER = Pattern.compile("(-?\\d{1,4})_(.+)");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");

    /** What an object is: a node backup's meta file, an SSTable component, or a secondary-index file. */
    enum Type {
        META_V2(6),
        SST_V2(8),
        SECONDARY_INDEX_V2(9);

        /** Segments from the token to the file name. */
        final int segments;

        Type(int segments) {
            this.segments = segments;
        }
    }

    /** How Priam encrypted an object on upload. */
    enum Encryption {
        PLAINTEXT,
        PGP
    }

    /**
     * Parses {@code key}, which must start with {@code appPrefix} ({@code <base>/<hash>_<app>/}).
     *
     * @throws BackupException naming the key, the segment at fault and the expected grammar
     */
    static PriamKey parse(String key, String appPrefix) {
        if (!key.startsWith(appPrefix)) {
            throw invalid(key, "it is not below the application folder " + appPrefix);
        }
        String[] s = key.substring(appPrefix.length()).split("/", -1);
        if (s.length < Type.META_V2.segments) {
            throw invalid(key, "it has " + s.length + " segment(s) after the application folder, at least "
                    + Type.META_V2.segments + " expected");
        }
        for (String segment : s) {
            if (segment.isEmpty()) {
                throw invalid(key, "it has an empty segment");
            }
        }
        Type type = parseEnum(Type.class, s[1], key, "object type");
        if (!DIGITS.matcher(s[2]).matches()) {
            throw invalid(key, "segment '" + s[2] + "' should be the file's epoch milliseconds");
        }
        if (s.length != type.segments) {
            throw invalid(key, "a " + type + " key has " + type.segments + " segments after the application folder, this one "
                    + s.length);
        }
        int i = 3;
        String keyspace = null;
        String tableDirectory = null;
        String indexDirectory = null;
        if (type != Type.META_V2) {
            keyspace = s[i++];
            tableDirectory = s[i++];
        }
        if (type == Type.SECONDARY_INDEX_V2) {
            indexDirectory = s[i++];
            if (!indexDirectory.startsWith(".")) {
                throw invalid(key, "secondary-index folder '" + indexDirectory + "' should start with '.'");
            }
        }
        Compression compression = parseEnum(Compression.class, s[i++], key, "compression");
        Encryption encryption = parseEnum(Encryption.class, s[i++], key, "encryption");
        return new PriamKey(s[0], type, Long.parseLong(s[2]), keyspace, tableDirectory, indexDirectory, compression,
                encryption, s[i]);
    }

    /** The key below {@code appPrefix}. */
    String key(String appPrefix) {
        StringBuilder sb = new StringBuilder(appPrefix).append(token).append('/').append(type).append('/').append(epochMs).append('/');
        if (keyspace != null) {
            sb.append(keyspace).append('/').append(tableDirectory).append('/');
        }
        if (indexDirectory != null) {
            sb.append(indexDirectory).append('/');
        }
        return sb.append(compression).append('/').append(encryption).append('/').append(fileName).toString();
    }

    /**
     * The token as a Murmur3Partitioner token.
     *
     * @throws BackupException when the token folder is not a signed 64-bit integer (a
     *     RandomPartitioner token, 0 to 2^127, or no number at all)
     */
    long murmur3Token() {
        return murmur3Token(token);
    }

    static long murmur3Token(String token) {
        BigInteger value;
        try {
            value = new BigInteger(token);
        } catch (NumberFormatException e) {
            throw new BackupException("token folder '" + token + "' is not a token: expected a Murmur3Partitioner token "
                    + "(a signed 64-bit integer)", e);
        }
        if (value.bitLength() > 63) {
            throw new BackupException("token folder '" + token + "' is outside the Murmur3Partitioner range (a signed 64-bit "
                    + "integer): RandomPartitioner clusters are not supported");
        }
        return value.longValueExact();
    }

    /** Priam's application folder for {@code app}: {@code <app.hashCode() % 10000>_<app>}. */
    static String appFolder(String app) {
        return app.hashCode() % 10000 + "_" + app;
    }

    /** The application of a folder named {@code <hash>_<app>} whose hash matches its app; empty for any other name. */
    static Optional<String> appOf(String folderName) {
        Matcher m = APP_FOLDER.matcher(folderName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String app = m.group(2);
        return Integer.parseInt(m.group(1)) == app.hashCode() % 10000 ? Optional.of(app) : Optional.empty();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String segment, String key, String what) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(segment)) {
                return value;
            }
        }
        throw invalid(key, what + " segment '" + segment + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static BackupException invalid(String key, String reason) {
        return new BackupException("Key " + key + " does not follow Priam's backup V2 layout " + GRAMMAR + ": " + reason);
    }
}
