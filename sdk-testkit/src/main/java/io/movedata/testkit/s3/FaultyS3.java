package io.movedata.testkit.s3;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3Endpoint;

/**
 * An HTTP/1.1 proxy on {@code 127.0.0.1} in front of an {@link S3Endpoint} that injects the faults
 * real S3 shows (throttling, server errors, resets, bodies cut short, latency) as its
 * {@link FaultPlan} decides. Point a client at {@link #endpoint()} (or use {@link #options()}) and
 * it talks to the endpoint through the proxy.
 *
 * <p>Each connection carries one request: the proxy forwards the request head unchanged except for
 * {@code Connection: close} (SigV4 signs {@code Host}, so it stays), streams the request body, and
 * then passes the response back, faulted or not. {@link #counts()} says what it did.
 *
 * <pre>{@code
 * try (FaultyS3 proxy = FaultyS3.start(s3, FaultPlan.none())) {
 *     proxy.plan(FaultPlan.seeded(42).rate(0.2));
 *     ... read through proxy.options() ...
 *     FaultCounts counts = proxy.counts();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops it and drops the connections in flight.
 */
public final class FaultyS3 implements AutoCloseable {
    private static final int TIMEOUT_MS = 120_000;

    private final S3Endpoint upstream;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-s3");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Phase phase;

    /** A plan with the occurrence counts and tallies it decides and counts with. */
    private record Phase(FaultPlan plan, Map<String, AtomicLong> occurrences, Map<String, FaultCounts.Tally> tallies) {
        Phase(FaultPlan plan) {
            this(plan, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private FaultyS3(S3Endpoint upstream, FaultPlan plan) throws IOException {
        this.upstream = upstream;
        this.phase = new Phase(plan);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy in front of {@code upstream} on a free port of {@code 127.0.0.1}. */
    public static FaultyS3 start(S3Endpoint upstream, FaultPlan plan) {
        try {
            return new FaultyS3(upstream, plan);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fault proxy on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * Switches to {@code plan} and starts counting afresh: occurrences of each request identity count
     * from zero again, so the same plan over the same requests makes the same decisions.
     */
    public void plan(FaultPlan plan) {
        this.phase = new Phase(plan);
    }

    /** {@code http://127.0.0.1:<port>} of the proxy. */
    public String endpoint() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The endpoint's client settings ({@link S3Endpoint#options()}) with the proxy as the endpoint. */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>(upstream.options());
        options.put(StoreLocation.ENDPOINT, endpoint());
        return Map.copyOf(options);
    }

    /** What the proxy saw and did since the plan was last set, over every bucket. */
    public FaultCounts counts() {
        return FaultCounts.Tally.sum(phase.tallies().values());
    }

    /** {@link #counts()} for requests on one bucket only (path-style {@code /bucket/...}). */
    public FaultCounts counts(String bucket) {
        FaultCounts.Tally tally = phase.tallies().get(bucket);
        return FaultCounts.Tally.sum(tally == null ? List.of() : List.of(tally));
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a test server must not hide the test's own failure
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket up = new Socket();
        open.add(up);
        try {
            client.setSoTimeout(TIMEOUT_MS);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = client.getOutputStream();
            HttpHead request = HttpHead.read(fromClient);
            if (request == null) {
                return;
            }
            String method = request.first();
            String target = request.second();
            String range = request.header("Range");
            RequestClass requestClass = RequestClass.of(method, target, range);
            String identity = method + " " + target + " " + range;
            Phase current = phase;
            long occurrence = current.occurrences().computeIfAbsent(identity, k -> new AtomicLong()).getAndIncrement();
            FaultCounts.Tally tally = current.tallies().computeIfAbsent(bucketOf(target), k -> new FaultCounts.Tally());
            tally.request(requestClass);
            S3Fault fault = current.plan().faultFor(requestClass, identity, occurrence);

            if (fault == S3Fault.SLOW_DOWN || fault == S3Fault.INTERNAL_ERROR) {
                tally.injected(fault);
                skipRequestBody(fromClient, request);
                toClient.write(errorResponse(fault, method.equals("HEAD")));
                toClient.flush();
                closeGracefully(client, fromClient);
                return;
            }
            if (fault == S3Fault.RESET_BEFORE_RESPONSE) {
                tally.injected(fault);
                reset(client);
                return;
            }

            up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.port()), TIMEOUT_MS);
            up.setSoTimeout(TIMEOUT_MS);
            OutputStream toUpstream = up.getOutputStream();
            toUpstream.write(request.closingConnection().bytes());
            toUpstream.flush();
            threads.execute(() -> pumpRequestBody(fromClient, toUpstream, up));

            InputStream fromUpstream = new BufferedInputStream(up.getInputStream());
            HttpHead response = HttpHead.read(fromUpstream);
            if (response == null) {
                reset(client);
                return;
            }
            while (response.status() / 100 == 1) { // 100 Continue for a PUT that expects it
                toClient.write(response.bytes());
                toClient.flush();
                response = HttpHead.read(fromUpstream);
            }
            if (current.plan().delayed(identity, occurrence)) {
                tally.delayed();
                Thread.sleep(current.plan().latency().toMillis());
            }
            long length = method.equals("HEAD") || response.status() == 204 || response.status() == 304 ? 0 : response.contentLength();
            boolean closeDelimited = length < 0 && response.header("Transfer-Encoding") == null;
            if (fault != null && fault.cutsBody() && response.status() / 100 == 2 && (length > 1 || closeDelimited)) {
                tally.injected(fault);
                if (closeDelimited) {
                    // A listing's body runs to the end of the connection: framed by its length, its cut is detectable.
                    byte[] body = fromUpstream.readAllBytes();
                    toClient.write(response.withContentLength(body.length).bytes());
                    toClient.write(body, 0, body.length / 2);
                } else {
                    toClient.write(response.bytes());
                    copy(fromUpstream, toClient, length / 2);
                }
                toClient.flush();
                if (fault == S3Fault.RESET_MID_BODY) {
                    reset(client);
                } else {
                    client.shutdownOutput();
                }
                return;
            }
            toClient.write(response.bytes());
            if (length < 0) {
                fromUpstream.transferTo(toClient);
            } else {
                copy(fromUpstream, toClient, length);
            }
            toClient.flush();
            client.shutdownOutput();
        } catch (IOException e) {
            // the client or the endpoint went away; the client sees it as a failed request
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(up);
            closeQuietly(client);
            open.remove(up);
            open.remove(client);
        }
    }

    /** Copies what the client sends after the head (a PUT's body) to the endpoint. */
    private static void pumpRequestBody(InputStream fromClient, OutputStream toUpstream, Socket up) {
        try {
            fromClient.transferTo(toUpstream);
            up.shutdownOutput();
        } catch (IOException e) {
            // either side closed: the response path sees it too
        }
    }

    /**
     * Reads a request body the client is already sending, so that answering without it does not
     * reset the connection; a client waiting for {@code 100 Continue} sends none.
     */
    private static void skipRequestBody(InputStream fromClient, HttpHead request) throws IOException {
        long length = request.contentLength();
        if (length > 0 && !"100-continue".equalsIgnoreCase(request.header("Expect"))) {
            fromClient.skipNBytes(length);
        }
    }

    private static byte[] errorResponse(S3Fault fault, boolean head) {
        boolean slowDown = fault == S3Fault.SLOW_DOWN;
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + (slowDown ? "SlowDown" : "InternalError")
                + "</Code><Message>" + (slowDown ? "Please reduce your request rate." : "We encountered an internal error. Please try again.")
                + "</Message><RequestId>faulty-s3</RequestId><HostId>faulty-s3</HostId></Error>";
        byte[] content = head ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String status = slowDown ? "503 Slow Down" : "500 Internal Server Error";
        String headLines = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + content.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = headLines.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the endpoint ended its response " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Ends the response with a FIN and waits for the client to close, so no RST replaces the response. */
    private static void closeGracefully(Socket client, InputStream fromClient) throws IOException {
        client.shutdownOutput();
        client.setSoTimeout(5_000);
        try {
            fromClient.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client closed or reset: either way it has the response
        }
    }

    /** Closes with SO_LINGER 0, which sends a TCP RST instead of a FIN. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static String bucketOf(String target) {
        String path = target.startsWith("/") ? target.substring(1) : target;
        int end = path.length();
        for (char c : new char[] {'/', '?'}) {
            int i = path.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return path.substring(0, end);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
