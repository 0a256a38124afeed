package io.movedata.runtime.store;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * Where backups live: {@code s3://bucket/prefix} or {@code file:///dir}, plus the S3 client
 * settings. Serializable so executors can open the same store as the driver.
 *
 * <p>S3 settings (all optional): {@code s3.endpoint} for S3-compatible stores, {@code s3.region},
 * {@code s3.pathStyle} (true/false), {@code s3.accessKey}/{@code s3.secretKey} (without keys the
 * AWS default credentials chain is used), and {@code s3.maxAttempts}, the attempts of each S3 call
 * and the fetches of each body ({@value #DEFAULT_MAX_ATTEMPTS} by default).
 */
public final class StoreLocation implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ENDPOINT = "s3.endpoint";
    public static final String REGION = "s3.region";
    public static final String PATH_STYLE = "s3.pathStyle";
    public static final String ACCESS_KEY = "s3.accessKey";
    public static final String SECRET_KEY = "s3.secretKey";
    public static final String MAX_ATTEMPTS = "s3.maxAttempts";
    /**
     * At a 20% failure rate 4 attempts (the SDK's legacy default) all fail once in 625 calls, 10 once
     * in ten million; a movement makes thousands of calls, and the driver's have no task retry behind them.
     */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    private final String scheme;
    private final String bucket;
    private final String prefix;
    private final String endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String accessKey;
    private final String secretKey;
    private final int maxAttempts;

    private StoreLocation(String scheme, String bucket, String prefix, String endpoint, String region,
                          boolean pathStyle, String accessKey, String secretKey, int maxAttempts) {
        this.scheme = scheme;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint;
        this.region = region;
        this.pathStyle = pathStyle;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Parses a location URI; {@code options} may carry the S3 settings named above (other keys are
     * ignored).
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the URI is not {@code s3://bucket[/prefix]}
     *     or {@code file:///dir}
     */
    public static StoreLocation parse(String location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        URI uri;
        try {
            uri = new URI(location.trim());
        } catch (URISyntaxException e) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Backup location '" + location + "' is not a URI: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        switch (scheme) {
            case "s3", "s3a" -> {
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw new MovedataException(ErrorKind.INVALID_INPUT, "Backup location '" + location + "' has no bucket; expected s3://bucket/prefix");
                }
                return new StoreLocation("s3", uri.getHost(), trimSlashes(uri.getPath()),
                        blankToNull(options.get(ENDPOINT)), blankToNull(options.get(REGION)),
                        Boolean.parseBoolean(options.getOrDefault(PATH_STYLE, "false")),
                        blankToNull(options.get(ACCESS_KEY)), blankToNull(options.get(SECRET_KEY)), maxAttempts(options.get(MAX_ATTEMPTS)));
            }
            case "file" -> {
                return new StoreLocation("file", directory(location, uri).toString(), "", null, null, false, null, null, DEFAULT_MAX_ATTEMPTS);
            }
            case "" -> throw new MovedataException(ErrorKind.INVALID_INPUT, "Backup location '" + location + "' has no scheme; expected "
                    + "s3://bucket/prefix or file:///dir, e.g. file://" + Path.of(location.trim()).toAbsolutePath().normalize());
            default -> throw new MovedataException(ErrorKind.INVALID_INPUT, "Backup location '" + location
                    + "' has an unsupported scheme; expected s3://bucket/prefix or file:///dir");
        }
    }

    /**
     * The absolute directory of a {@code file:} URI. {@code file://data/x} is the classic slip: the
     * URI reads {@code data} as a host, so both directories that may have been meant are suggested.
     */
    private static Path directory(String location, URI uri) {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            String path = uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Backup location '" + location + "' reads '" + uri.getRawAuthority()
                    + "' as a host name; a local directory is file:// and an absolute path: file:///" + path
                    + ", or for the relative path " + path + ", file://" + Path.of(path).toAbsolutePath().normalize());
        }
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "Backup location '" + location + "' is not file:// and an absolute path, "
                    + "such as file:///var/backups");
        }
        return Path.of(uri).toAbsolutePath().normalize();
    }

    /** A local directory as a location. */
    public static StoreLocation ofDirectory(Path dir) {
        return parse(dir.toAbsolutePath().toUri().toString(), Map.of());
    }

    /** The same store with another key prefix (no leading or trailing '/'). */
    public StoreLocation withPrefix(String newPrefix) {
        return new StoreLocation(scheme, bucket, trimSlashes(newPrefix), endpoint, region, pathStyle, accessKey, secretKey, maxAttempts);
    }

    public boolean isS3() {
        return scheme.equals("s3");
    }

    /** Bucket name for S3; the absolute directory for file. */
    public String bucket() {
        return bucket;
    }

    /** Key prefix inside the bucket, without leading or trailing '/'; empty for none. */
    public String prefix() {
        return prefix;
    }

    /** {@code prefix + "/"}, or empty when there is no prefix: what every key of the location starts with. */
    public String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    public String endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    /** Attempts of each S3 call, and fetches of each body that breaks off ({@code s3.maxAttempts}). */
    public int maxAttempts() {
        return maxAttempts;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    /** The location as a URI string, without credentials. */
    @Override
    public String toString() {
        if (isS3()) {
            return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        }
        return "file://" + bucket;
    }

    /** Identity of the client to share: same store, same settings (the prefix does not matter). */
    String clientKey() {
        return String.join("|", scheme, bucket, String.valueOf(endpoint), String.valueOf(region),
                String.valueOf(pathStyle), String.valueOf(maxAttempts), String.valueOf(accessKey), String.valueOf(secretKey == null ? 0 : secretKey.hashCode()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreLocation other && other.clientKey().equals(clientKey()) && other.prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientKey(), prefix);
    }

    private static String trimSlashes(String path) {
        if (path == null) {
            return "";
        }
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static int maxAttempts(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_ATTEMPTS;
        }
        try {
            int attempts = Integer.parseInt(value.strip());
            if (attempts >= 1) {
                return attempts;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MovedataException(ErrorKind.INVALID_INPUT, MAX_ATTEMPTS + " must be a whole number of at least 1, not '" + value + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
