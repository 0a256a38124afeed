package io.movedata.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 in front of the test S3 endpoint that can hold a movement's reads of
 * SSTable data: after {@link #hold()}, the first request for a {@code Data.db} object stops at the
 * proxy until {@link #release()} forwards it or {@link #cut()} drops every connection. Only
 * executors read Data.db, so a held read means the run is in its write phase and cannot finish
 * on its own: a test knows when to act without sleeping.
 */
final class HeldReads implements AutoCloseable {
    private static final Pattern DATA_READ = Pattern.compile("GET /\\S*-Data\\.db");
    /** Enough of the previous chunk to find a request line split between two reads. */
    private static final int TAIL = 512;

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger dataReads = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final Object gate = new Object();
    private boolean holding;

    HeldReads(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "held-reads-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The endpoint to give clients instead of the S3 endpoint's own. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Chunks of requests that asked for SSTable data (Data.db) so far. */
    int dataReads() {
        return dataReads.get();
    }

    /** Connections clients have opened so far. */
    int connections() {
        return connections.get();
    }

    void hold() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Waits until a Data.db read is held. */
    boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the held reads, and every later one, through. */
    void release() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    /** Drops every connection, held or not, and accepts no more. */
    void cut() {
        close();
        release();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a test proxy
        }
        sockets.forEach(HeldReads::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            String tail = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (requests) {
                        String text = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                        waitIfHeld(text);
                        tail = text.substring(Math.max(0, text.length() - TAIL));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a connection closed or cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "held-reads-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void waitIfHeld(String requests) throws InterruptedException {
        boolean dataRead = DATA_READ.matcher(requests).find();
        if (dataRead) {
            dataReads.incrementAndGet();
        }
        synchronized (gate) {
            if (holding && dataRead) {
                held.countDown();
                while (holding) {
                    gate.wait();
                }
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test connection
        }
    }
}
