package io.movedata.runtime.manifest;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.movedata.runtime.store.ContentDigest;
import io.movedata.runtime.store.ObjectStore;

/**
 * Compares an object's bytes, as digested while they were read, with the checksums the backup
 * lists: the MD5 of Medusa's manifest, and for a whole Data.db the CRC32 Cassandra wrote beside it
 * ({@code Digest.crc32}). Each mismatch is one message naming node, object, what was found and
 * what was listed.
 *
 * <p>Medusa lists per object what its storage reported after the upload: S3's ETag (the hex MD5 of
 * a single-part upload, {@code <hex>-<parts>} for a multipart one, and no MD5 at all for SSE-KMS or
 * SSE-C objects), Google's and Azure's base64 MD5, the hex MD5 its local storage computed, or
 * nothing (local storage, for objects a differential backup found already stored). Hex and base64
 * MD5s are checked; the others cannot be, and the object is checked by its size alone.
 */
public final class ObjectChecksums {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectChecksums.class);
    private static final Pattern HEX_MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final int MD5_BYTES = 16;

    private ObjectChecksums() {}

    /** The listed MD5 as lower-case hex, when it is a plain MD5 (hex or base64); empty otherwise. */
    public static Optional<String> plainMd5(String listed) {
        if (listed == null || listed.isBlank()) {
            return Optional.empty();
        }
        String value = listed.strip();
        if (HEX_MD5.matcher(value).matches()) {
            return Optional.of(value.toLowerCase(Locale.ROOT));
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(value);
            return decoded.length == MD5_BYTES ? Optional.of(HexFormat.of().formatHex(decoded)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the object's bytes have the MD5 the backup lists.
     *
     * @param digest the digest of every byte of the object
     * @return the mismatch, e.g. {@code node 'n1' object k: MD5 is 9f.. but the manifest lists b1..};
     *     empty when they match or the listed value is no MD5
     */
    public static Optional<String> md5Mismatch(ObjectStore store, String node, ManifestObject object, ContentDigest digest) {
        Optional<String> listed = plainMd5(object.md5());
        if (listed.isEmpty() || listed.get().equals(digest.md5Hex())) {
            return Optional.empty();
        }
        // An S3 object encrypted with SSE-KMS or SSE-C has an ETag that looks like an MD5 but is not one.
        if (store.keyManagedEncryption(object.key())) {
            LOG.warn("{} lists ETag {} for {}, which is not the MD5 of its content ({}): the object is encrypted with "
                    + "SSE-KMS or SSE-C; checked by size only", node, object.md5(), object.key(), digest.md5Hex());
            return Optional.empty();
        }
        return Optional.of(describe(node, object) + ": MD5 is " + digest.md5Hex() + " but the manifest lists " + object.md5());
    }

    /**
     * Whether a whole Data.db has the CRC32 its {@code Digest.crc32} states.
     *
     * @param digestText the content of the SSTable's Digest.crc32 (an unsigned decimal)
     * @return the mismatch naming both objects; empty when they match
     */
    public static Optional<String> digestMismatch(String node, ManifestObject data, long crc32, ManifestObject digestObject,
                                                  String digestText) {
        String listed = digestText.strip();
        if (listed.equals(Long.toString(crc32))) {
            return Optional.empty();
        }
        return Optional.of(describe(node, data) + ": CRC32 is " + crc32 + " but " + digestObject.key() + " lists " + listed);
    }

    /** {@code node 'n1' object <key>}, the start of every integrity message. */
    public static String describe(String node, ManifestObject object) {
        return "node '" + node + "' object " + object.key();
    }
}
