package io.movedata.runtime.store;

import java.io.IOException;
import java.io.InputStream;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of an S3 GET that delivers exactly the bytes the response promised, or fails. The SDK
 * retries a call only until its response head arrives; a body that then breaks off (a reset, or an
 * end before its length) reaches the reader, and a body shorter than its range says would be
 * parsed as if whole. This stream notices both, fetches the rest from where it broke off, and
 * after {@code maxFetches} fetches fails with an {@link ObjectStoreException} (EXTERNAL: the store
 * or the network, never the backup) naming the object and bytes.
 *
 * <p>What it expects: for a range, the requested end, or the object's end when the response's
 * {@code Content-Range} says the object is shorter (then the short read is the object's, for the
 * caller's own checks); for a whole object, the response's {@code Content-Length}.
 */
final class ResumingBody extends InputStream {

    /** Issues the GET of bytes {@code [from, to)} of the object ({@code to} -1: to its end). */
    interface Get {
        ResponseInputStream<GetObjectResponse> get(long from, long to);
    }

    private final String object;
    private final Get get;
    private final long start;
    private final int maxFetches;
    private final Runnable onRefetch;
    private long end;
    private long position;
    private ResponseInputStream<GetObjectResponse> body;
    private int fetches;
    private final byte[] one = new byte[1];

    private ResumingBody(String object, Get get, long start, long requestedEnd, int maxFetches, Runnable onRefetch) {
        this.object = object;
        this.get = get;
        this.start = start;
        this.position = start;
        this.maxFetches = maxFetches;
        this.onRefetch = onRefetch;
        this.body = get.get(start, requestedEnd);
        this.fetches = 1;
        this.end = expectedEnd(body.response(), start, requestedEnd);
    }

    /**
     * Opens bytes {@code [start, end)} ({@code end} -1: the whole object from {@code start}).
     *
     * @param object the object, for messages: {@code s3://bucket/key}
     * @param onRefetch called before each fetch after the first
     */
    static ResumingBody open(String object, Get get, long start, long end, int maxFetches, Runnable onRefetch) {
        return new ResumingBody(object, get, start, end, maxFetches, onRefetch);
    }

    private static long expectedEnd(GetObjectResponse response, long start, long requestedEnd) {
        Long total = objectSize(response.contentRange());
        if (requestedEnd >= 0) {
            return total == null ? requestedEnd : Math.min(requestedEnd, total);
        }
        return response.contentLength() == null ? Long.MAX_VALUE : start + response.contentLength();
    }

    /** The object's size from {@code bytes a-b/size}, or null when absent or unknown ({@code *}). */
    private static Long objectSize(String contentRange) {
        if (contentRange == null) {
            return null;
        }
        int slash = contentRange.lastIndexOf('/');
        try {
            return slash < 0 ? null : Long.valueOf(contentRange.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position < end) {
            String failure;
            try {
                int n = body.read(buffer, offset, (int) Math.min(length, end - position));
                if (n > 0) {
                    position += n;
                    return n;
                }
                failure = end == Long.MAX_VALUE ? null : "the body ended early";
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (failure == null) { // length unknown: the end of the body is the end of the object
                end = position;
                break;
            }
            refetch(failure);
        }
        return -1;
    }

    private void refetch(String failure) {
        abortQuietly();
        if (fetches >= maxFetches) {
            throw new ObjectStoreException("Cannot read " + object + " bytes " + start + "-" + end + ": the body broke off at byte "
                    + position + " on each of " + fetches + " fetches (last: " + failure + ")");
        }
        fetches++;
        onRefetch.run();
        body = get.get(position, end);
    }

    private void abortQuietly() {
        try {
            body.abort();
            body.close();
        } catch (IOException | RuntimeException e) {
            // the connection is dropped either way; the next fetch opens another
        }
    }

    @Override
    public void close() throws IOException {
        if (position < end) {
            body.abort(); // do not drain a body nobody reads
        }
        body.close();
    }
}
