package io.movedata.runtime.agent;

import java.io.IOException;
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
 * The JMX calls movedata makes to a Cassandra node (the backup agent, and the test kit's nodes),
 * through plain {@code javax.management}: no cassandra-all type crosses the wire, so it works
 * against any node version that keeps these attribute and operation names.
 */
public final class CassandraJmx implements AutoCloseable {
    private static final ObjectName STORAGE_SERVICE = objectName("org.apache.cassandra.db:type=StorageService");
    private static final ObjectName SNITCH = objectName("org.apache.cassandra.db:type=EndpointSnitchInfo");
    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();
    private static final String MAP = Map.class.getName();

    private final String address;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private CassandraJmx(String address, JMXConnector connector) throws IOException {
        this.address = address;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    /**
     * @throws AgentException when the node's JMX port does not answer (yet), naming it
     */
    public static CassandraJmx connect(String host, int port) {
        String address = host + ":" + port;
        JMXConnector connector = null;
        try {
            connector = JMXConnectorFactory.connect(
                    new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi"), Map.of());
            return new CassandraJmx(address, connector);
        } catch (IOException e) {
            if (connector != null) {
                closeQuietly(connector);
            }
            throw new AgentException("Cannot reach the Cassandra node's JMX at " + address + ": " + e.getMessage()
                    + " (is the node running, and is JMX enabled on that address and port?)", e);
        }
    }

    /** Whether the StorageService MBean is registered yet (it is once the node has read its schema). */
    public boolean registered() {
        try {
            return connection.isRegistered(STORAGE_SERVICE);
        } catch (IOException e) {
            throw failure("isRegistered", e);
        }
    }

    /** {@code NORMAL} once the node has joined its ring; {@code STARTING}, {@code JOINING}, {@code DRAINED}... */
    public String operationMode() {
        return (String) storageService("OperationMode");
    }

    public boolean nativeTransportRunning() {
        return (Boolean) storageService("NativeTransportRunning");
    }

    public String localHostId() {
        return (String) storageService("LocalHostId");
    }

    @SuppressWarnings("unchecked")
    public List<String> tokens() {
        return (List<String>) storageService("Tokens");
    }

    /** Host id to address, for every node of the ring. */
    @SuppressWarnings("unchecked")
    public Map<String, String> hostIdToEndpoint() {
        return (Map<String, String>) storageService("HostIdToEndpoint");
    }

    /** Every token of the ring as this node sees it, with its owner's address. */
    @SuppressWarnings("unchecked")
    public Map<String, String> tokenToEndpoint() {
        return (Map<String, String>) storageService("TokenToEndpointMap");
    }

    /** As {@link #tokenToEndpoint()}, owners as {@code address:storagePort}. */
    @SuppressWarnings("unchecked")
    public Map<String, String> tokenToEndpointWithPort() {
        return (Map<String, String>) storageService("TokenToEndpointWithPortMap");
    }

    /** The addresses this node's gossip sees as UP. */
    @SuppressWarnings("unchecked")
    public List<String> liveNodes() {
        return (List<String>) storageService("LiveNodes");
    }

    /** As {@link #liveNodes()}, as {@code address:storagePort}. */
    @SuppressWarnings("unchecked")
    public List<String> liveNodesWithPort() {
        return (List<String>) storageService("LiveNodesWithPort");
    }

    public String releaseVersion() {
        return (String) storageService("ReleaseVersion");
    }

    public String[] dataFileLocations() {
        return (String[]) storageService("AllDataFileLocations");
    }

    public String datacenter(String endpoint) {
        return (String) invoke(SNITCH, "getDatacenter", new Object[] {endpoint}, STRING);
    }

    public String rack(String endpoint) {
        return (String) invoke(SNITCH, "getRack", new Object[] {endpoint}, STRING);
    }

    public void forceKeyspaceFlush(String keyspace, String... tables) {
        invoke(STORAGE_SERVICE, "forceKeyspaceFlush", new Object[] {keyspace, tables}, STRING, STRINGS);
    }

    /** Flushes the tables, then hard-links their SSTables under {@code snapshots/<tag>/}; no entity: every keyspace. */
    public void takeSnapshot(String tag, String... entities) {
        invoke(STORAGE_SERVICE, "takeSnapshot", new Object[] {tag, Map.of(), entities}, STRING, MAP, STRINGS);
    }

    /** Removes the snapshot {@code tag}; no keyspace: from every keyspace. */
    public void clearSnapshot(String tag, String... keyspaces) {
        invoke(STORAGE_SERVICE, "clearSnapshot", new Object[] {Map.of(), tag, keyspaces}, MAP, STRING, STRINGS);
    }

    /** Flushes every table and stops accepting writes; the node can then be terminated without commit-log replay. */
    public void drain() {
        invoke(STORAGE_SERVICE, "drain", new Object[0]);
    }

    private Object storageService(String attribute) {
        try {
            return connection.getAttribute(STORAGE_SERVICE, attribute);
        } catch (JMException | JMRuntimeException | IOException e) {
            throw failure(attribute, e);
        }
    }

    private Object invoke(ObjectName mbean, String operation, Object[] arguments, String... signature) {
        try {
            return connection.invoke(mbean, operation, arguments, signature);
        } catch (JMException | JMRuntimeException | IOException e) {
            throw failure(operation, e);
        }
    }

    /** Names the node and reports its own exception, not JMX's wrappers around it. */
    private AgentException failure(String operation, Exception e) {
        Throwable cause = e;
        if (e instanceof MBeanException m && m.getTargetException() != null) {
            cause = m.getTargetException();
        } else if (e instanceof RuntimeMBeanException r && r.getTargetException() != null) {
            cause = r.getTargetException();
        }
        return new AgentException(operation + " failed on the Cassandra node at " + address + " (JMX): " + cause, cause);
    }

    @Override
    public void close() {
        closeQuietly(connector);
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException e) {
            // The node is usually gone or going; its connection has nothing left to release.
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("Not an object name: " + name, e);
        }
    }
}
