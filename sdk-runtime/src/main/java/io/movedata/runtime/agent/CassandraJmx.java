package io.movedata.runtime.agent;

import java.io.IOException;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The few JMX calls the backup agent makes to a Cassandra node, through plain
 * {@code javax.management}: no cassandra-all type crosses the wire, so the agent works against
 * any node version that keeps these operation names.
 */
final class CassandraJmx implements AutoCloseable {
    private static final String STORAGE_SERVICE = "org.apache.cassandra.db:type=StorageService";
    private static final String SNITCH = "org.apache.cassandra.db:type=EndpointSnitchInfo";

    private final String address;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private CassandraJmx(String address, JMXConnector connector) throws IOException {
        this.address = address;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    /**
     * @throws AgentException when the node's JMX port does not answer, naming it
     */
    static CassandraJmx connect(String host, int port) {
        String address = host + ":" + port;
        try {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi");
            return new CassandraJmx(address, JMXConnectorFactory.connect(url, Map.of()));
        } catch (IOException e) {
            throw new AgentException("Cannot reach the Cassandra node's JMX at " + address + ": " + e.getMessage()
                    + " (is the node running, and is JMX enabled on that address and port?)", e);
        }
    }

    String localHostId() {
        return (String) storageService("LocalHostId");
    }

    @SuppressWarnings("unchecked")
    Map<String, String> hostIdToEndpoint() {
        return (Map<String, String>) storageService("HostIdToEndpoint");
    }

    @SuppressWarnings("unchecked")
    Map<String, String> tokenToEndpoint() {
        return (Map<String, String>) storageService("TokenToEndpointMap");
    }

    @SuppressWarnings("unchecked")
    java.util.List<String> liveNodes() {
        return (java.util.List<String>) storageService("LiveNodes");
    }

    String releaseVersion() {
        return (String) storageService("ReleaseVersion");
    }

    String[] dataFileLocations() {
        return (String[]) storageService("AllDataFileLocations");
    }

    String datacenter(String endpoint) {
        return (String) invoke(SNITCH, "getDatacenter", new Object[] {endpoint}, new String[] {String.class.getName()});
    }

    String rack(String endpoint) {
        return (String) invoke(SNITCH, "getRack", new Object[] {endpoint}, new String[] {String.class.getName()});
    }

    /** Flushes the tables, then hard-links their SSTables under {@code snapshots/<tag>/}. */
    void takeSnapshot(String tag, String... entities) {
        invoke(STORAGE_SERVICE, "takeSnapshot", new Object[] {tag, Map.of(), entities},
                new String[] {String.class.getName(), Map.class.getName(), String[].class.getName()});
    }

    void clearSnapshot(String tag, String... keyspaces) {
        invoke(STORAGE_SERVICE, "clearSnapshot", new Object[] {Map.of(), tag, keyspaces},
                new String[] {Map.class.getName(), String.class.getName(), String[].class.getName()});
    }

    private Object storageService(String attribute) {
        try {
            return connection.getAttribute(new ObjectName(STORAGE_SERVICE), attribute);
        } catch (JMException | IOException e) {
            throw new AgentException("Cannot read " + attribute + " of the node at " + address + " through JMX: "
                    + e.getMessage(), e);
        }
    }

    private Object invoke(String mbean, String operation, Object[] arguments, String[] signature) {
        try {
            return connection.invoke(new ObjectName(mbean), operation, arguments, signature);
        } catch (JMException | IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new AgentException(operation + " failed on the node at " + address + ": " + cause.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // The connection is gone either way; nothing the agent did depends on closing it cleanly.
        }
    }
}
