package io.movedata.testkit.cassandra;

import java.util.Objects;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.datastax.oss.driver.api.core.CqlSession;

import io.movedata.testkit.SharedResourceExtension;

/**
 * JUnit 5 extension running one {@link CassandraCluster} per test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CassandraClusterExtension CASSANDRA =
 *         new CassandraClusterExtension(CassandraCluster.builder().nodes(3));
 *
 * @Test
 * void replicates() {
 *     CASSANDRA.session().execute("CREATE KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}");
 *     ...
 *     CASSANDRA.node(3).stop();
 * }
 * }</pre>
 *
 * Registered on a static field it starts the cluster before the first test of the class and
 * closes it after the last one, whether tests passed or failed (nested classes share it);
 * registered on an instance field it runs one cluster per test method. Tests that stop or kill
 * nodes leave them so for the tests after them. Test methods may also declare a
 * {@link CassandraCluster} or {@link CqlSession} parameter ({@link CassandraCluster#session()}).
 */
public final class CassandraClusterExtension extends SharedResourceExtension<CassandraCluster> implements ParameterResolver {
    private final CassandraCluster.Builder builder;

    /** An extension whose cluster is one node with {@link CassandraCluster#builder()}'s defaults. */
    public CassandraClusterExtension() {
        this(CassandraCluster.builder());
    }

    /** An extension whose cluster {@code builder} describes; each start builds a cluster from it. */
    public CassandraClusterExtension(CassandraCluster.Builder builder) {
        super("The Cassandra cluster");
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    @Override
    protected CassandraCluster open() {
        return builder.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == CassandraCluster.class || type == CqlSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CqlSession.class ? session() : cluster();
    }

    /** The running cluster. */
    public CassandraCluster cluster() {
        return resource();
    }

    /** See {@link CassandraCluster#node(int)}. */
    public CassandraNode node(int number) {
        return cluster().node(number);
    }

    /** See {@link CassandraCluster#session()}. */
    public CqlSession session() {
        return cluster().session();
    }
}
