package io.movedata.testkit.s3;

import java.util.Locale;

/** The kind of S3 call a request is, as {@link FaultyS3} sees it on the wire. */
public enum RequestClass {
    GET_OBJECT, GET_RANGE, HEAD, LIST, PUT, DELETE, OTHER;

    static RequestClass of(String method, String target, String range) {
        switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> {
                if (target.contains("list-type=2") || target.contains("delimiter=") || isBucketOnly(target)) {
                    return LIST;
                }
                return range == null ? GET_OBJECT : GET_RANGE;
            }
            case "HEAD" -> {
                return HEAD;
            }
            case "PUT", "POST" -> {
                return PUT;
            }
            case "DELETE" -> {
                return DELETE;
            }
            default -> {
                return OTHER;
            }
        }
    }

    /** Path-style {@code /bucket} or {@code /bucket/?...}: a call on the bucket, not an object. */
    private static boolean isBucketOnly(String target) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.lastIndexOf('/') == 0;
    }
}
