package io.movedata.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.runtime.store.StoreLocation;

/**
 * The S3 client options, one mixin for every command that reads a backup location
 * ({@code @Mixin S3Options s3;}). What is not given comes from the AWS SDK's default chains:
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, {@code AWS_PROFILE},
 * instance and container roles; {@code AWS_REGION}; {@code AWS_ENDPOINT_URL_S3}.
 */
public final class S3Options {
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "Endpoint of an S3-compatible store, e.g. http://127.0.0.1:9000. Default: AWS S3 "
                    + "(or AWS_ENDPOINT_URL_S3).")
    String endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "Region to sign requests for. Default: AWS_REGION, the AWS profile, or us-east-1.")
    String region;

    @Option(names = "--s3-path-style",
            description = "Address buckets in the path (http://host/bucket/key), as most S3-compatible stores need.")
    boolean pathStyle;

    @Option(names = "--s3-access-key", paramLabel = "KEY",
            description = "Access key id. Default: the AWS credentials chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, roles).")
    String accessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET",
            description = "Secret key, with --s3-access-key. Prefer AWS_SECRET_ACCESS_KEY: it stays out of the process list.")
    String secretKey;

    /** The settings given, as {@link StoreLocation} and the {@code cassandra-backup} data source name them. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, StoreLocation.ENDPOINT, endpoint);
        put(settings, StoreLocation.REGION, region);
        if (pathStyle) {
            settings.put(StoreLocation.PATH_STYLE, "true");
        }
        put(settings, StoreLocation.ACCESS_KEY, accessKey);
        put(settings, StoreLocation.SECRET_KEY, secretKey);
        return settings;
    }

    /**
     * Parses a backup location with these settings.
     *
     * @throws MovedataException ({@link ErrorKind#INVALID_INPUT}) when the location is not
     *     {@code s3://bucket[/prefix]} or {@code file:///dir}, or only one of the two keys is given
     */
    public StoreLocation location(String location) {
        if ((accessKey == null) != (secretKey == null)) {
            throw new MovedataException(ErrorKind.INVALID_INPUT, "--s3-access-key and --s3-secret-key go together; found only "
                    + (accessKey == null ? "--s3-secret-key" : "--s3-access-key"));
        }
        return StoreLocation.parse(location, settings());
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }
}
