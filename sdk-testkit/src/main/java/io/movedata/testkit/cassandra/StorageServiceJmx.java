package io.movedata.testkit.cassandra;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A node's {@code StorageService} MBean over plain JMX, the interface nodetool and backup agents
 * use. Plain {@code javax.management} rather than cassandra-all's {@code NodeProbe}: a handful of
 * operations need no proxies for a dozen MBeans, and the test JVM loads no server classes for them.
 */
final class StorageServiceJmx implements AutoCloseable {
    private static final ObjectName STORAGE_SERVICE = objectName("org.apache.cassandra.db:type=StorageService");
    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();
    private static final String MAP = Map.class.getName();

    private final String node;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private StorageServiceJmx(String node, JMXConnector connector) throws IOException {
        this.node = node;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    /**
     * Connects to the JMX server a node runs on {@code 127.0.0.1:port}.
     *
     * @param node how errors name the node
     * @throws IOException while the node's JMX server is not listening yet
     */
    static StorageServiceJmx connect(String node, int port) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        JMXConnector connector = JMXConnectorFactory.connect(url, null);
        try {
            return new StorageServiceJmx(node, connector);
        } catch (IOException | RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    /** Whether the StorageService MBean is registered yet (it is once the node has read its schema). */
    boolean registered() {
        try {
            return connection.isRegistered(STORAGE_SERVICE);
        } catch (IOException e) {
            throw failure("isRegistered", e);
        }
    }

    /** {@code NORMAL} once the node has joined its ring; {@code STARTING}, {@code JOINING}, {@code DRAINED}... */
    String operationMode() {
        return attribute("OperationMode", String.class);
    }

    boolean nativeTransportRunning() {
        return attribute("NativeTransportRunning", Boolean.class);
    }

    String localHostId() {
        return attribute("LocalHostId", String.class);
    }

    @SuppressWarnings("unchecked")
    List<String> tokens() {
        return attribute("Tokens", List.class);
    }

    /** The nodes this node's gossip sees as UP, as {@code address:storagePort}. */
    @SuppressWarnings("unchecked")
    List<String> liveNodes() {
        return attribute("LiveNodesWithPort", List.class);
    }

    /** Every token of the ring as this node sees it, with its owner as {@code address:storagePort}. */
    @SuppressWarnings("unchecked")
    Map<String, String> tokenToEndpoint() {
        return attribute("TokenToEndpointWithPortMap", Map.class);
    }

    void forceKeyspaceFlush(String keyspace, String... tables) {
        invoke("forceKeyspaceFlush", new Object[] {keyspace, tables}, STRING, STRINGS);
    }

    void takeSnapshot(String tag, String... keyspaces) {
        invoke("takeSnapshot", new Object[] {tag, new HashMap<String, String>(), keyspaces}, STRING, MAP, STRINGS);
    }

    void clearSnapshot(String tag, String... keyspaces) {
        invoke("clearSnapshot", new Object[] {new HashMap<String, Object>(), tag, keyspaces}, MAP, STRING, STRINGS);
    }

    /** Flushes every table and stops accepting writes; the node can then be terminated without commit-log replay. */
    void drain() {
        invoke("drain", new Object[0]);
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the node is usually gone by now; its connection has nothing left to release
        }
    }

    private <T> T attribute(String name, Class<T> type) {
        try {
            return type.cast(connection.getAttribute(STORAGE_SERVICE, name));
        } catch (JMException | JMRuntimeException | IOException e) {
            throw failure(name, e);
        }
    }

    private void invoke(String operation, Object[] params, String... signature) {
        try {
            connection.invoke(STORAGE_SERVICE, operation, params, signature);
        } catch (JMException | JMRuntimeException | IOException e) {
            throw failure(operation, e);
        }
    }

    /** The node's own exception, not JMX's wrappers around it. */
    private IllegalStateException failure(String operation, Exception e) {
        Throwable cause = e;
        if (e instanceof MBeanException m && m.getTargetException() != null) {
            cause = m.getTargetException();
        } else if (e instanceof RuntimeMBeanException r && r.getTargetException() != null) {
            cause = r.getTargetException();
        }
        return new IllegalStateException("Cassandra " + node + ": StorageService " + operation + " failed: " + cause, cause);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
