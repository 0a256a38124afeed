package io.movedata.testkit.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The head of one HTTP/1.1 message (start line and header lines) as read off a socket. */
record HttpHead(String startLine, List<String> headers) {
    private static final int MAX_BYTES = 64 * 1024;

    /** Reads a head up to its blank line; null when the stream ends before the first byte. */
    static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (bytes.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside an HTTP head after " + bytes.size() + " bytes");
            }
            bytes.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (bytes.size() > MAX_BYTES) {
                throw new IOException("HTTP head longer than " + MAX_BYTES + " bytes");
            }
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                headers.add(lines[i]);
            }
        }
        return new HttpHead(lines[0], headers);
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
        for (String line : headers) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A request's method, or a response's protocol. */
    String first() {
        return startLine.split(" ", 3)[0];
    }

    /** A request's target (path and query), or a response's status code. */
    String second() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? parts[1] : "";
    }

    int status() {
        return Integer.parseInt(second());
    }

    /** The Content-Length header, or -1 when there is none. */
    long contentLength() {
        String value = header("Content-Length");
        return value == null ? -1 : Long.parseLong(value);
    }

    /**
     * The same head with its connection headers replaced by {@code Connection: close}; everything else,
     * Host included (SigV4 signs it), is kept byte for byte.
     */
    HttpHead closingConnection() {
        return replacing(List.of("connection", "keep-alive", "proxy-connection"), "Connection: close");
    }

    /** The same head framing its body by {@code Content-Length: length} instead of chunks or the connection's end. */
    HttpHead withContentLength(long length) {
        return replacing(List.of("content-length", "transfer-encoding"), "Content-Length: " + length);
    }

    private HttpHead replacing(List<String> names, String line) {
        List<String> kept = new ArrayList<>();
        for (String header : headers) {
            if (!names.contains(header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT))) {
                kept.add(header);
            }
        }
        kept.add(line);
        return new HttpHead(startLine, kept);
    }

    byte[] bytes() {
        StringBuilder s = new StringBuilder(startLine).append("\r\n");
        for (String line : headers) {
            s.append(line).append("\r\n");
        }
        return s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
