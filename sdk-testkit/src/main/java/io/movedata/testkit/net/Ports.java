package io.movedata.testkit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks TCP ports for the servers a test starts (Cassandra nodes, Spark daemons). Candidates come
 * from below Linux's default ephemeral range (32768-60999): a port that outgoing connections can
 * take could be lost while a node is stopped, and a node comes back on the ports it had. A
 * candidate is kept only when it can be bound on every address that will listen on it.
 */
public final class Ports {
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final int ATTEMPTS = 1_000;

    private final Set<Integer> taken = new HashSet<>();

    /** A port that is free on all of {@code addresses} and not handed out before by this instance. */
    public int freeOn(List<String> addresses) {
        List<InetAddress> inet = new ArrayList<>();
        for (String address : addresses) {
            try {
                inet.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + address + "' is not an IP address", e);
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (!taken.contains(port) && bindable(inet, port)) {
                taken.add(port);
                return port;
            }
        }
        throw new IllegalStateException("Found no TCP port in " + LOWEST + "-" + HIGHEST + " free on all of " + addresses
                + " after " + ATTEMPTS + " attempts");
    }

    private static boolean bindable(List<InetAddress> addresses, int port) {
        List<ServerSocket> bound = new ArrayList<>();
        try {
            for (InetAddress address : addresses) {
                ServerSocket socket = new ServerSocket();
                bound.add(socket);
                socket.bind(new InetSocketAddress(address, port));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (ServerSocket socket : bound) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a probe socket that may never have been bound: nothing to report
                }
            }
        }
    }
}
