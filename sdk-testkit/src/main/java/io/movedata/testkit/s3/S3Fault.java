package io.movedata.testkit.s3;

/** What {@link FaultyS3} can do to one request instead of forwarding it faithfully. */
public enum S3Fault {
    /** {@code 503 Slow Down} with S3's {@code SlowDown} error body; the endpoint is not contacted. */
    SLOW_DOWN,
    /** {@code 500 Internal Server Error} with S3's {@code InternalError} body; the endpoint is not contacted. */
    INTERNAL_ERROR,
    /** The request is read, then the connection is reset (TCP RST) before any response byte. */
    RESET_BEFORE_RESPONSE,
    /** The response head and half of the body are sent, then the connection is reset. */
    RESET_MID_BODY,
    /**
     * The response head is sent with the full {@code Content-Length} (added when the endpoint framed
     * the body otherwise, as S3Proxy does listings), then half of the body, then the connection is
     * closed normally: a body cut short under the length it announced.
     */
    TRUNCATED_BODY;

    /** Whether the fault needs a response body to cut (a 2xx GET or listing with content). */
    boolean cutsBody() {
        return this == RESET_MID_BODY || this == TRUNCATED_BODY;
    }
}
